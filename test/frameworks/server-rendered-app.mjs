// A server-rendered example app (Next.js, Nuxt, Angular with @angular/ssr) as an integrator deploys
// it: built for production, served by its own server in a child process with the README's relay route
// in front of the emulator, and the checks every such app must pass, driven in Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { eventually, freePort, launchChromium } from '../e2e/helpers.mjs';
import { askOddRequests, README_ODD_REQUESTS } from '../server/odd-requests.mjs';
import { emulatorOf, npm } from './apps.mjs';
import { STATUS_SEQUENCE } from './token-mode-tests.mjs';

const SESSION = 'server-rendered-example-session-41b9';
/** Time in which a stopped element would have polled again several times. */
const QUIET_MS = 1500;

/**
 * @typedef {object} ServerRenderedApp
 * @property {string} title
 * @property {(work: string, port: number) => string[]} serve the command (after `node`) that serves the build on 127.0.0.1:port
 * @property {string} assets the client assets the build produced, relative to the app
 * @property {keyof typeof README_ODD_REQUESTS} runtime its column in the README's table of odd requests
 */

/**
 * @typedef {object} RunningApp
 * @property {string} work the app's working copy
 * @property {string} base the app's own server, `http://127.0.0.1:port`
 * @property {Awaited<ReturnType<Awaited<ReturnType<typeof emulatorOf>>>>} emulator
 * @property {{ idInstance: string, apiTokenInstance: string }} instance the instance the stand-in user may link
 * @property {import('playwright-core').Browser} browser
 * @property {() => Promise<void>} close
 */

/**
 * Builds the app in `work` for production and serves it with its own server, the stand-ins signing in
 * SESSION's cookie for one emulator instance.
 * @param {string} work
 * @param {ServerRenderedApp} app
 * @returns {Promise<RunningApp>}
 */
export async function startServerRenderedApp(work, app) {
  await npm(work, ['run', 'build']);
  const emulator = await (await emulatorOf(work))({ port: 0 });
  const instance = await emulator.control.createInstance();
  const port = await freePort();
  const server = spawn(process.execPath, app.serve(work, port), {
    cwd: work,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NITRO_HOST: '127.0.0.1',
      NITRO_PORT: String(port),
      PORT: String(port),
      // The stand-ins' configuration (test/server/examples/auth.js, instances.js) and the emulator as an allowed upstream.
      EXAMPLE_SESSION: SESSION,
      EXAMPLE_INSTANCE: JSON.stringify({ ...instance, apiUrl: emulator.url }),
      GREENAPI_EMULATOR_URL: emulator.url,
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  const close = async () => {
    await browser?.close();
    server.kill();
    await emulator.close();
  };
  try {
    await eventually(async () => (await fetch(base).catch(() => undefined))?.ok === true, 'the server answers', 20_000);
    browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  return { work, base, emulator, instance, browser, close };
}

/**
 * What every server-rendered app must do with the README's recipes, on its page at `/`.
 * @param {() => RunningApp} running the app, once startServerRenderedApp has run in an earlier test
 * @param {ServerRenderedApp} app
 */
export function serverRenderedTests(running, app) {
  /**
   * The page for the instance, signed in or not, with every request it makes recorded.
   * @param {{ signedIn: boolean }} options
   */
  async function openPage({ signedIn }) {
    const { base, browser, instance } = running();
    const context = await browser.newContext();
    if (signedIn) await context.addCookies([{ name: 'session', value: SESSION, url: base }]);
    const page = await context.newPage();
    /** @type {string[]} */
    const requests = [];
    /** @type {string[]} */
    const problems = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(message.text()));
    await page.goto(`${base}/?idInstance=${instance.idInstance}`);
    const json = async (/** @type {string} */ id) => JSON.parse((await page.locator(`#${id}`).textContent()) || 'null');
    return { page, context, requests, problems, errors: () => json('errors'), statuses: () => json('statuses'), authorized: () => json('authorized') };
  }

  test('the server HTML holds <greenapi-qr>, with no token and no attribute the element cannot read', async () => {
    const { base, instance } = running();
    const html = await (await fetch(`${base}/?idInstance=${instance.idInstance}`, { headers: { Cookie: `session=${SESSION}` } })).text();
    assert.match(html, /<greenapi-qr[\s>]/);
    assert.ok(!html.includes(instance.apiTokenInstance));
    assert.doesNotMatch(html, /<greenapi-qr[^>]*\s(idinstance|proxyurl|apitokeninstance|apiurl)=/i);
  });

  test("odd requests get the answers the README's table gives for it, and the server goes on", async () => {
    const { base, instance } = running();
    assert.deepEqual(await askOddRequests(base, instance.idInstance, `session=${SESSION}`), README_ODD_REQUESTS[app.runtime]);
    assert.equal(
      (await fetch(`${base}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: { Cookie: `session=${SESSION}` } })).status,
      200,
    );
  });

  test('a visitor without a session gets the route’s 403 in the page’s own error handler as not-allowed, and nothing reaches GREEN-API', async () => {
    const { emulator, instance } = running();
    const before = (await emulator.control.requestLog(instance.idInstance)).length;
    const page = await openPage({ signedIn: false });
    await eventually(async () => (await page.errors()).length > 0, 'an error event reached the page', 10_000);
    const [error] = await page.errors();
    assert.equal(error.code, 'not-allowed', 'the app’s own refusal, not GREEN-API’s wording');
    assert.equal(error.status, 403);
    assert.equal(error.retryable, false);
    assert.equal(await page.page.locator('#status').textContent(), 'error');
    assert.equal((await emulator.control.requestLog(instance.idInstance)).length, before, 'nothing reached GREEN-API');
    await page.context.close();
  });

  test('unmounting stops every request', async () => {
    const { emulator, instance } = running();
    const page = await openPage({ signedIn: true });
    await page.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await page.page.locator('#unmount').click();
    await page.page.locator('greenapi-qr').waitFor({ state: 'detached', timeout: 5_000 });
    await eventually(async () => (await emulator.control.instanceInfo(instance.idInstance)).stats.inFlight === 0, 'no request in flight');
    const count = (await emulator.control.requestLog(instance.idInstance)).length;
    await new Promise((done) => setTimeout(done, QUIET_MS));
    assert.equal((await emulator.control.requestLog(instance.idInstance)).length, count, 'nothing sent after unmounting');
    await page.context.close();
  });

  test('the README’s :not(:defined) rule reserves the element’s box: nothing below it moves from the server’s HTML to the code on screen', async () => {
    const { base, browser, instance } = running();
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    await noScript.addCookies([{ name: 'session', value: SESSION, url: base }]);
    const before = await noScript.newPage();
    await before.goto(`${base}/?idInstance=${instance.idInstance}`);
    const reserved = await boxes(before);
    await noScript.close();
    const page = await openPage({ signedIn: true });
    await page.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(await boxes(page.page), reserved);
    await page.context.close();
  });

  test('hydrated, it shows the QR code through the route with no token in any request or client asset; every status from the first and the scan reach the page’s own handlers', async () => {
    const { work, emulator, instance } = running();
    const page = await openPage({ signedIn: true });
    await page.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
    await emulator.control.scan(instance.idInstance);
    await eventually(async () => (await page.authorized()) !== null, 'the authorized detail reached the page’s state', 10_000);
    assert.equal((await page.authorized()).idInstance, instance.idInstance);
    assert.equal(await page.page.locator('#status').textContent(), 'authorized');
    assert.deepEqual(await page.statuses(), STATUS_SEQUENCE, 'the page heard every status from the first');
    assert.ok(
      page.requests.some((request) => request.includes(`/api/whatsapp/waInstance${instance.idInstance}/qr`)),
      'the codes came through the route',
    );
    assert.deepEqual(
      page.requests.filter((request) => request.includes(instance.apiTokenInstance)),
      [],
    );
    assert.deepEqual(filesHolding(resolve(work, app.assets), instance.apiTokenInstance), []);
    assert.deepEqual(page.problems, [], 'no hydration warning, no error');
    await page.context.close();
  });
}

/**
 * The element's box and where the content after it starts, to the pixel.
 * @param {import('playwright-core').Page} page
 */
async function boxes(page) {
  const round = (/** @type {{ x: number, y: number, width: number, height: number } | null} */ box) =>
    box && [box.x, box.y, box.width, box.height].map(Math.round);
  return { element: round(await page.locator('greenapi-qr').boundingBox()), after: round(await page.locator('#unmount').boundingBox()) };
}

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
