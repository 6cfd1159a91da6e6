// The server-rendered example apps, Next.js (App Router, React 19) and Nuxt 4 (Vue 3 with Nitro),
// installed from the packed tarball, built for production and served by their own servers, the way
// an integrator deploys them: a page rendered on the server, then hydrated, around the README's
// recipe, and the README's route in front of the emulator. Driven in Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually, freePort, launchChromium } from '../e2e/helpers.mjs';
import { packPackage } from '../package/pack.mjs';
import { askOddRequests, README_ODD_REQUESTS } from '../server/odd-requests.mjs';
import { emulatorOf, installApp, npm } from './apps.mjs';

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

/** @type {Record<string, ServerRenderedApp>} */
const APPS = {
  nextjs: {
    title: 'Next.js 16 (App Router, React 19)',
    serve: (work, port) => [resolve(work, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    assets: '.next/static',
    runtime: 'nextjs',
  },
  nuxt: {
    title: 'Nuxt 4 (Vue 3, Nitro)',
    serve: (work) => [resolve(work, '.output/server/index.mjs')],
    assets: '.output/public',
    runtime: 'nuxt',
  },
};

for (const [name, app] of Object.entries(APPS)) {
  const selected = !process.env.FRAMEWORK_APPS || process.env.FRAMEWORK_APPS.split(',').includes(name);
  describe(`${name} example app: ${app.title}, rendered on the server`, { skip: !selected && 'not in FRAMEWORK_APPS' }, () => {
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
      work = await installApp(name, packPackage().tarball);
    });
    after(async () => {
      await browser?.close();
      server?.kill();
      await emulator?.close();
    });

    test('builds for production, and its own server serves it', async () => {
      await npm(work, ['run', 'build']);
      emulator = await (await emulatorOf(work))({ port: 0 });
      instance = await emulator.control.createInstance();
      const port = await freePort();
      server = spawn(process.execPath, app.serve(work, port), {
        cwd: work,
        env: {
          ...process.env,
          NEXT_TELEMETRY_DISABLED: '1',
          NITRO_HOST: '127.0.0.1',
          NITRO_PORT: String(port),
          // The stand-ins' configuration (test/server/examples/auth.js, instances.js) and the emulator as an allowed upstream.
          EXAMPLE_SESSION: SESSION,
          EXAMPLE_INSTANCE: JSON.stringify({ ...instance, apiUrl: emulator.url }),
          GREENAPI_EMULATOR_URL: emulator.url,
        },
        stdio: 'ignore',
      });
      base = `http://127.0.0.1:${port}`;
      await eventually(async () => (await fetch(base).catch(() => undefined))?.ok === true, 'the server answers', 20_000);
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
      const html = await (await fetch(`${base}/?idInstance=${instance.idInstance}`, { headers: { Cookie: `session=${SESSION}` } })).text();
      assert.match(html, /<greenapi-qr[\s>]/);
      assert.ok(!html.includes(instance.apiTokenInstance));
      assert.doesNotMatch(html, /<greenapi-qr[^>]*\s(idinstance|proxyurl|apitokeninstance|apiurl)=/i);
    });

    test("odd requests get the answers the README's table gives for it, and the server goes on", async () => {
      assert.deepEqual(await askOddRequests(base, instance.idInstance, `session=${SESSION}`), README_ODD_REQUESTS[app.runtime]);
      assert.equal((await fetch(`${base}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: { Cookie: `session=${SESSION}` } })).status, 200);
    });

    test('a visitor without a session gets the route’s 403 in the page’s own error handler as not-allowed, and nothing reaches GREEN-API', async () => {
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
      const page = await openPage({ signedIn: true });
      await page.page.locator('greenapi-qr img[part="qr"]').waitFor({ timeout: 10_000 });
      await emulator.control.scan(instance.idInstance);
      await eventually(async () => (await page.authorized()) !== null, 'the authorized detail reached the page’s state', 10_000);
      assert.equal((await page.authorized()).idInstance, instance.idInstance);
      assert.equal(await page.page.locator('#status').textContent(), 'authorized');
      const statuses = (await page.statuses()).map((/** @type {{ status: string }} */ change) => change.status);
      assert.equal(statuses[0], 'loading', `the page heard the first status: ${statuses.join(' → ')}`);
      assert.ok(statuses.includes('qr'));
      assert.ok(page.requests.some((request) => request.includes(`/api/whatsapp/waInstance${instance.idInstance}/qr`)), 'the codes came through the route');
      assert.deepEqual(page.requests.filter((request) => request.includes(instance.apiTokenInstance)), []);
      assert.deepEqual(filesHolding(resolve(work, app.assets), instance.apiTokenInstance), []);
      assert.deepEqual(page.problems, [], 'no hydration warning, no error');
      await page.context.close();
    });
  });
}

/**
 * The element's box and where the content after it starts, to the pixel.
 * @param {import('playwright-core').Page} page
 */
async function boxes(page) {
  const round = (/** @type {{ x: number, y: number, width: number, height: number } | null} */ box) => box && [box.x, box.y, box.width, box.height].map(Math.round);
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
