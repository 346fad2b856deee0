// The media library in a real browser: a reporter writes a draft, opens the library from the
// article form, is refused a fake image (what she typed stays), uploads a real photo with its
// alt text, and the photo becomes the draft's main image, shown from its renditions.
// Screenshots of the library page and of the article form with its main image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests, signIn } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;

const browser = chromiumForTests();

test('a reporter uploads a photo and makes it the main image of a new article', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().method() === 'GET') {
      problems.push(`${r.status()} ${r.url()}`);
    }
  });

  await signIn(page, base, 'reporter', 'reporter password 1');

  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.getByLabel('Title').fill('Les quais de la Seine sous les eaux');
  await page.getByLabel('Lead').fill('La crue a atteint les quais bas de Paris.');
  // The body through the rich-text editor, once it has replaced the textarea.
  await page.locator('#body-editor[contenteditable="true"]').click();
  await page.keyboard.type('Les promeneurs ont été évacués.');
  await page.getByLabel('Section').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
  const articleUrl = page.url().replace(/\?saved=1$/, '');
  await page.getByText('No main image.').waitFor();

  await page.getByRole('link', { name: 'Choose or upload an image' }).click();
  await page.waitForURL(/\/admin\/media\?article=\d+$/);
  await page.getByText('Choosing the main image of').waitFor();
  // The name proposed for the file is the article's slug.
  assert.equal(await page.getByLabel('File name', { exact: true }).inputValue(), 'les-quais-de-la-seine-sous-les-eaux');

  // A text file named .jpg is refused with the reason; the words typed are kept.
  await page.getByLabel('Image file', { exact: true }).setInputFiles({
    name: 'crue.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('This is not a photo.\n'),
  });
  await page.getByLabel('Alt text', { exact: true }).fill('Un quai de Seine inondé, des bancs sous l’eau');
  await page.getByLabel('Caption', { exact: true }).fill('Le quai de la Tournelle, mardi matin.');
  await page.getByLabel('Credit', { exact: true }).fill('AFP');
  await page.getByRole('button', { name: 'Upload and use as main image' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /not a supported image \(found: text\/plain\)/);
  assert.equal(await page.getByLabel('Alt text', { exact: true }).inputValue(), 'Un quai de Seine inondé, des bancs sous l’eau');
  assert.equal(await page.getByLabel('Credit', { exact: true }).inputValue(), 'AFP');

  // A real photo (the demo's own, fetched from the site) goes through.
  const photo = await page.request.get(base + '/media/jens-stoltenberg-nato-commerce.jpg');
  assert.equal(photo.status(), 200);
  await page.getByLabel('Image file', { exact: true }).setInputFiles({
    name: 'IMG_2044.JPG', mimeType: 'image/jpeg', buffer: await photo.body(),
  });
  await page.getByRole('button', { name: 'Upload and use as main image' }).click();
  await page.waitForURL(articleUrl + '?saved=1');

  const figure = page.locator('.main-image img');
  await figure.waitFor();
  assert.equal(await figure.getAttribute('alt'), 'Un quai de Seine inondé, des bancs sous l’eau');
  const src = await figure.getAttribute('src');
  assert.match(src, /^\/media\/\d{4}\/\d{2}\/les-quais-de-la-seine-sous-les-eaux-320\.jpg$/);
  await page.waitForFunction(() => {
    const img = document.querySelector('.main-image img');
    return img && img.complete && img.naturalWidth === 320;
  });
  await page.screenshot({ path: `${shots}/admin-article-main-image.png`, fullPage: true });

  // The library lists it; a search by caption finds it.
  await page.goto(base + '/admin/media?q=Tournelle');
  await page.getByText('Le quai de la Tournelle, mardi matin.').waitFor();
  await page.screenshot({ path: `${shots}/admin-media-library.png`, fullPage: true });

  assert.deepEqual(problems, []);
  await context.close();
});
