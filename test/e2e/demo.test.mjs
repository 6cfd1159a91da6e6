// The demo (demo/serve.mjs + demo/index.html) end to end: its server's headers and path
// handling, then the page in Chromium: a live code, "Simulate scan", a fault, the language
// switch and the "Use the real GREEN-API" form.
//
// UPDATE_SCREENSHOT=1 node --test test/e2e/demo.test.mjs  also rewrites demo/screenshot.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { DEMO_INSTANCE } from '../../demo/emulator/server.mjs';
import { startDemo } from '../../demo/serve.mjs';
import {
  assertCleanPage,
  controlApi,
  expectCodeOnScreen,
  expectTokenNotInDom,
  launchChromium,
  readQrOffScreen,
  requireBuild,
  strictCsp,
  watchPage,
} from './helpers.mjs';

const SCREENSHOT = fileURLToPath(new URL('../../demo/screenshot.png', import.meta.url));

/**
 * A raw GET: unlike fetch, node:http sends the path exactly as given, `..` and all.
 * @param {string} baseUrl
 * @param {string} path
 * @param {string} [method]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
 */
function rawRequest(baseUrl, path, method = 'GET') {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A CSP header as a map of directive → sorted sources, so spacing does not matter.
 * @param {string} header
 */
function parseCsp(header) {
  return Object.fromEntries(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name, ...sources]) => [name, sources.sort()]),
  );
}

describe('demo', () => {
  /** @type {Awaited<ReturnType<typeof startDemo>>} */
  let demo;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {ReturnType<typeof controlApi>} */
  let control;

  before(async () => {
    requireBuild();
    demo = await startDemo({ port: 0, emulatorPort: 0 });
    control = controlApi(demo.emulatorUrl);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  describe('server', () => {
    it('serves the page, its assets and the bundles with the right types and a strict CSP', async () => {
      const expected = {
        '/': 'text/html; charset=utf-8',
        '/index.html': 'text/html; charset=utf-8',
        '/demo.js': 'text/javascript; charset=utf-8',
        '/demo.css': 'text/css; charset=utf-8',
        '/screenshot.png': 'image/png',
        '/dist/greenapi-qr.iife.js': 'text/javascript; charset=utf-8',
        '/dist/greenapi-qr.min.js': 'text/javascript; charset=utf-8',
        '/demo-config.json': 'application/json; charset=utf-8',
      };
      const emulatorOrigin = new URL(demo.emulatorUrl).origin;
      for (const [path, type] of Object.entries(expected)) {
        const { status, headers } = await rawRequest(demo.url, path);
        assert.equal(status, 200, path);
        assert.equal(headers['content-type'], type, path);
        assert.equal(headers['x-content-type-options'], 'nosniff', path);
        assert.deepEqual(parseCsp(String(headers['content-security-policy'])), parseCsp(strictCsp(emulatorOrigin)), `${path}: the strict CSP`);
      }
    });

    it('hands the page the emulator and the demo instance', async () => {
      const { body } = await rawRequest(demo.url, '/demo-config.json');
      assert.deepEqual(JSON.parse(body), {
        apiUrl: demo.emulatorUrl,
        idInstance: DEMO_INSTANCE.idInstance,
        apiTokenInstance: DEMO_INSTANCE.apiTokenInstance,
      });
    });

    it('refuses path traversal, hidden files and its own sources', async () => {
      const paths = [
        '/../package.json',
        '/dist/../../package.json',
        '/dist/../package.json',
        '/%2e%2e/package.json',
        '/%2E%2E%2Fpackage.json',
        '/dist/%2e%2e/%2e%2e/package.json',
        '/..%5cpackage.json',
        '/%00index.html',
        '/emulator/server.mjs',
        '/serve.mjs',
        '/../.git/config',
        '/dist/../src/greenapi-qr.ts',
        '/nope.html',
      ];
      for (const path of paths) {
        const { status, body } = await rawRequest(demo.url, path);
        assert.ok(status === 404 || status === 400, `${path} → ${status}`);
        assert.doesNotMatch(body, /"name": "greenapi-qr"|startEmulator|\[core\]|LitElement/, `${path} leaked a file`);
      }
    });

    it('answers only GET and HEAD', async () => {
      assert.equal((await rawRequest(demo.url, '/', 'POST')).status, 405);
      const head = await rawRequest(demo.url, '/', 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
    });
  });

  describe('page', () => {
    it('shows a live code, links on "Simulate scan", and shows a 401 fault in the element and the log', async () => {
      await control.call('POST', `/instances/${DEMO_INSTANCE.idInstance}/reset`);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const watcher = await watchPage(page);
      await page.goto(demo.url);

      // A live code from the emulator's demo instance.
      await expectCodeOnScreen(page, control, DEMO_INSTANCE.idInstance, 'the code on screen is the demo instance’s');
      assert.equal(await page.locator('#status-pill').textContent(), 'qr');
      await page.locator('#log li[data-type="status"]', { hasText: 'loading → qr' }).waitFor();
      // Credentials are properties, so the demo token is not in the DOM.
      await expectTokenNotInDom(page, DEMO_INSTANCE.apiTokenInstance);

      // The phone scans: the element fires authorized and the log shows it.
      await page.getByRole('button', { name: 'Simulate scan' }).click();
      const authorized = page.locator('#log li[data-type="authorized"]');
      await authorized.waitFor({ timeout: 10_000 });
      assert.match(String(await authorized.textContent()), new RegExp(`\\{"idInstance":"${DEMO_INSTANCE.idInstance}"\\}`));
      await page.waitForSelector('greenapi-qr[status="authorized"]');
      assert.equal(await page.locator('greenapi-qr [part="message"]').textContent(), 'WhatsApp is connected.');
      await page.locator('#log li[data-type="status"]', { hasText: 'qr → authorized' }).waitFor();

      // Start over, then make the emulator reject the token.
      await page.getByRole('button', { name: 'Reset instance' }).click();
      await page.waitForSelector('greenapi-qr[status="qr"]', { timeout: 10_000 });
      await page.locator('#fault-status').selectOption('401');
      await page.locator('#apply-status').click();
      await page.waitForSelector('greenapi-qr[status="error"]', { timeout: 10_000 });
      const error = page.locator('#log li[data-type="error"]');
      await error.waitFor();
      const detail = JSON.parse(String(await error.locator('.detail').textContent()));
      assert.deepEqual({ code: detail.code, status: detail.status, retryable: detail.retryable }, { code: 'unauthorized', status: 401, retryable: false });
      assert.equal(await page.locator('greenapi-qr [part="message"]').textContent(), 'The API token was rejected. Check apiTokenInstance.');
      assert.equal(await page.locator('#status-pill').textContent(), 'error');
      assert.ok(await page.locator('greenapi-qr [part="button"]').isVisible(), '"Try again" is offered');

      // The language switch sets `lang` on the element; its texts follow.
      await page.getByText('Русский').click();
      await page.waitForFunction(() => document.querySelector('greenapi-qr')?.getAttribute('lang') === 'ru');
      await page.locator('greenapi-qr [part="message"]', { hasText: 'API-токен отклонён' }).waitFor();
      await page.getByText('English').click();
      await page.locator('greenapi-qr [part="message"]', { hasText: 'The API token was rejected' }).waitFor();

      // The only console errors are Chromium's notes about the injected 401 answers.
      await assertCleanPage(watcher, { allowConsole: /status of 401/ });
      await page.close();
    });

    it('"Use the real GREEN-API" sets properties only, and "Back to the emulator" returns', async () => {
      await control.call('POST', `/instances/${DEMO_INSTANCE.idInstance}/reset`); // drops the 401 fault of the test above
      const other = await control.createInstance();
      const page = await browser.newPage();
      const watcher = await watchPage(page);
      await page.goto(demo.url);
      await page.waitForSelector('greenapi-qr[status="qr"]', { timeout: 10_000 });

      // The emulator stands in for the real API here: any https: host is allowed by the CSP too.
      await page.locator('#real-api-url').fill(demo.emulatorUrl);
      await page.locator('#real-id').fill(other.idInstance);
      await page.locator('#real-token').fill(other.apiTokenInstance);
      await page.getByRole('button', { name: 'Connect' }).click();

      await page.waitForFunction((id) => /** @type {any} */ (document.querySelector('greenapi-qr'))?.idInstance === id, other.idInstance);
      await page.waitForSelector('greenapi-qr[status="qr"]', { timeout: 10_000 });
      const { qr } = await control.summary(other.idInstance);
      // The new code replaces the old one within a poll or two.
      let decoded = await readQrOffScreen(page);
      for (let attempt = 0; decoded !== qr.payload && attempt < 10; attempt++) {
        await page.waitForTimeout(300);
        decoded = await readQrOffScreen(page);
      }
      assert.equal(decoded, qr.payload, 'the element now shows the other instance’s code');
      assert.equal(await page.getByRole('button', { name: 'Simulate scan' }).isDisabled(), true, 'emulator controls are disabled');
      await expectTokenNotInDom(page, other.apiTokenInstance);

      await page.getByRole('button', { name: 'Back to the emulator' }).click();
      await page.waitForFunction((id) => /** @type {any} */ (document.querySelector('greenapi-qr'))?.idInstance === id, DEMO_INSTANCE.idInstance);
      assert.equal(await page.getByRole('button', { name: 'Simulate scan' }).isDisabled(), false, 'emulator controls are enabled again');
      await assertCleanPage(watcher);
      await page.close();
    });

    it('writes demo/screenshot.png', { skip: process.env.UPDATE_SCREENSHOT ? false : 'set UPDATE_SCREENSHOT=1 to rewrite it' }, async () => {
      await control.call('POST', `/instances/${DEMO_INSTANCE.idInstance}/reset`);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      await page.goto(demo.url);
      await page.waitForSelector('greenapi-qr[status="qr"]', { timeout: 10_000 });
      assert.ok(await readQrOffScreen(page), 'the code decodes');
      // Let the emulator panel show its first reading.
      await page.waitForFunction(() => /state: .* [1-9]\d* qr request/.test(document.getElementById('emulator-state')?.textContent ?? ''));
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      await page.close();
    });
  });
});
