// A page that loads the bundle twice (the ES module and the classic script, in either order):
// the second copy must not throw on customElements.define, and the element must still work.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSIC_BUNDLE, MODULE_BUNDLE, assertCleanPage, expectAuthorized, onOwnPage, scanLikeAPhone, useBundleSuite } from './helpers.mjs';

/** Module and deferred classic scripts run in document order, so both orders can be tested. */
const ORDERS = [
  { name: 'classic script first, then the module', head: `<script src="${CLASSIC_BUNDLE}"></script>\n<script type="module" src="${MODULE_BUNDLE}"></script>` },
  { name: 'module first, then the classic script', head: `<script type="module" src="${MODULE_BUNDLE}"></script>\n<script defer src="${CLASSIC_BUNDLE}"></script>` },
];

describe('two copies of the bundle on one page', () => {
  const suite = useBundleSuite();

  for (const order of ORDERS) {
    it(`${order.name}: no error, and the element still works`, async () => {
      const { control } = suite;
      await onOwnPage(suite, { head: order.head }, async ({ page, watcher, instance, url }) => {
        /** @type {string[]} */
        const scripts = [];
        page.on('response', (response) => {
          if (response.url().includes('/dist/greenapi-qr.')) scripts.push(`${new URL(response.url()).pathname} ${response.status()}`);
        });
        await page.goto(url);
        await page.waitForLoadState('load');
        assert.deepEqual(scripts.sort(), [`${MODULE_BUNDLE} 200`, `${CLASSIC_BUNDLE} 200`].sort(), 'both copies were loaded');

        await scanLikeAPhone(page, control, instance.idInstance);
        await expectAuthorized(page, instance.idInstance);
        // Exactly one element instance was created and it polled alone: never two requests at once.
        const { stats } = await control.summary(instance.idInstance);
        assert.equal(stats.maxInFlight, 1, 'one request in flight at a time');
        await assertCleanPage(watcher);
      });
    });
  }
});
