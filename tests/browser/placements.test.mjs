// Featured articles in a real browser: an editor opens the home page's featured list of the
// French edition, moves its first article down (a plain POST form, no script), and the
// public home page shows the new order. Screenshots of the admin list, the public home and
// the sections page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForTests, signIn } from './chromium.mjs';

const base = process.env.GAZETTE_URL;
const shots = process.env.SCREENSHOT_DIR;

const browser = chromiumForTests();

const featuredTitles = '.featured .top-story__title a, .featured .card__title a';

// The featured titles of the public French home page, in order, as a reader who has not
// seen it yet gets it (public pages may be kept by browsers for a minute).
async function publicFeatured() {
  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await reader.newPage();
  await page.goto(base + '/fr/');
  const titles = await page.locator(featuredTitles).allInnerTexts();
  return { reader, page, titles };
}

test('an editor reorders the home page featured articles and readers see the new order', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });

  const first = await publicFeatured();
  const before = first.titles;
  await first.reader.close();
  assert.ok(before.length >= 2, `the demo home has featured articles (${before.length})`);

  await signIn(page, base, 'editor', 'editor password 1');
  await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Featured' }).click();
  await page.getByRole('heading', { name: /^Featured — Home page$/ }).waitFor();
  const listed = await page.locator('ol.placed .placed-title > a').allInnerTexts();
  assert.deepEqual(listed, before, 'the admin lists the featured articles in their public order');

  await page.getByRole('button', { name: `Move down: ${before[0]}` }).click();
  await page.waitForURL(/\/admin\/placements\?edition=fr&slot=home&saved=1$/);
  await page.getByText('Saved. The public page shows the new order.').waitFor();
  const expected = [before[1], before[0], ...before.slice(2)];
  assert.deepEqual(await page.locator('ol.placed .placed-title > a').allInnerTexts(), expected);
  await page.screenshot({ path: `${shots}/admin-placements.png`, fullPage: true });

  // The serving process evicts the home page within its change-poll interval.
  let now = [];
  for (let i = 0; i < 40; i++) {
    const seen = await publicFeatured();
    now = seen.titles;
    if (JSON.stringify(now) === JSON.stringify(expected)) {
      await seen.page.locator('.featured').screenshot({ path: `${shots}/home-featured-reordered.png` });
      await seen.reader.close();
      break;
    }
    await seen.reader.close();
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(now, expected, 'the public home page shows the new order');

  // Put the order back, so that the other suites see the demo as it was made.
  await page.goto(base + '/admin/placements?edition=fr&slot=home');
  await page.getByRole('button', { name: `Move up: ${before[0]}` }).click();
  await page.waitForURL(/saved=1$/);
  assert.deepEqual(await page.locator('ol.placed .placed-title > a').allInnerTexts(), before);
  // The section tree of the edition, with its form for a new section.
  await page.getByRole('navigation', { name: 'Newsroom' }).getByRole('link', { name: 'Sections' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sections' }).waitFor();
  await page.screenshot({ path: `${shots}/admin-sections.png`, fullPage: true });
  assert.deepEqual(problems, [], 'no script errors and no failed requests');
  await context.close();
});
