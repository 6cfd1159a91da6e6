// dist/greenapi-qr.iife.js as a plain <script>: no modules, no build step on the page.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../demo/emulator/server.mjs';
import {
  CLASSIC_BUNDLE,
  NO_ROTATION_MS,
  assertCleanPage,
  controlApi,
  expectAuthorized,
  launchChromium,
  pageScript,
  requireBuild,
  scanLikeAPhone,
  startPageServer,
  strictCsp,
  testPage,
  watchPage,
} from './helpers.mjs';

describe('classic bundle (dist/greenapi-qr.iife.js) under a strict CSP', () => {
  /** @type {Awaited<ReturnType<typeof startEmulator>>} */
  let emulator;
  /** @type {Awaited<ReturnType<typeof startPageServer>>} */
  let server;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {ReturnType<typeof controlApi>} */
  let control;
  /** @type {{ idInstance: string, apiTokenInstance: string }} */
  let instance;

  before(async () => {
    requireBuild();
    emulator = await startEmulator({ port: 0, qrRotateMs: NO_ROTATION_MS });
    control = controlApi(emulator.url);
    instance = await control.createInstance();
    const html = testPage({
      head: `<script src="${CLASSIC_BUNDLE}"></script>`,
      attributes: { 'api-url': emulator.url, 'id-instance': instance.idInstance },
    });
    server = await startPageServer({ '/index.html': html, '/page.js': pageScript(instance.apiTokenInstance) }, strictCsp(emulator.url));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await emulator?.close();
  });

  it('shows a code that scans, then fires authorized', async () => {
    const page = await browser.newPage();
    const watcher = await watchPage(page);
    await page.goto(`${server.url}/index.html`);
    await scanLikeAPhone(page, control, instance.idInstance);
    await expectAuthorized(page, instance.idInstance);
    await assertCleanPage(watcher);
    await page.close();
  });

  it('exposes the class on window.GreenApiQr', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    const exposed = await page.evaluate(() => {
      const global = /** @type {any} */ (window).GreenApiQr;
      return {
        defined: customElements.get('greenapi-qr') !== undefined,
        namespace: global !== undefined,
        same: global?.GreenApiQr === customElements.get('greenapi-qr'),
      };
    });
    await page.close();
    assert.equal(exposed.defined, true, '<greenapi-qr> is defined');
    assert.equal(exposed.namespace, true, 'window.GreenApiQr exists');
    assert.equal(exposed.same, true, 'window.GreenApiQr.GreenApiQr is the registered class');
  });
});
