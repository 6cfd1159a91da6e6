// transport="websocket" end to end, in every engine: the classic script-tag bundle in a plain page
// under the strict CSP, its QR pushed over the emulator's real scanqrcode WebSocket, read off the
// screen like a phone would and scanned; and the fallback to HTTP polling when the upgrade is refused.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import {
  CLASSIC_BUNDLE,
  EMULATOR_PUSHNAME,
  assertCleanPage,
  errorEvents,
  eventually,
  expectAuthorized,
  expectCodeOnScreen,
  onOwnPage,
  useBundleSuite,
} from './helpers.mjs';

const HEAD = `<script src="${CLASSIC_BUNDLE}"></script>`;
const ATTRIBUTES = { transport: 'websocket' };

/**
 * The element's read-only activeTransport, as the page sees it.
 * @param {import('./browsers.mjs').EnginePage} page
 */
function activeTransport(page) {
  return page.evaluate(() => /** @type {any} */ (document.querySelector('greenapi-qr')).activeTransport);
}

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: transport="websocket" with the classic bundle`, { skip }, () => {
    const suite = useBundleSuite({ engine });

    it('shows the pushed code, links on a scan with the name from the socket, and leaves no socket open', async () => {
      const { control } = suite;
      await onOwnPage(suite, { head: HEAD, attributes: ATTRIBUTES }, async ({ page, instance, url }) => {
        await page.goto(url);

        const payload = await expectCodeOnScreen(page, control, instance.idInstance, 'the pushed code on screen is the emulator’s current code');
        assert.equal(await activeTransport(page), 'websocket');
        const before = await control.summary(instance.idInstance);
        assert.equal(before.stats.sockets.open, 1, 'one socket is open');
        assert.equal(before.stats.requests.qr ?? 0, 0, 'no qr request: the code came over the socket');

        assert.deepEqual(await control.scan(instance.idInstance, payload), { stateInstance: 'authorized' });
        await expectAuthorized(page, instance.idInstance, { name: EMULATOR_PUSHNAME });
        assert.equal(await activeTransport(page), null, 'no transport runs once authorized');

        await eventually(async () => (await control.summary(instance.idInstance)).stats.sockets.open === 0, 'the element has closed its socket');
        const after = await control.summary(instance.idInstance);
        assert.equal(after.stats.sockets.maxOpen, 1, 'never more than one socket');
        assert.equal(after.stats.sockets.opened, 1, 'one socket for the whole link');
        assert.equal(after.stats.requests.qr ?? 0, 0, 'still no qr request');
        assert.deepEqual(await errorEvents(page), [], 'no error events');
        await assertCleanPage(page);
      });
    });

    it('falls back to polling, with no error event, when the upgrade is refused (wsRefuse)', async () => {
      const { control } = suite;
      await onOwnPage(suite, { head: HEAD, attributes: ATTRIBUTES, state: { wsRefuse: true } }, async ({ page, instance, url }) => {
        await page.goto(url);

        const payload = await expectCodeOnScreen(page, control, instance.idInstance, 'the polled code on screen is the emulator’s current code');
        assert.equal(await activeTransport(page), 'poll', 'activeTransport tells the page it is polling now');
        const polling = await control.summary(instance.idInstance);
        assert.ok(polling.stats.sockets.refused >= 1, 'the element did try the socket first');
        assert.ok((polling.stats.requests.qr ?? 0) >= 1, 'the code came from a qr request');
        assert.equal(polling.stats.sockets.opened, 0, 'no socket was accepted');

        assert.deepEqual(await control.scan(instance.idInstance, payload), { stateInstance: 'authorized' });
        await expectAuthorized(page, instance.idInstance);
        assert.deepEqual(await errorEvents(page), [], 'a fallback that worked fires no error');
        await assertCleanPage(page, { allowConsole: /WebSocket connection to 'ws:\/\/.*\/scanqrcode\/.*' failed/ });
      });
    });
  });
}
