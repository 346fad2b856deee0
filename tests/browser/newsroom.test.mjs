// The newsroom in a real browser: a reporter logs in, writes and submits an article and
// cannot publish it; an editor publishes it; it appears on the public site. Screenshots of
// the login page, the dashboard, the editor form (laptop and tablet) and the published page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;
const title = 'Le Mékong atteint une crue historique';

const browser = chromiumForTests();

async function login(page, username, password) {
  await page.goto(base + '/admin');
  assert.match(page.url(), /\/admin\/login$/, 'logged-out visitors land on the login form');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(base + '/admin');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

let articleUrl;

test('a reporter writes and submits an article but cannot publish it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const scriptErrors = [];
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  page.on('console', (m) => {
    // Resource failures are checked by URL below (the browser asks for /favicon.ico itself).
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) scriptErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().method() === 'GET') {
      scriptErrors.push(`${r.status()} ${r.url()}`);
    }
  });

  await page.goto(base + '/admin/login');
  await page.screenshot({ path: `${shots}/admin-login.png` });
  await login(page, 'reporter', 'reporter password 1');
  await page.screenshot({ path: `${shots}/admin-dashboard.png`, fullPage: true });

  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Lead').fill('Le fleuve a dépassé son plus haut niveau depuis un siècle.');
  // Raw HTML goes through the editor's HTML source view (the textarea it enhances).
  await page.getByRole('button', { name: 'HTML source' }).click();
  await page.locator('textarea#body').fill(
    '<p>Les eaux montent depuis trois jours.</p><script>alert("x")</script><h2>Évacuations</h2><p>Des milliers de familles ont quitté leurs maisons.</p>');
  await page.getByLabel('Section').selectOption({ index: 1 });
  await page.getByLabel('Tags').fill('Climat, Asie');
  await page.getByLabel('Source (agency)').fill('AFP');
  // Keyboard only: the submit button is reachable with Tab and activated with Enter.
  await page.getByRole('button', { name: 'Save and submit for review' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
  articleUrl = page.url().replace(/\?saved=1$/, '');
  await page.getByText('Saved.').waitFor();
  assert.equal(await page.locator('.meta .status').innerText(), 'In review');
  assert.equal(await page.getByRole('button', { name: 'Publish' }).count(), 0, 'no publish button');
  assert.ok(!(await page.locator('textarea#body').inputValue()).includes('<script'), 'body sanitized');
  await page.screenshot({ path: `${shots}/admin-editor.png`, fullPage: true });

  // A forged publish request with the reporter's own valid session and token is refused.
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const revision = await page.locator('input[name="revision"]').inputValue();
  const forged = await page.request.post(articleUrl, {
    form: { csrf, revision, action: 'published', title, edition: 'fr',
            section_id: await page.getByLabel('Section').inputValue() },
    maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  await page.reload();
  assert.equal(await page.locator('.meta .status').innerText(), 'In review', 'nothing changed');

  const tablet = await context.newPage();
  await tablet.setViewportSize({ width: 768, height: 1024 });
  await tablet.goto(articleUrl);
  await tablet.screenshot({ path: `${shots}/admin-editor-tablet.png`, fullPage: true });
  assert.deepEqual(scriptErrors, [], 'no script or CSP errors');
  await context.close();
});

test('an editor publishes it and it appears on the public site', async () => {
  assert.ok(articleUrl, 'the reporter test ran first');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await login(page, 'editor', 'editor password 1');
  const review = page.getByRole('region', { name: 'In review' });
  await review.getByRole('link', { name: title }).click();
  await page.waitForURL(articleUrl);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.waitForURL(/\?saved=1$/);
  assert.equal(await page.locator('.meta .status').innerText(), 'Published');
  // Its revisions, and what changed since the first one.
  await page.getByRole('link', { name: 'Revisions' }).click();
  await page.getByRole('link', { name: 'Compare with the current revision' }).last().click();
  await page.getByRole('heading', { name: /^Changes 1/ }).waitFor();
  await page.screenshot({ path: `${shots}/admin-revisions.png`, fullPage: true });
  await page.goto(articleUrl);
  await page.getByRole('link', { name: 'Public page' }).click();
  // The serving process evicts the affected pages within its change-poll interval.
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const text = await page.locator('body').innerText();
  assert.ok(text.includes('Des milliers de familles ont quitté leurs maisons.'));
  assert.ok(!(await page.content()).includes('alert("x")'), 'no script from the body');
  await page.screenshot({ path: `${shots}/newsroom-published.png`, fullPage: true });

  // It is on its edition's home page too (after the change feed is followed).
  let onHome = false;
  for (let i = 0; i < 40 && !onHome; i++) {
    const home = await page.goto(base + '/fr/');
    onHome = (await home.text()).includes(title);
    if (!onHome) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(onHome, 'the home page lists the new article');
  await context.close();
});
