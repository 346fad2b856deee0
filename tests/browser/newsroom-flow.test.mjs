// The newsroom from start to finish in a real browser: a reporter writes an article with the
// rich-text editor (bold text), gives it a photo she uploads (a JPEG drawn by the test) with
// its alt text, and submits it for review; she cannot publish it, not even with a forged
// request. An editor schedules it a few seconds ahead, typed in the edition's time zone; the
// server's scheduler publishes it at that time and not before. A second editor who opened the
// article before that save has her stale save refused, her text kept. Screenshots: the editor
// form with its photo (flow-editor.png) and the published public page (flow-published.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests, signIn } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;
const title = 'Le delta du Mékong face à la montée des eaux';
const lead = 'Les rizières reculent devant le sel, village après village.';
let articleUrl;

const browser = chromiumForTests();

function login(page, username, password) {
  return signIn(page, base, username, password);
}

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().method() === 'GET') {
      errors.push(`${r.status()} ${r.url()}`);
    }
  });
  return errors;
}

// A real JPEG, drawn in the browser: sky, water and a sun, 1200×800.
async function drawPhoto(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 800;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 500);
    sky.addColorStop(0, '#2f6fb0');
    sky.addColorStop(1, '#f2c27a');
    g.fillStyle = sky;
    g.fillRect(0, 0, 1200, 500);
    g.fillStyle = '#1d5c63';
    g.fillRect(0, 500, 1200, 300);
    g.fillStyle = '#f7e37a';
    g.beginPath();
    g.arc(900, 380, 90, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#3c7a3a';
    for (let x = 0; x < 1200; x += 60) g.fillRect(x, 470 + ((x / 60) % 3) * 6, 40, 40);
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

// "YYYY-MM-DDTHH:MM:SS" of the instant `ms` on the wall clock of `zone`.
function localDateTime(ms, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

test('a reporter writes an article with a photo and submits it, but cannot publish it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await login(page, 'reporter', 'reporter password 1');

  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Lead').fill(lead);
  await page.getByLabel('Section').selectOption({ index: 1 });
  // The rich-text editor replaces the body textarea once its script has run.
  const surface = page.locator('#body-editor[contenteditable="true"]');
  await surface.waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Body (HTML)' }).getAttribute('id'), 'body-editor');
  const bold = page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold', exact: true });
  await surface.click();
  await page.keyboard.type('Dans la province de Bến Tre, ');
  await bold.click();
  await page.keyboard.type('l’eau salée remonte à 90 kilomètres');
  await bold.click();
  await page.keyboard.type(' à l’intérieur des terres.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\?saved=1$/);
  articleUrl = page.url().replace(/\?saved=1$/, '');

  await page.getByRole('link', { name: 'Choose or upload an image' }).click();
  await page.waitForURL(/\/admin\/media\?article=\d+$/);
  await page.getByLabel('Image file', { exact: true }).setInputFiles({
    name: 'DSC_0412.JPG', mimeType: 'image/jpeg', buffer: await drawPhoto(page),
  });
  await page.getByLabel('Alt text', { exact: true }).fill('Des rizières au bord d’un bras du Mékong, au coucher du soleil');
  await page.getByLabel('Caption', { exact: true }).fill('Une rizière de la province de Bến Tre.');
  await page.getByLabel('Credit', { exact: true }).fill('Gazette');
  await page.getByRole('button', { name: 'Upload and use as main image' }).click();
  await page.waitForURL(articleUrl + '?saved=1');
  const figure = page.locator('.main-image img');
  assert.equal(await figure.getAttribute('alt'), 'Des rizières au bord d’un bras du Mékong, au coucher du soleil');
  await page.waitForFunction(() => {
    const img = document.querySelector('.main-image img');
    return img && img.complete && img.naturalWidth > 0;
  });

  await page.getByRole('button', { name: 'Save and submit for review' }).click();
  await page.waitForURL(articleUrl + '?saved=1');
  assert.equal(await page.locator('.meta .status').innerText(), 'In review');
  assert.match(await page.locator('textarea#body').inputValue(), /<strong>l’eau salée remonte à 90 kilomètres<\/strong>/);
  await surface.locator('strong').getByText('l’eau salée remonte').waitFor();
  await page.screenshot({ path: `${shots}/flow-editor.png`, fullPage: true });

  // No control to publish or schedule...
  for (const name of ['Publish', 'Schedule']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `no ${name} button`);
  }
  assert.equal(await page.locator('#scheduled_at').count(), 0, 'no schedule field');
  // ...and a forged request with her own session and token is refused and changes nothing.
  const csrf = await page.locator('.article-form input[name="csrf"]').inputValue();
  const revision = await page.locator('input[name="revision"]').inputValue();
  const forged = await page.request.post(articleUrl, {
    form: { csrf, revision, action: 'published', title: 'Titre forgé', lead, edition: 'fr',
            section_id: await page.getByLabel('Section').inputValue() },
    maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  await page.goto(articleUrl);
  assert.equal(await page.locator('.meta .status').innerText(), 'In review');
  assert.equal(await page.getByLabel('Title').inputValue(), title);
  assert.equal(await page.locator('input[name="revision"]').inputValue(), revision, 'no new revision');
  assert.deepEqual(errors, [], 'no script errors or failed requests');
  await context.close();
});

test('an editor schedules it; it is published at its time; a stale save is refused', async () => {
  assert.ok(articleUrl, 'the reporter test ran first');
  // The second editor opens the article first and starts changing the lead.
  const late = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const latePage = await late.newPage();
  await login(latePage, 'editor2', 'editor password 2');
  await latePage.goto(articleUrl);
  const theirLead = 'Un chapeau réécrit par la seconde éditrice.';
  await latePage.getByLabel('Lead').fill(theirLead);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await login(page, 'editor', 'editor password 1');
  await page.getByRole('region', { name: 'In review' }).getByRole('link', { name: title }).click();
  await page.waitForURL(articleUrl);

  // The field says its zone: the edition's, not the browser's or the server's.
  const label = await page.locator('label[for="scheduled_at"]').innerText();
  const zone = /\(([^)]+)\)\s*$/.exec(label)?.[1];
  assert.ok(zone && zone !== 'UTC', `the French edition's zone is shown: ${label}`);
  const due = Date.now() + 8000;
  const typed = localDateTime(due, zone);
  await page.locator('#scheduled_at').fill(typed);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await page.waitForURL(articleUrl + '?saved=1');
  assert.equal(await page.locator('.meta .status').innerText(), 'Scheduled');
  // Shown back to the minute in the same zone.
  assert.equal(await page.locator('.meta time').innerText(), `${typed.slice(0, 16).replace("T", " ")} (${zone})`);
  assert.equal(await page.getByRole('link', { name: 'Public page' }).count(), 0);

  // The stale save: refused with a clear message, her text still in the form, nothing stored.
  await latePage.getByRole('button', { name: 'Save', exact: true }).click();
  await latePage.getByRole('alert').waitFor();
  assert.match(await latePage.getByRole('alert').innerText(), /Someone else saved this article while you were editing it\. Nothing was saved/);
  assert.equal(await latePage.getByLabel('Lead').inputValue(), theirLead, 'her text is kept');
  await late.close();

  // Not on the public site before its time; on it at its time (the scheduler runs every few
  // seconds, so it may appear a little after).
  const home = base + '/fr/';
  let seenAt = 0;
  while (Date.now() < due + 20000) {
    const before = Date.now();
    const listed = (await (await page.request.get(home)).text()).includes(title);
    if (listed) {
      seenAt = before;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(seenAt > 0, 'published by the scheduler');
  assert.ok(seenAt >= due - 1000, `not listed before its time (${due - seenAt} ms early)`);

  await page.goto(home);
  await page.getByRole('link', { name: title }).first().click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(await page.locator('strong', { hasText: 'l’eau salée remonte à 90 kilomètres' }).count(), 1);
  assert.ok(!(await page.locator('body').innerText()).includes(theirLead), 'the stale save stored nothing');
  const photo = page.locator('img[alt="Des rizières au bord d’un bras du Mékong, au coucher du soleil"]');
  await photo.first().waitFor();
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  await page.getByText('Une rizière de la province de Bến Tre.').first().waitFor();
  await page.screenshot({ path: `${shots}/flow-published.png`, fullPage: true });

  await page.goto(articleUrl);
  assert.equal(await page.locator('.meta .status').innerText(), 'Published');
  assert.equal(await page.getByLabel('Lead').inputValue(), lead);
  assert.deepEqual(errors, [], 'no script errors or failed requests');
  await context.close();
});
