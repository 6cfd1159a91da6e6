// dist/greenapi-qr.iife.js as a plain <script>: no modules, no build step on the page.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSIC_BUNDLE, assertCleanPage, expectAuthorized, scanLikeAPhone, useBundleSuite, watchPage } from './helpers.mjs';

describe('classic bundle (dist/greenapi-qr.iife.js) under a strict CSP', () => {
  const suite = useBundleSuite({ head: `<script src="${CLASSIC_BUNDLE}"></script>` });

  it('shows a code that scans, then fires authorized', async () => {
    const { browser, server, control, instance } = suite;
    const page = await browser.newPage();
    const watcher = await watchPage(page);
    await page.goto(`${server.url}/index.html`);
    await scanLikeAPhone(page, control, instance.idInstance);
    await expectAuthorized(page, instance.idInstance);
    await assertCleanPage(watcher);
    await page.close();
  });

  it('exposes the class on window.GreenApiQr', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.server.url}/index.html`);
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
