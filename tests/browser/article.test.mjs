// The reference article in a real browser: every element a reader sees, the "Copier le
// lien" button (clipboard, or the visible fallback), and a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;
const articlePath = '/fr/international/amerique/l-otan-envoie-un-message-a-la-russie-et-a-la-chine';

const browser = chromiumForTests();

test('reference article shows every element of the reference page', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(base + articlePath);
  assert.equal(response.status(), 200);
  // innerText follows CSS, and the theme sets some labels in capitals.
  const text = (await page.locator('body').innerText()).toLowerCase();
  for (const expected of ['International', 'Amérique', 'Russie',
                          "L'OTAN envoie un message à la Russie et à la Chine",
                          '11 juillet 2024', '08:32', 'OTAN', 'Selon RIA Novosti', 'Copier le lien']) {
    assert.ok(text.includes(expected.toLowerCase()), `page shows "${expected}"`);
  }
  assert.ok(!/DNUM_/.test(await page.content()), 'no translation placeholder');
  const img = page.locator('figure img').first();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'main image loads');
  await page.screenshot({ path: `${shots}/article-desktop.png`, fullPage: true });
  await page.close();
});

test('copy link puts the canonical URL on the clipboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  await page.goto(base + articlePath);
  await page.getByRole('button', { name: /Copier le lien/ }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.endsWith(articlePath), `clipboard holds the article URL, got "${copied}"`);
  await page.waitForFunction(() => document.body.innerText.includes('Lien copié'));
  await context.close();
});

test('copy link falls back to a selected field without the clipboard API', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
  const page = await context.newPage();
  await page.goto(base + articlePath);
  await page.getByRole('button', { name: /Copier le lien/ }).click();
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return el && 'value' in el ? el.value.substring(el.selectionStart, el.selectionEnd) : '';
  });
  assert.ok(selected.endsWith(articlePath), `the URL is selected for copying, got "${selected}"`);
  await page.screenshot({ path: `${shots}/article-mobile.png`, fullPage: false });
  await context.close();
});

test('home page lists featured and latest articles', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(base + '/fr/');
  assert.equal(response.status(), 200);
  const links = await page.locator(`a[href$="${articlePath}"]`).count();
  assert.ok(links >= 1, 'the reference article is linked from the home page');
  await page.screenshot({ path: `${shots}/home-desktop.png`, fullPage: false });
  await page.close();
});
