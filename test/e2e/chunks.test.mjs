// The module build's chunks as a page meets them, in every engine: dist/greenapi-qr.min.js loads
// the socket, pairing codes, the account flows and the Russian texts from dist/chunks/ on first
// use (import() relative to itself), and carries on sensibly when a chunk is not deployed.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import {
  EMULATOR_ACCOUNT,
  MODULE_BUNDLE,
  assertCleanPage,
  errorEvents,
  expectAuthorized,
  onOwnPage,
  recordedEvents,
  scanLikeAPhone,
  shadowElements,
  untilStatus,
  useBundleSuite,
  waitInPage,
} from './helpers.mjs';

const HEAD = `<script type="module" src="${MODULE_BUNDLE}"></script>`;

/**
 * The build files the page asked for, without their hashes: `/dist/chunks/socket-qr-source-Ab1-2cD_.js` (rollup's 8-character hash, which may hold a dash) → `socket-qr-source`.
 * @param {string[]} served
 */
function chunksServed(served) {
  return served.filter((line) => line.startsWith('/dist/chunks/')).map((line) => line.replace(/^\/dist\/chunks\/(.+)-[\w-]{8}\.js (\d+)$/, '$1 $2'));
}

/**
 * The element's read-only activeTransport, as the page sees it.
 * @param {import('./browsers.mjs').EnginePage} page
 */
function activeTransport(page) {
  return page.evaluate(() => /** @type {any} */ (document.querySelector('greenapi-qr')).activeTransport);
}

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: the module bundle's chunks`, { skip }, () => {
    const suite = useBundleSuite({ engine });

    it('the default path needs the entry alone for its code; the account chunk comes while the code shows', async () => {
      await onOwnPage(suite, { head: HEAD }, async ({ page, instance, url, served }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        assert.deepEqual(
          served.filter((line) => line.startsWith('/dist/') && !line.startsWith('/dist/chunks/')),
          [`${MODULE_BUNDLE} 200`],
        );
        await scanLikeAPhone(page, suite.control, instance.idInstance);
        await expectAuthorized(page, instance.idInstance);
        assert.deepEqual(chunksServed(served), ['account-flows 200'], 'no socket, pairing or Russian chunk');
        await assertCleanPage(page);
      });
    });

    it('lang="ru" loads the Russian texts and speaks them', async () => {
      await onOwnPage(suite, { head: HEAD, attributes: { lang: 'ru' } }, async ({ page, url, served }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        await waitInPage(page, () => /Отсканируйте/.test(document.querySelector('greenapi-qr')?.shadowRoot?.textContent ?? ''), undefined, 'the Russian texts');
        const [picture] = await shadowElements(page, 'img[part="qr"]', ['alt']);
        assert.equal(picture.attributes.alt, 'QR-код для привязки WhatsApp');
        assert.ok(chunksServed(served).includes('strings-ru 200'));
        await assertCleanPage(page);
      });
    });

    it('transport="websocket" loads the socket chunk and takes its codes over the socket', async () => {
      await onOwnPage(suite, { head: HEAD, attributes: { transport: 'websocket' } }, async ({ page, instance, url, served }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        assert.equal(await activeTransport(page), 'websocket');
        assert.ok(chunksServed(served).includes('socket-qr-source 200'));
        const { stats } = await suite.control.summary(instance.idInstance);
        assert.equal(stats.sockets.opened, 1, 'the socket opened once');
        await assertCleanPage(page);
      });
    });

    it('without its socket chunk, transport="websocket" polls instead, with no error', async () => {
      const missing = /\/socket-qr-source-/;
      await onOwnPage(suite, { head: HEAD, attributes: { transport: 'websocket' }, missing }, async ({ page, url, served }) => {
        await page.goto(url);
        await untilStatus(page, 'qr');
        assert.equal(await activeTransport(page), 'poll');
        assert.ok(chunksServed(served).includes('socket-qr-source 404'));
        assert.deepEqual(await errorEvents(page), []);
        // The browser reports the failed module load on its console: that, and only that, is expected.
        await assertCleanPage(page, { allowConsole: /404|Failed to load|socket-qr-source|module script/i });
      });
    });

    it('without its account chunk, a scan still fires authorized, with idInstance alone', async () => {
      await onOwnPage(suite, { head: HEAD, missing: /\/account-flows-/ }, async ({ page, instance, url }) => {
        await page.goto(url);
        await scanLikeAPhone(page, suite.control, instance.idInstance);
        await untilStatus(page, 'authorized');
        const authorized = (await recordedEvents(page)).filter((event) => event.type === 'authorized' && event.target === 'element');
        assert.deepEqual(
          authorized.map((event) => event.detail),
          [{ idInstance: instance.idInstance }],
        );
        assert.ok(!JSON.stringify(authorized).includes(EMULATOR_ACCOUNT.phone), 'no account details without getWaSettings');
        assert.deepEqual(await errorEvents(page), []);
      });
    });

    it('without its pairing chunk, method="phone" stops with a network error that says so, and Try again', async () => {
      const attributes = { method: 'phone', 'phone-number': '79001234567' };
      await onOwnPage(suite, { head: HEAD, attributes, missing: /\/pairing-code-flow-/ }, async ({ page, url }) => {
        await page.goto(url);
        await untilStatus(page, 'error');
        const errors = await errorEvents(page);
        assert.equal(errors.length, 1);
        assert.equal(errors[0].detail.code, 'network');
        assert.equal(errors[0].detail.retryable, false);
        assert.match(errors[0].detail.message, /^Could not load the pairing codes part of <greenapi-qr>/);
        const buttons = await shadowElements(page, 'button');
        assert.deepEqual(
          buttons.map((button) => button.text),
          ['Try again'],
        );
      });
    });
  });
}
