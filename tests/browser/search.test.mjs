// Search in a real browser: a reader types words in the header's search box, presses Enter
// and sees highlighted results on the localized search page; a screenshot is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;

const browser = chromiumForTests();

test('the header search box finds the reference article', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/fr/');
  const box = page.getByRole('searchbox', { name: 'Rechercher dans les articles' }).first();
  await box.fill('coopération Russie');
  await Promise.all([page.waitForURL(/\/fr\/search\?q=/), box.press('Enter')]);
  const title = page.locator('.search-result__title a', {
    hasText: "L'OTAN envoie un message à la Russie et à la Chine",
  });
  await title.first().waitFor();
  assert.ok(await page.locator('.search-results mark').count() >= 1, 'matches are highlighted');
  assert.equal(await page.locator('#search-page-q').inputValue(), 'coopération Russie');
  await page.screenshot({ path: `${shots}/search-desktop.png`, fullPage: true });
  await title.first().click();
  await page.waitForURL(/l-otan-envoie-un-message/);
  await page.close();
});
