// The article body editor (TipTap, admin/src/editor.js) in a real browser: it replaces the
// body textarea, its toolbar works with the mouse and the keyboard, bold text typed with it
// is stored as <strong>, labels follow the admin's language, and without JavaScript the
// plain textarea still saves. Screenshot: admin-rich-editor.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;
let articleUrl;  // the editor's article, from the first test

const browser = chromiumForTests();

async function login(page, username, password) {
  await page.goto(base + '/admin/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(base + '/admin');
}

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

async function fillArticleFields(page, title) {
  await page.locator('#title').fill(title);
  await page.locator('#lead').fill('Un chapeau pour tester l’éditeur.');
  await page.locator('#section_id').selectOption({ index: 1 });
}

test('typing bold text with the toolbar stores <strong> in the body', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await login(page, 'editor', 'editor password 1');
  await page.goto(base + '/admin/articles/new');

  // The editor replaced the textarea, which stays in the form, hidden.
  const surface = page.getByRole('textbox', { name: 'Body (HTML)' });
  await surface.waitFor();
  assert.equal(await surface.getAttribute('contenteditable'), 'true');
  assert.equal(await page.locator('textarea#body').isVisible(), false, 'textarea hidden');
  const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
  for (const name of ['Bold', 'Italic', 'Heading', 'Subheading', 'Bulleted list', 'Numbered list',
                      'Quotation', 'Link', 'Undo', 'Redo', 'HTML source']) {
    assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, `button ${name}`);
  }

  await fillArticleFields(page, 'L’éditeur met en gras');
  await surface.click();
  await page.keyboard.type('Un mot ');
  await toolbar.getByRole('button', { name: 'Bold', exact: true }).click();
  assert.equal(await toolbar.getByRole('button', { name: 'Bold', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.keyboard.type('très important');
  await toolbar.getByRole('button', { name: 'Bold', exact: true }).click();
  await page.keyboard.type(' dans la phrase.');
  await page.keyboard.press('Enter');
  // A subheading, then a bulleted list, through the toolbar too.
  await toolbar.getByRole('button', { name: 'Heading', exact: true }).click();
  await page.keyboard.type('Un intertitre');
  await page.keyboard.press('Enter');
  await toolbar.getByRole('button', { name: 'Bulleted list', exact: true }).click();
  await page.keyboard.type('premier point');

  // Keyboard: Alt+F10 jumps from the text to the toolbar, arrows move within it.
  await surface.focus();
  await page.keyboard.press('Alt+F10');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Bold');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Italic');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'HTML source');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement.id === 'body-editor');

  await page.screenshot({ path: `${shots}/admin-rich-editor.png`, fullPage: true });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
  articleUrl = page.url().replace(/\?saved=1$/, '');
  const stored = await page.locator('textarea#body').inputValue();
  assert.match(stored, /<strong>très important<\/strong>/, stored);
  assert.match(stored, /<h2>Un intertitre<\/h2>/, stored);
  assert.match(stored, /<ul><li><p>premier point<\/p><\/li><\/ul>/, stored);
  // The stored body is what readers get, in the preview too.
  const preview = await page.request.get(articleUrl + '/preview');
  assert.match(await preview.text(), /<strong>très important<\/strong>/);
  // Reopened, the editor shows it in bold.
  await page.getByRole('textbox', { name: 'Body (HTML)' }).locator('strong').getByText('très important').waitFor();
  assert.deepEqual(errors, [], 'no script or CSP errors');
  await context.close();
});

test('the toolbar speaks French in the French admin, and links and undo work', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await login(page, 'editor', 'editor password 1');
  await page.goto(base + '/admin/articles/new');
  const toolbar = page.getByRole('toolbar', { name: 'Mise en forme' });
  await toolbar.waitFor();
  for (const name of ['Gras', 'Italique', 'Intertitre', 'Liste à puces', 'Citation', 'Lien', 'Annuler', 'Rétablir']) {
    assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, `bouton ${name}`);
  }
  const surface = page.getByRole('textbox', { name: 'Corps (HTML)' });
  await surface.click();
  await page.keyboard.type('Selon RIA Novosti');
  await page.keyboard.press('Shift+Home');
  page.once('dialog', (d) => d.accept('https://ria.ru/'));
  await toolbar.getByRole('button', { name: 'Lien', exact: true }).click();
  await surface.locator('a[href="https://ria.ru/"]').waitFor();
  await toolbar.getByRole('button', { name: 'Annuler', exact: true }).click();
  assert.equal(await surface.locator('a').count(), 0, 'undone');
  await toolbar.getByRole('button', { name: 'Rétablir', exact: true }).click();
  assert.equal(await surface.locator('a[href="https://ria.ru/"]').count(), 1, 'redone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('whoever opens an article being edited sees who is editing it', async () => {
  assert.ok(articleUrl, 'the first test ran');
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 }, locale: 'en-US' });
  const page = await context.newPage();
  await login(page, 'reporter', 'reporter password 1');
  await page.goto(articleUrl);
  const notice = page.locator('.editing-notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /^editor is editing this article \(since \d\d:\d\d\)\.$/);
  // Not her article: read-only, without the editor.
  await page.getByText('Reporters change only their own articles').waitFor();
  assert.equal(await page.locator('.rich-toolbar').count(), 0);
  await page.screenshot({ path: `${shots}/admin-being-edited.png` });
  await context.close();
});

test('without JavaScript the plain textarea still saves the body', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US',
                                             javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, 'editor', 'editor password 1');
  await page.goto(base + '/admin/articles/new');
  assert.equal(await page.locator('.rich-toolbar').count(), 0);
  await fillArticleFields(page, 'Sans JavaScript');
  await page.locator('textarea#body').fill('<p>Écrit <strong>à la main</strong>.</p>');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
  assert.equal(await page.locator('textarea#body').inputValue(), '<p>Écrit <strong>à la main</strong>.</p>');
  await context.close();
});
