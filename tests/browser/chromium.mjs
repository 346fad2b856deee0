// Debian's Chromium for the browser tests. The background-networking flags keep it from
// reaching for the internet, which this network refuses; no browser is ever downloaded.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Starts Chromium before the calling file's tests and closes it after them. Returns the
// browser's newContext and newPage, usable inside the tests.
export function chromiumForTests() {
  let browser;
  before(async () => {
    assert.ok(process.env.GAZETTE_URL, 'GAZETTE_URL must be set (run through tests/browser/run.sh)');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    newContext: (options) => browser.newContext(options),
    newPage: (options) => browser.newPage(options),
  };
}

// Signs in to the newsroom at `base` and waits for the dashboard's address.
export async function signIn(page, base, username, password) {
  await page.goto(base + '/admin/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(base + '/admin');
}
