// Deleting from the media library in a real browser: the reference article's photo lists the
// article that shows it and cannot be deleted; an editor uploads a photo no article uses,
// deletes it, and its file is gone from the site. Screenshot of the image page with its
// "Used by" list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests, signIn } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;

const browser = chromiumForTests();

test('an image in use lists its articles; an unused one is deleted with its file', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await signIn(page, base, 'editor', 'editor password 1');

  // The reference article's photo: used, so no delete button.
  await page.goto(base + '/admin/media?q=jens-stoltenberg-nato-commerce');
  await page.locator('.media-file a').first().click();
  await page.waitForURL(/\/admin\/media\/\d+$/);
  await page.getByRole('heading', { name: 'Used by' }).waitFor();
  const users = page.locator('.used-by li a');
  assert.ok((await users.count()) >= 1);
  assert.match(await users.first().getAttribute('href'), /^\/admin\/articles\/\d+$/);
  assert.equal(await page.getByRole('button', { name: 'Delete this image' }).count(), 0);
  await page.getByText('Articles show this image').waitFor();
  await page.screenshot({ path: `${shots}/admin-media-used-by.png`, fullPage: true });

  // A photo no article uses.
  const photo = await page.request.get(base + '/media/jens-stoltenberg-nato-commerce.jpg');
  assert.equal(photo.status(), 200);
  await page.goto(base + '/admin/media');
  await page.getByLabel('Image file', { exact: true }).setInputFiles({
    name: 'spare.jpg', mimeType: 'image/jpeg', buffer: await photo.body(),
  });
  await page.getByLabel('Alt text', { exact: true }).fill('A spare photo');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page.waitForURL(/\/admin\/media\/\d+\?uploaded=1$/);
  await page.getByText('No article has this image as its main image.').waitFor();
  const file = await page.locator('.media-file a').getAttribute('href');
  assert.equal((await page.request.get(base + file)).status(), 200);

  await page.getByRole('button', { name: 'Delete this image' }).click();
  await page.waitForURL(base + '/admin/media?done=deleted');
  await page.getByText('Image deleted.').waitFor();
  assert.equal((await page.request.get(base + file)).status(), 404);

  assert.deepEqual(problems, []);
  await context.close();
});
