// The Next.js example app (App Router, React 19) installed from the packed tarball, built for
// production (`next build`) and served by `next start`, the way an integrator deploys it: a server
// component page around the README's client-component recipe, and the README's route recipe in
// front of the emulator. Driven in Chromium: the page is rendered on the server, then hydrated.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, freePort, launchChromium } from '../e2e/helpers.mjs';
import { packPackage } from '../package/pack.mjs';
import { askOddRequests, README_ODD_REQUESTS } from '../server/odd-requests.mjs';
import { emulatorOf, installApp, npm } from './apps.mjs';

const SESSION = 'next-example-session-41b9';
/** Time in which a stopped element would have polled again several times. */
const QUIET_MS = 1500;
const selected = !process.env.FRAMEWORK_APPS || process.env.FRAMEWORK_APPS.split(',').includes('nextjs');

describe('nextjs example app (App Router, server-rendered)', { skip: !selected && 'not in FRAMEWORK_APPS' }, () => {
  let work = '';
  /** @type {Awaited<ReturnType<Awaited<ReturnType<typeof emulatorOf>>>>} */
  let emulator;
  /** @type {{ idInstance: string, apiTokenInstance: string }} */
  let instance;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  let base = '';
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    work = await installApp('nextjs', packPackage().tarball);
  });
  after(async () => {
    await browser?.close();
    server?.kill();
    await emulator?.close();
  });

  test('builds for production with next build (its type check included), and next start serves it', async () => {
    await npm(work, ['run', 'build']);
    emulator = await (await emulatorOf(work))({ port: 0 });
    instance = await emulator.control.createInstance();
    const port = await freePort();
    server = spawn(process.execPath, [resolve(work, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: work,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        // The stand-ins' configuration (test/server/examples/auth.js, instances.js) and the emulator as an allowed upstream.
        EXAMPLE_SESSION: SESSION,
        EXAMPLE_INSTANCE: JSON.stringify({ ...instance, apiUrl: emulator.url }),
        GREENAPI_EMULATOR_URL: emulator.url,
      },
      stdio: 'ignore',
    });
    base = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(base).catch(() => undefined))?.ok === true, 'next start answers', 20_000);
    browser = await launchChromium();
  });

  /**
   * The page for the instance, signed in or not, with every request it makes recorded.
   * @param {{ signedIn: boolean }} options
   */
  async function openPage({ signedIn }) {
    const context = await browser.newContext();
    if (signedIn) await context.addCookies([{ name: 'session', value: SESSION, url: base }]);
    const page = await context.newPage();
    /** @type {string[]} */
    const requests = [];
    const problems = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(`${base}/?idInstance=${instance.idInstance}`);
    const json = async (id) => JSON.parse((await page.locator(`#${id}`).textContent()) || 'null');
    return { page, context, requests, problems, errors: () => json('errors'), authorized: () => json('authorized') };
  }

  test('the server HTML holds <greenapi-qr>, with no token and no attribute the element cannot read', async () => {
    const html = await (await fetch(`${base}/?idInstance=${instance.idInstance}`, { headers: { Cookie: `session=${SESSION}` } })).text();
    assert.match(html, /<greenapi-qr[\s>]/);
    assert.ok(!html.includes(instance.apiTokenInstance));
    assert.doesNotMatch(html, /<greenapi-qr[^>]*(idinstance|proxyurl)=/i);
  });

  test("odd requests get the answers the README's table gives for Next.js (TRACE and a malformed target are Next's own), and the server goes on", async () => {
    assert.deepEqual(await askOddRequests(base, instance.idInstance, `session=${SESSION}`), README_ODD_REQUESTS.nextjs);
    assert.equal((await fetch(`${base}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: { Cookie: `session=${SESSION}` } })).status, 200);
  });

  test('a visitor without a session gets the route’s 403 in the page’s own error handler, and nothing reaches GREEN-API', async () => {
    const before = (await emulator.control.requestLog(instance.idInstance)).length;
    const app = await openPage({ signedIn: false });
    await eventually(async () => (await app.errors()).length > 0, 'an error event reached the page', 10_000);
    const [error] = await app.errors();
    assert.equal(error.code, 'not-allowed', 'the app’s own refusal, not GREEN-API’s wording');
    assert.equal(error.status, 403);
    assert.equal(error.retryable, false);
    assert.equal(await app.page.locator('#status').textContent(), 'error');
    assert.equal((await emulator.control.requestLog(instance.idInstance)).length, before, 'nothing reached GREEN-API');
    await app.context.close();
  });

  test('unmounting stops every request', async () => {
    const app = await openPage({ signedIn: true });
    await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await app.page.locator('#unmount').click();
    await app.page.locator('greenapi-qr').waitFor({ state: 'detached', timeout: 5_000 });
    await eventually(async () => (await emulator.control.instanceInfo(instance.idInstance)).stats.inFlight === 0, 'no request in flight');
    const count = (await emulator.control.requestLog(instance.idInstance)).length;
    await new Promise((done) => setTimeout(done, QUIET_MS));
    assert.equal((await emulator.control.requestLog(instance.idInstance)).length, count, 'nothing sent after unmounting');
    await app.context.close();
  });

  test('hydrated, it shows the QR code through the route with no token in any request or client asset; the scan reaches the page’s own handler', async () => {
    const app = await openPage({ signedIn: true });
    await app.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await emulator.control.scan(instance.idInstance);
    await eventually(async () => (await app.authorized()) !== null, 'the authorized detail reached the page’s state', 10_000);
    assert.equal((await app.authorized()).idInstance, instance.idInstance);
    assert.equal(await app.page.locator('#status').textContent(), 'authorized');
    assert.ok(app.requests.some((request) => request.includes(`/api/whatsapp/waInstance${instance.idInstance}/qr`)), 'the codes came through the route');
    assert.deepEqual(app.requests.filter((request) => request.includes(instance.apiTokenInstance)), []);
    assert.deepEqual(filesHolding(resolve(work, '.next/static'), instance.apiTokenInstance), []);
    assert.deepEqual(app.problems, [], 'no hydration warning, no error');
    await app.context.close();
  });
});

/**
 * Files under `dir` whose text holds `text`.
 * @param {string} dir
 * @param {string} text
 * @returns {string[]}
 */
function filesHolding(dir, text) {
  return readdirSync(dir, { recursive: true })
    .map((file) => resolve(dir, String(file)))
    .filter((file) => statSync(file).isFile() && readFileSync(file, 'utf8').includes(text));
}
