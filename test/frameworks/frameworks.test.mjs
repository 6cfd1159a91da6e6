// The four example apps (React 19 with the tag, React 18 with greenapi-qr/react, Vue 3, Angular 21)
// installed from the packed tarball, type-checked strictly and built by their own toolchains, then
// driven in Chromium against the emulator that the tarball ships, the way an integrator's tests would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, launchChromium } from '../e2e/helpers.mjs';
import { packPackage } from '../package/pack.mjs';
import { ALL_APPS, APPS, emulatorOf, installApp, npm, serveSite } from './apps.mjs';

/** What the framework's state holds after the token arrived late and the phone scanned the code. */
const STATUS_SEQUENCE = [
  { status: 'loading', activeTransport: null },
  { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
  { status: 'loading', activeTransport: 'poll', stateInstance: 'notAuthorized' },
  { status: 'qr', activeTransport: 'poll', stateInstance: 'notAuthorized' },
  { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
  { status: 'authorized', activeTransport: null, stateInstance: 'authorized' },
];
/** Time in which a stopped element would have polled again several times. */
const QUIET_MS = 1500;

const { tarball } = packPackage();

for (const name of APPS) {
  describe(`${name} example app`, () => {
    let work = '';
    /** @type {Awaited<ReturnType<Awaited<ReturnType<typeof emulatorOf>>>>} */
    let emulator;
    /** @type {Awaited<ReturnType<typeof serveSite>>} */
    let site;
    /** @type {import('playwright-core').Browser} */
    let browser;

    before(async () => {
      work = await installApp(name, tarball);
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await emulator?.close();
    });

    test('type-checks strictly with no error, and its typings catch the usual mistakes (type-errors/)', async () => {
      await npm(work, ['run', 'typecheck']);
    });

    test('builds with its own toolchain, then starts the emulator from the tarball', async () => {
      await npm(work, ['run', 'build']);
      site = await serveSite(resolve(work, 'dist'));
      emulator = await (await emulatorOf(work))({ port: 0 });
      browser = await launchChromium();
    });

    /**
     * The app on a page of its own, with query parameters for its test shell.
     * @param {Record<string, string>} params
     */
    async function openApp(params) {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${site.url}/?${new URLSearchParams({ apiUrl: emulator.url, ...params })}`);
      const json = async (id) => JSON.parse((await page.locator(`#${id}`).textContent()) || 'null');
      return { page, problems, errors: () => json('errors'), statuses: () => json('statuses'), authorized: () => json('authorized') };
    }

    test('shows the QR code when the token arrives 300 ms after mount, with no error event; the scan reaches the framework’s state', async () => {
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
      const { idInstance } = await emulator.control.createInstance();
      const app = await openApp({ idInstance, apiTokenInstance: 'not-the-token' });
      await eventually(async () => (await app.errors()).length > 0, 'an error event reached the framework', 10_000);
      const errors = await app.errors();
      assert.deepEqual(errors.map((error) => error.code), ['unauthorized']);
      assert.equal(errors[0].retryable, false);
      assert.equal(await app.page.locator('#status').textContent(), 'error');
      await app.page.close();
    });

    test('a bound idInstance change restarts it on the new instance and leaves the old one alone', async () => {
      const first = await emulator.control.createInstance();
      const next = await emulator.control.createInstance();
      const app = await openApp({ ...first, nextIdInstance: next.idInstance, nextApiTokenInstance: next.apiTokenInstance });
      await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
      await app.page.locator('#next-instance').click();
      await eventually(async () => (await emulator.control.requestLog(next.idInstance)).some((r) => r.method === 'qr'), 'the next instance gets qr requests', 10_000);
      const firstCount = (await emulator.control.requestLog(first.idInstance)).length;
      await new Promise((done) => setTimeout(done, QUIET_MS));
      assert.equal((await emulator.control.requestLog(first.idInstance)).length, firstCount, 'no request for the old instance after the change');
      assert.deepEqual(await app.errors(), []);
      await app.page.close();
    });

    test('unmounting stops every request and the socket', async () => {
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
  });
}

test('the greenapi-qr-emulator bin from the tarball serves GREEN-API and stops on SIGTERM', async () => {
  const work = await installApp(APPS[0] ?? ALL_APPS[0], tarball);
  const child = spawn(resolve(work, 'node_modules/.bin/greenapi-qr-emulator'), ['--port', '0', '--quiet'], { cwd: work });
  try {
    const url = await new Promise((found, failed) => {
      let printed = '';
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(printed);
        if (match) found(match[1]);
      });
      child.on('exit', (code) => failed(new Error(`the bin exited (${code}) before listening: ${printed}`)));
    });
    const { idInstance, apiTokenInstance } = await (await fetch(`${url}/_emulator/instances`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).json();
    const answer = await (await fetch(`${url}/waInstance${idInstance}/qr/${apiTokenInstance}`)).json();
    assert.equal(answer.type, 'qrCode');
  } finally {
    const exited = new Promise((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
