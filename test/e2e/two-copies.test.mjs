// A page that loads the bundle twice (the ES module and the classic script, in either order), in
// every engine: the second copy must not throw on customElements.define, and the element must still work.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import { CLASSIC_BUNDLE, MODULE_BUNDLE, assertCleanPage, expectAuthorized, onOwnPage, scanLikeAPhone, useBundleSuite } from './helpers.mjs';

/** Module and deferred classic scripts run in document order, so both orders can be tested. */
const ORDERS = [
  { name: 'classic script first, then the module', head: `<script src="${CLASSIC_BUNDLE}"></script>\n<script type="module" src="${MODULE_BUNDLE}"></script>` },
  {
    name: 'module first, then the classic script',
    head: `<script type="module" src="${MODULE_BUNDLE}"></script>\n<script defer src="${CLASSIC_BUNDLE}"></script>`,
  },
];

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: two copies of the bundle on one page`, { skip }, () => {
    const suite = useBundleSuite({ engine });

    for (const order of ORDERS) {
      it(`${order.name}: no error, and the element still works`, async () => {
        const { control } = suite;
        await onOwnPage(suite, { head: order.head }, async ({ page, instance, url, served }) => {
          await page.goto(url);
          const scripts = served.filter((line) => line.startsWith('/dist/greenapi-qr.'));
          assert.deepEqual(scripts.sort(), [`${MODULE_BUNDLE} 200`, `${CLASSIC_BUNDLE} 200`].sort(), 'both copies were loaded');

          await scanLikeAPhone(page, control, instance.idInstance);
          await expectAuthorized(page, instance.idInstance);
          const { stats } = await control.summary(instance.idInstance);
          assert.equal(stats.maxInFlight, 1, 'one request in flight at a time');
          await assertCleanPage(page);
        });
      });
    }
  });
}
