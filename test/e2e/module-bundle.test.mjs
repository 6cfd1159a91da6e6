// dist/greenapi-qr.min.js as a page would use it: one <script type="module">, a strict CSP,
// the token set as a property, a code read off the screen and scanned like a phone would; in every engine.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import { MODULE_BUNDLE, assertCleanPage, expectAuthorized, expectTokenNotInDom, recordedEvents, scanLikeAPhone, useBundleSuite } from './helpers.mjs';

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: module bundle (dist/greenapi-qr.min.js) under a strict CSP`, { skip }, () => {
    const suite = useBundleSuite({ engine, head: `<script type="module" src="${MODULE_BUNDLE}"></script>` });

    it('shows the emulator’s code, and fires authorized after the phone scans it', async () => {
      const { browser, server, control, instance } = suite;
      const page = await browser.newPage();
      await page.goto(`${server.url}/index.html`);

      const payload = await scanLikeAPhone(page, control, instance.idInstance);
      assert.match(payload, /^2@/, 'a WhatsApp-shaped payload');
      await expectAuthorized(page, instance.idInstance);

      const events = await recordedEvents(page);
      assert.deepEqual(
        events.filter((event) => event.type === 'error'),
        [],
        'no error events',
      );
      await expectTokenNotInDom(page, instance.apiTokenInstance);
      await assertCleanPage(page);
      await page.close();
    });
  });
}
