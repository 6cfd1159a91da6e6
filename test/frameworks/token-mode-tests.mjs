// What every example app's token-in-page shell must do with the README's recipe, whichever framework
// renders it: frameworks.test.mjs runs these on the client-rendered apps, angular.test.mjs on the
// Angular app's client-rendered /token route.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../e2e/helpers.mjs';

/** What the framework's state holds from the first status (once the token is there) to the scan: every statuschange, in order. */
export const STATUS_SEQUENCE = [
  { status: 'loading', activeTransport: null },
  { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
  { status: 'loading', activeTransport: 'poll', stateInstance: 'notAuthorized' },
  { status: 'qr', activeTransport: 'poll', stateInstance: 'notAuthorized' },
  { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
  { status: 'authorized', activeTransport: null, stateInstance: 'authorized' },
];
/** Time in which a stopped element would have polled again several times. */
const QUIET_MS = 1500;

/**
 * @typedef {object} TokenShell
 * @property {Awaited<ReturnType<typeof import('../../src/emulator/index.js').startEmulator>>} emulator
 * @property {import('playwright-core').Browser} browser
 * @property {string} url the shell's page, which reads its instance from the query string
 */

/**
 * @param {() => TokenShell} shell the app, once an earlier test has built and served it
 */
export function tokenModeTests(shell) {
  /**
   * The app on a page of its own, with query parameters for its test shell.
   * @param {Record<string, string>} params
   */
  async function openApp(params) {
    const { browser, emulator, url } = shell();
    const page = await browser.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${url}?${new URLSearchParams({ apiUrl: emulator.url, ...params })}`);
    const json = async (/** @type {string} */ id) => JSON.parse((await page.locator(`#${id}`).textContent()) || 'null');
    return { page, problems, errors: () => json('errors'), statuses: () => json('statuses'), authorized: () => json('authorized') };
  }

  test('shows the QR code when the token arrives 300 ms after mount, with no error event; the scan reaches the framework’s state', async () => {
    const { emulator } = shell();
    const { idInstance, apiTokenInstance } = await emulator.control.createInstance();
    const app = await openApp({ idInstance, apiTokenInstance });
    await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    assert.equal(await app.page.locator('#status').textContent(), 'qr');
    await emulator.control.scan(idInstance);
    await eventually(async () => (await app.authorized()) !== null, 'the authorized detail is in the framework’s state', 10_000);
    const detail = await app.authorized();
    assert.equal(detail.idInstance, idInstance);
    assert.equal(detail.phone, '79001234567');
    assert.deepEqual(await app.errors(), [], 'no error event, although the token came late');
    assert.deepEqual(await app.statuses(), STATUS_SEQUENCE);
    assert.deepEqual(app.problems, []);
    await app.page.close();
  });

  test('a wrong token reaches the framework’s error handler as unauthorized', async () => {
    const { idInstance } = await shell().emulator.control.createInstance();
    const app = await openApp({ idInstance, apiTokenInstance: 'not-the-token' });
    await eventually(async () => (await app.errors()).length > 0, 'an error event reached the framework', 10_000);
    const errors = await app.errors();
    assert.deepEqual(
      errors.map((/** @type {{ code: string }} */ error) => error.code),
      ['unauthorized'],
    );
    assert.equal(errors[0].retryable, false);
    assert.equal(await app.page.locator('#status').textContent(), 'error');
    await app.page.close();
  });

  test('a bound idInstance change restarts it on the new instance and leaves the old one alone', async () => {
    const { emulator } = shell();
    const first = await emulator.control.createInstance();
    const next = await emulator.control.createInstance();
    const app = await openApp({ ...first, nextIdInstance: next.idInstance, nextApiTokenInstance: next.apiTokenInstance });
    await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await app.page.locator('#next-instance').click();
    await eventually(
      async () => (await emulator.control.requestLog(next.idInstance)).some((r) => r.method === 'qr'),
      'the next instance gets qr requests',
      10_000,
    );
    const firstCount = (await emulator.control.requestLog(first.idInstance)).length;
    await new Promise((done) => setTimeout(done, QUIET_MS));
    assert.equal((await emulator.control.requestLog(first.idInstance)).length, firstCount, 'no request for the old instance after the change');
    assert.deepEqual(await app.errors(), []);
    await app.page.close();
  });

  test('unmounting stops every request and the socket', async () => {
    const { emulator } = shell();
    const instance = await emulator.control.createInstance();
    const app = await openApp({ ...instance, transport: 'websocket' });
    await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await eventually(async () => (await emulator.control.instanceInfo(instance.idInstance)).stats.sockets.open === 1, 'the socket is open');
    await app.page.locator('#unmount').click();
    await app.page.locator('greenapi-qr').waitFor({ state: 'detached', timeout: 5_000 });
    await eventually(async () => {
      const { stats } = await emulator.control.instanceInfo(instance.idInstance);
      return stats.sockets.open === 0 && stats.inFlight === 0;
    }, 'no socket is open and no request in flight');
    const count = (await emulator.control.requestLog(instance.idInstance)).length;
    await new Promise((done) => setTimeout(done, QUIET_MS));
    assert.equal((await emulator.control.requestLog(instance.idInstance)).length, count, 'nothing sent after unmounting');
    assert.equal((await emulator.control.instanceInfo(instance.idInstance)).stats.sockets.opened, 1, 'no socket reopened');
    await app.page.close();
  });
}
