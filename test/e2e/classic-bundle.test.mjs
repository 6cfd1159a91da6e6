// The classic-script bundle in a plain page under a strict CSP, in every engine: the code on
// screen scans, authorized fires, and the IIFE exposes the module on window.GreenApiQr.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import { CLASSIC_BUNDLE, assertCleanPage, expectAuthorized, scanLikeAPhone, useBundleSuite } from './helpers.mjs';

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: classic bundle (dist/greenapi-qr.iife.js) under a strict CSP`, { skip }, () => {
    const suite = useBundleSuite({ engine, head: `<script src="${CLASSIC_BUNDLE}"></script>` });

    it('shows a code that scans, then fires authorized', async () => {
      const { browser, server, control, instance } = suite;
      const page = await browser.newPage();
      await page.goto(`${server.url}/index.html`);
      await scanLikeAPhone(page, control, instance.idInstance);
      await expectAuthorized(page, instance.idInstance);
      await assertCleanPage(page);
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
}
