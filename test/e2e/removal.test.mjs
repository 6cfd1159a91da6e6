// Taking <greenapi-qr> off the page, in every engine: a hanging request is aborted and the socket is
// closed, and no timer is left that would ever send again (a retry 30 s away included).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import { CLASSIC_BUNDLE, TIMER_LEDGER, assertCleanPage, eventually, onOwnPage, untilStatus, useBundleSuite } from './helpers.mjs';

const HEAD = `<script src="${TIMER_LEDGER}"></script><script src="${CLASSIC_BUNDLE}"></script>`;

/** @param {import('./browsers.mjs').EnginePage} page */
const removeElement = (page) => page.evaluate(() => document.querySelector('greenapi-qr')?.remove());

/**
 * The delays of the timers the bundle set that the page still holds (its file in the stack that set
 * them; WebKit's WebDriver sets a 30 s timer of its own in the page): a removed element must hold none.
 * @param {import('./browsers.mjs').EnginePage} page
 */
const pendingTimers = (page) =>
  page.evaluate(() =>
    [.../** @type {{ timerLedger: Map<number, { delay: number, stack: string }> }} */ (/** @type {unknown} */ (window)).timerLedger.values()]
      .filter(({ stack }) => /greenapi-qr[^/]*\.js/.test(stack))
      .map(({ delay }) => delay),
  );

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: removing the element`, { skip }, () => {
    const suite = useBundleSuite({ engine });

    it('aborts the request in flight and sends nothing more', async () => {
      const { control } = suite;
      await onOwnPage(suite, { head: HEAD }, async ({ page, instance, url }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        await control.addFault(instance.idInstance, { method: 'qr', hang: true });
        await eventually(async () => (await control.summary(instance.idInstance)).stats.inFlight === 1, 'a qr request hangs');
        assert.notDeepEqual(await pendingTimers(page), [], 'the ledger sees the running element’s timers');

        await removeElement(page);
        await eventually(async () => {
          const { stats } = await control.summary(instance.idInstance);
          return stats.inFlight === 0 && stats.aborted === 1;
        }, 'the hanging request is aborted');
        assert.deepEqual(await pendingTimers(page), [], 'no timer left that could send again');
        await assertCleanPage(page);
      });
    });

    it('closes the socket and opens no other', async () => {
      const { control } = suite;
      await onOwnPage(suite, { head: HEAD, attributes: { transport: 'websocket' } }, async ({ page, instance, url }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        await eventually(async () => (await control.summary(instance.idInstance)).stats.sockets.open === 1, 'the socket is open');

        await removeElement(page);
        await eventually(async () => (await control.summary(instance.idInstance)).stats.sockets.open === 0, 'the socket is closed');
        assert.deepEqual(await pendingTimers(page), [], 'no timer left that could reopen it or poll');
        const { stats } = await control.summary(instance.idInstance);
        assert.deepEqual({ opened: stats.sockets.opened, qr: stats.requests.qr ?? 0 }, { opened: 1, qr: 0 }, 'no new socket and no polling after removal');
        await assertCleanPage(page);
      });
    });
  });
}
