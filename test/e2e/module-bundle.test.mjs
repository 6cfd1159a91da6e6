// dist/greenapi-qr.min.js as a page would use it: one <script type="module">, a strict CSP,
// the token set as a property, a code read off the screen and scanned like a phone would.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../demo/emulator/server.mjs';
import {
  MODULE_BUNDLE,
  NO_ROTATION_MS,
  assertCleanPage,
  controlApi,
  expectAuthorized,
  expectTokenNotInDom,
  launchChromium,
  pageScript,
  recordedEvents,
  requireBuild,
  scanLikeAPhone,
  startPageServer,
  strictCsp,
  testPage,
  watchPage,
} from './helpers.mjs';

describe('module bundle (dist/greenapi-qr.min.js) under a strict CSP', () => {
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
      head: `<script type="module" src="${MODULE_BUNDLE}"></script>`,
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

  it('shows the emulator’s code, and fires authorized after the phone scans it', async () => {
    const page = await browser.newPage();
    const watcher = await watchPage(page);
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
    // Nothing inline on the page: the bundle, the page script and the element's adopted styles all pass the CSP.
    await assertCleanPage(watcher);
    await page.close();
  });
});
