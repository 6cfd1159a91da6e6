// Taking <greenapi-qr> off the page, in every engine: a hanging request is aborted and the socket is
// closed, and nothing is sent afterwards.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import { CLASSIC_BUNDLE, assertCleanPage, eventually, onOwnPage, untilStatus, useBundleSuite } from './helpers.mjs';

const HEAD = `<script src="${CLASSIC_BUNDLE}"></script>`;
/** Time in which a running element would have sent more requests. */
const QUIET_MS = 1500;

/** @param {import('./browsers.mjs').EnginePage} page */
const removeElement = (page) => page.evaluate(() => document.querySelector('greenapi-qr')?.remove());

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

        await removeElement(page);
        await eventually(async () => {
          const { stats } = await control.summary(instance.idInstance);
          return stats.inFlight === 0 && stats.aborted === 1;
        }, 'the hanging request is aborted');
        const sent = (await control.requests(instance.idInstance)).length;
        await new Promise((done) => setTimeout(done, QUIET_MS));
        assert.equal((await control.requests(instance.idInstance)).length, sent, 'nothing is sent after removal');
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
        await new Promise((done) => setTimeout(done, QUIET_MS));
        const { stats } = await control.summary(instance.idInstance);
        assert.deepEqual({ opened: stats.sockets.opened, qr: stats.requests.qr ?? 0 }, { opened: 1, qr: 0 }, 'no new socket and no polling after removal');
        await assertCleanPage(page);
      });
    });
  });
}
