// Shared pieces of the end-to-end tests: the built bundles in Chromium, Firefox and WebKit
// (browsers.mjs), served by a tiny static server with a strict Content-Security-Policy, against the
// emulator.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { chromium } from 'playwright-core';
import { startEmulator } from '../../src/emulator/server.js';
import { CHROME_ARGS, CHROME_MISSING, findChrome } from '../chrome-path.mjs';
import { TIMER_LEDGER_SCRIPT } from '../timer-ledger.mjs';
import { launchBrowser, wrapPlaywrightPage } from './browsers.mjs';

/** @typedef {import('./browsers.mjs').EnginePage} EnginePage */

// jsqr is CommonJS; `.default` is the function under both Node's ESM interop and the type checker.
const jsQR = jsQRModule.default;

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = resolve(ROOT, 'dist');
export const MODULE_BUNDLE = '/dist/greenapi-qr.min.js';
export const CLASSIC_BUNDLE = '/dist/greenapi-qr.iife.js';

/** Two frames at 60 Hz: time for a loaded picture to be painted before it is screenshotted. */
const PAINT_MS = 50;
/** How long a reading of the code on screen may take, as a phone would keep trying. */
const READ_FOR_MS = 2000;

/** Long enough that no code rotates while a test reads it off the screen. */
export const NO_ROTATION_MS = 10 * 60 * 1000;

/** What the emulator's getWaSettings reports for a linked account (see src/emulator/README.md). */
export const EMULATOR_ACCOUNT = { phone: '79001234567', wid: '79001234567@c.us' };
/** The name the emulator's scanqrcode socket sends in accountData (pushname). */
export const EMULATOR_PUSHNAME = 'GREEN-API Emulator';

/**
 * The strict policy every e2e page is served with (the demo's too): no inline scripts or styles
 * anywhere; images from the page, data: URLs and WhatsApp's picture host. The emulator's ws://
 * origin is listed on its own: Chromium does not let an http:// source admit a WebSocket, nor
 * `https:` a wss:// one (the real GREEN-API's scanqrcode).
 * @param {string} emulatorOrigin
 */
export function strictCsp(emulatorOrigin) {
  const socketOrigin = emulatorOrigin.replace(/^http/, 'ws');
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https://pps.whatsapp.net; connect-src 'self' ${emulatorOrigin} ${socketOrigin} https: wss: ; base-uri 'none'; object-src 'none'`;
}

/** Fails with a clear message when the bundles the e2e tests load have not been built. */
export function requireBuild() {
  for (const file of ['greenapi-qr.min.js', 'greenapi-qr.iife.js']) {
    if (!existsSync(resolve(DIST, file))) {
      throw new Error(`dist/${file} is missing: run \`npm run build\` first (the e2e tests load the built bundles).`);
    }
  }
}

/** Headless Debian Chromium through playwright-core; fails with CHROME_MISSING when there is none. */
export async function launchChromium() {
  const executablePath = findChrome();
  if (!executablePath) throw new Error(CHROME_MISSING);
  return chromium.launch({ executablePath, headless: true, args: CHROME_ARGS });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * A static server for test pages: `pages` maps a path to its body (type from the extension),
 * and `/dist/…` serves the built files. Every answer carries the strict CSP.
 * @param {Record<string, string>} pages e.g. { '/index.html': '<!doctype html>…', '/page.js': '…' }
 * @param {string} csp
 * @param {RegExp} [missing] paths answered 404 as if they were not deployed (a chunk of the module build)
 * @returns {Promise<{ url: string, close: () => Promise<void>, served: string[] }>}
 */
export async function startPageServer(pages, csp, missing) {
  /** Every path asked for, with the status it got, in order: what the tests check instead of the driver's network log. */
  const served = [];
  const server = createServer(async (req, res) => {
    req.resume();
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0]);
    /** @type {string | Buffer | undefined} */
    let body = path === '/watch.js' ? PAGE_WATCH_SCRIPT : pages[path];
    if (body === undefined && path.startsWith('/dist/') && !missing?.test(path)) {
      const file = resolve(DIST, `.${path.slice('/dist'.length)}`);
      if (file.startsWith(DIST + sep)) body = await readFile(file).catch(() => undefined);
    }
    const extension = path.slice(path.lastIndexOf('.'));
    const type = TYPES[/** @type {keyof typeof TYPES} */ (extension)];
    served.push(`${path} ${body === undefined || !type ? 404 : 200}`);
    if (body === undefined || !type) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Security-Policy': csp });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  return { ...(await listenOnLoopback(server)), served };
}

/**
 * Starts `server` on a free loopback port.
 * @param {import('node:http').Server} server
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function listenOnLoopback(server) {
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done(undefined));
        server.closeAllConnections();
      }),
  };
}

/** A loopback port free a moment ago, for a server another process starts (an example app, `next start`). */
export async function freePort() {
  const { url, close } = await listenOnLoopback(createServer());
  await close();
  return Number(new URL(url).port);
}

/**
 * A test page: `head` scripts, then the element with the given attributes, then `/page.js`,
 * which sets the token as a property and records the element's events in `window.__events`.
 * @param {{ head: string, attributes: Record<string, string> }} options
 */
export function testPage({ head, attributes }) {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>greenapi-qr e2e</title>
    <link rel="icon" href="data:," />
    <script src="/watch.js"></script>
    ${head}
  </head>
  <body>
    <greenapi-qr${attrs}></greenapi-qr>
    <script src="/page.js"></script>
  </body>
</html>
`;
}

/** A script every test page serves, to load before the bundle: test/timer-ledger.mjs. */
export const TIMER_LEDGER = '/timer-ledger.js';

/**
 * The page script: a classic external script (the CSP allows no inline one).
 * @param {string} token
 */
export function pageScript(token) {
  return `'use strict';
window.__events = [];
const qr = document.querySelector('greenapi-qr');
qr.apiTokenInstance = ${JSON.stringify(token)};
for (const type of ['authorized', 'error']) {
  qr.addEventListener(type, (event) => {
    window.__events.push({ type, detail: event.detail, bubbles: event.bubbles, composed: event.composed, target: 'element' });
  });
}
document.addEventListener('authorized', (event) => {
  window.__events.push({ type: 'authorized', detail: event.detail, target: 'document' });
});
`;
}

/**
 * A page server for one instance under the strict CSP: `head` loads the bundle(s), the element
 * points at the emulator, and page.js sets the token as a property.
 * @param {string} emulatorUrl
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 * @param {string} head
 * @param {Record<string, string>} [attributes] more attributes for the element, e.g. { transport: 'websocket' }
 * @param {RegExp} [missing] build files answered 404 (see startPageServer)
 */
export function serveTestPage(emulatorUrl, instance, head, attributes = {}, missing = undefined) {
  const html = testPage({ head, attributes: { 'api-url': emulatorUrl, 'id-instance': instance.idInstance, ...attributes } });
  return startPageServer(
    { '/index.html': html, '/page.js': pageScript(instance.apiTokenInstance), [TIMER_LEDGER]: TIMER_LEDGER_SCRIPT },
    strictCsp(emulatorUrl),
    missing,
  );
}

/**
 * Sets up a bundle suite (call it inside `describe`): before the tests it checks the build, starts
 * an emulator whose codes do not rotate and the engine's browser; with `head`, it also creates an
 * instance and serves its test page (serveTestPage). After the tests it closes whatever it started.
 * The getters throw when read before `before` has run.
 * @param {{ engine: string, head?: string }} options
 */
export function useBundleSuite({ engine, head }) {
  /**
   * @type {{
   *   emulator?: Awaited<ReturnType<typeof startEmulator>>,
   *   control?: ReturnType<typeof controlApi>,
   *   instance?: { idInstance: string, apiTokenInstance: string },
   *   server?: Awaited<ReturnType<typeof startPageServer>>,
   *   browser?: import('./browsers.mjs').EngineBrowser,
   * }}
   */
  const started = {};
  before(async () => {
    requireBuild();
    started.emulator = await startEmulator({ port: 0, qrRotateMs: NO_ROTATION_MS });
    started.control = controlApi(started.emulator.url);
    if (head !== undefined) {
      started.instance = await started.control.createInstance();
      started.server = await serveTestPage(started.emulator.url, started.instance, head);
    }
    started.browser = await launchBrowser(engine);
  });
  after(async () => {
    await started.browser?.close();
    await started.server?.close();
    await started.emulator?.close();
  });
  /**
   * @template {keyof typeof started} K
   * @param {K} name
   * @returns {NonNullable<(typeof started)[K]>}
   */
  function get(name) {
    const value = started[name];
    if (value === undefined) throw new Error(`${name} is not there: before() has not run${head === undefined ? ', or the suite has no page' : ''}`);
    return /** @type {NonNullable<(typeof started)[K]>} */ (value);
  }
  return {
    get emulator() {
      return get('emulator');
    },
    get control() {
      return get('control');
    },
    get browser() {
      return get('browser');
    },
    /** The instance the page shows (with `head` only). */
    get instance() {
      return get('instance');
    },
    /** The test page's server (with `head` only). */
    get server() {
      return get('server');
    },
  };
}

/**
 * What a test page records about itself before any of its own scripts run, in every engine:
 * uncaught errors and rejections, console.error calls and CSP violations (window.__pageWatch).
 * Test pages load it as /watch.js; the demo page gets it through playwright's addInitScript.
 */
export const PAGE_WATCH_SCRIPT = `'use strict';
(() => {
  const watch = { pageErrors: [], consoleErrors: [], cspViolations: [] };
  window.__pageWatch = watch;
  // Uncaught exceptions (ErrorEvent), and failed script, style or image loads, which fire a plain
  // 'error' on their element; the element's own 'error' CustomEvent is its API, not a page error.
  window.addEventListener(
    'error',
    (event) => {
      if (event instanceof ErrorEvent) watch.pageErrors.push(String(event.message));
      else if (!(event instanceof CustomEvent)) watch.pageErrors.push('failed to load ' + (event.target?.src || event.target?.href));
    },
    true,
  );
  window.addEventListener('unhandledrejection', (event) => watch.pageErrors.push(String(event.reason)));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    watch.consoleErrors.push(args.map(String).join(' '));
    consoleError(...args);
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    watch.cspViolations.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI, sample: event.sample });
  });
})();
`;

/**
 * The demo page (which has no /watch.js) watched the same way, from before its first script:
 * call before `page.goto`. Returns the page as the shared helpers take it.
 * @param {EnginePage} page
 * @returns {Promise<EnginePage>}
 */
export async function watchDemoPage(page) {
  await page.addInitScript(PAGE_WATCH_SCRIPT);
  return wrapPlaywrightPage(page);
}

/**
 * Asserts that the page had no uncaught errors, no CSP violations and (unless allowed) no console
 * errors, as the page recorded them and, where the driver sees the console (Chromium), as the browser
 * logged them.
 * @param {EnginePage} page
 * @param {{ allowConsole?: RegExp }} [options] console errors matching this are expected (e.g. an injected 401)
 */
export async function assertCleanPage(page, { allowConsole } = {}) {
  const watched = await page.evaluate(() => /** @type {any} */ (window).__pageWatch);
  assert.ok(watched, 'the page watched itself (/watch.js ran first)');
  assert.deepEqual(watched.cspViolations, [], 'no Content-Security-Policy violations');
  assert.deepEqual(watched.pageErrors, [], 'no uncaught exceptions');
  const consoleErrors = [...watched.consoleErrors, ...page.nativeConsoleErrors()];
  const unexpected = allowConsole ? consoleErrors.filter((text) => !allowConsole.test(text)) : consoleErrors;
  assert.deepEqual(unexpected, [], 'no console errors');
}

/**
 * Polls `fn` in the page until it returns something truthy, and returns that.
 * @template T, A
 * @param {EnginePage} page
 * @param {(arg: A) => T} fn
 * @param {A} arg
 * @param {string} what for the failure message
 * @param {number} [timeoutMs]
 */
export async function waitInPage(page, fn, arg, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`${page.engine}: timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * Waits until `<greenapi-qr>` has the status.
 * @param {EnginePage} page
 * @param {string} status
 * @param {number} [timeoutMs]
 */
export function untilStatus(page, status, timeoutMs = 10_000) {
  return waitInPage(page, (wanted) => document.querySelector('greenapi-qr')?.getAttribute('status') === wanted, status, `status ${status}`, timeoutMs);
}

/**
 * What the user sees in `<greenapi-qr>`'s shadow root: each element matching `selector`, with its
 * text, whether it is rendered, and the attributes asked for.
 * @param {EnginePage} page
 * @param {string} selector
 * @param {string[]} [attributes]
 * @returns {Promise<Array<{ text: string, visible: boolean, attributes: Record<string, string | null> }>>}
 */
export function shadowElements(page, selector, attributes = []) {
  return page.evaluate(
    ([inside, names]) =>
      [...(document.querySelector('greenapi-qr')?.shadowRoot?.querySelectorAll(inside) ?? [])].map((element) => ({
        text: element.textContent ?? '',
        visible: element.getClientRects().length > 0,
        attributes: Object.fromEntries(names.map((name) => [name, element.getAttribute(name)])),
      })),
    [selector, attributes],
  );
}

/**
 * The emulator's control API.
 * @param {string} emulatorUrl
 */
export function controlApi(emulatorUrl) {
  /**
   * @param {'GET' | 'POST' | 'DELETE'} method
   * @param {string} path after /_emulator
   * @param {object} [body]
   */
  async function call(method, path, body) {
    const response = await fetch(`${emulatorUrl}/_emulator${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    const value = await response.json();
    if (!response.ok) throw new Error(`${method} /_emulator${path} → ${response.status}: ${JSON.stringify(value)}`);
    return value;
  }
  return {
    call,
    /** @returns {Promise<{ idInstance: string, apiTokenInstance: string }>} a fresh notAuthorized instance */
    createInstance: () => call('POST', '/instances', {}),
    /** @param {string} id */
    summary: (id) => call('GET', `/instances/${id}`),
    /** @param {string} id @param {string} [payload] */
    scan: (id, payload) => call('POST', `/instances/${id}/scan`, payload === undefined ? undefined : { payload }),
    /** @param {string} id @param {object} fault */
    addFault: (id, fault) => call('POST', `/instances/${id}/faults`, fault),
    /**
     * @param {string} id
     * @param {{ stateInstance?: string | null, needsLogout?: boolean, wsRefuse?: boolean, pairingFails?: boolean, strictPairing?: boolean, wsTimeoutType?: string }} change
     */
    setState: (id, change) => call('POST', `/instances/${id}/state`, change),
    /** @param {string} id @param {string} code acts as the user typing the pairing code on the phone */
    enterCode: (id, code) => call('POST', `/instances/${id}/enter-code`, { code }),
    /** @param {string} id @returns {Promise<Array<{ method: string, startedAt: number, endedAt: number | null, status: number | null, aborted: boolean }>>} */
    requests: (id) => call('GET', `/instances/${id}/requests`),
  };
}

/**
 * Screenshots the QR `<img>` inside the element's shadow root and decodes it.
 * @param {EnginePage} page
 * @returns {Promise<string | null>}
 */
export async function readQrOffScreen(page) {
  // The status says a code is there; the picture may still be decoding and not painted yet.
  await waitInPage(
    page,
    () => {
      const image = /** @type {HTMLImageElement | null | undefined} */ (document.querySelector('greenapi-qr')?.shadowRoot?.querySelector('img[part="qr"]'));
      return Boolean(image?.complete && image.naturalWidth > 0);
    },
    undefined,
    'the QR picture is loaded',
  );
  // A phone keeps looking until it reads the code: WebKitGTK's screenshot can show a frame from
  // before the picture was painted (the loading bar where the code now is), for a moment.
  const readBy = Date.now() + READ_FOR_MS;
  for (;;) {
    await new Promise((done) => setTimeout(done, PAINT_MS));
    const png = PNG.sync.read(await page.screenshot('img[part="qr"]'));
    const result = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    if (result || Date.now() > readBy) return result ? result.data : null;
  }
}

/**
 * Waits until the element shows a code, reads it off the screen like a phone would, and checks it
 * is the emulator's current code for the instance. Returns the payload.
 * @param {EnginePage} page
 * @param {ReturnType<typeof controlApi>} control
 * @param {string} idInstance
 * @param {string} [message] for the comparison with the emulator's code
 */
export async function expectCodeOnScreen(page, control, idInstance, message = 'the code on screen is the emulator’s current code') {
  await untilStatus(page, 'qr');
  const decoded = await readQrOffScreen(page);
  assert.ok(decoded, 'the QR code on screen decodes');
  const { qr } = await control.summary(idInstance);
  assert.equal(decoded, qr.payload, message);
  return decoded;
}

/**
 * Reads the code off the screen (expectCodeOnScreen) and scans it. Returns the payload.
 * @param {EnginePage} page
 * @param {ReturnType<typeof controlApi>} control
 * @param {string} idInstance
 */
export async function scanLikeAPhone(page, control, idInstance) {
  const decoded = await expectCodeOnScreen(page, control, idInstance);
  assert.deepEqual(await control.scan(idInstance, decoded), { stateInstance: 'authorized' });
  return decoded;
}

/**
 * The events page.js recorded.
 * @param {EnginePage} page
 * @returns {Promise<Array<{ type: string, detail: any, bubbles?: boolean, composed?: boolean, target: string }>>}
 */
export function recordedEvents(page) {
  return page.evaluate(() => /** @type {any} */ (window).__events);
}

/**
 * Waits for the `authorized` event and the success state, and checks both: the detail carries the
 * emulator's account (getWaSettings: phone, wid and the avatar as a data: URL of a real PNG; the
 * name only when it came over the socket), and the element says "Connected as …" with the avatar.
 * @param {EnginePage} page
 * @param {string} idInstance
 * @param {{ name?: string, timeout?: number }} [options] name: the socket's pushname, expected in
 *   the detail and on screen; timeout: for the event (a phone-code link is seen by a state poll every 5 s)
 */
export async function expectAuthorized(page, idInstance, { name, timeout = 15_000 } = {}) {
  await waitInPage(
    page,
    () => /** @type {any} */ (window).__events?.some((/** @type {any} */ e) => e.type === 'authorized'),
    undefined,
    'the authorized event',
    timeout,
  );
  await untilStatus(page, 'authorized', 5_000);
  const authorized = (await recordedEvents(page)).filter((event) => event.type === 'authorized');
  const fromElement = authorized.filter((event) => event.target === 'element');
  assert.equal(fromElement.length, 1, 'authorized fires once');
  const { avatar, ...rest } = fromElement[0].detail;
  assert.deepEqual(
    { ...fromElement[0], detail: rest },
    {
      type: 'authorized',
      detail: { idInstance, ...EMULATOR_ACCOUNT, ...(name === undefined ? {} : { name }) },
      bubbles: true,
      composed: true,
      target: 'element',
    },
  );
  assert.match(String(avatar), /^data:image\/png;base64,/, 'the avatar is a data: URL');
  const png = PNG.sync.read(Buffer.from(String(avatar).slice('data:image/png;base64,'.length), 'base64'));
  assert.deepEqual([png.width, png.height], [96, 96], 'the avatar is the emulator’s 96×96 picture');
  assert.ok(
    authorized.some((event) => event.target === 'document'),
    'authorized bubbles up to the document',
  );
  const who = name === undefined ? `+${EMULATOR_ACCOUNT.phone}` : `${name} (+${EMULATOR_ACCOUNT.phone})`;
  assert.deepEqual(
    (await shadowElements(page, '[part="message"]')).map((shown) => shown.text),
    [`Connected as ${who}.`],
  );
  const [picture] = await shadowElements(page, 'img[part="avatar"]', ['src']);
  assert.ok(picture?.visible, 'the avatar is shown');
  assert.equal(picture.attributes.src, avatar, 'the avatar on screen is the one in the detail');
  assert.equal((await shadowElements(page, 'img[part="qr"]')).length, 0, 'the code is gone');
  return fromElement[0].detail;
}

/**
 * The `error` events page.js recorded.
 * @param {EnginePage} page
 */
export async function errorEvents(page) {
  return (await recordedEvents(page)).filter((event) => event.type === 'error');
}

/**
 * Runs `use` on a test page of its own: a fresh instance (first given `state`, e.g. `{ wsRefuse: true }`),
 * served with `head` and the element's `attributes`, in a new page watched from the start. `use`
 * opens `url` itself, so it can listen to the page first. Closes the page and its server whatever
 * happens.
 * @param {ReturnType<typeof useBundleSuite>} suite
 * @param {{ head: string, attributes?: Record<string, string>, state?: Record<string, unknown>, missing?: RegExp }} options
 * @param {(opened: {
 *   page: EnginePage,
 *   instance: { idInstance: string, apiTokenInstance: string },
 *   url: string,
 *   served: string[],
 * }) => Promise<void>} use
 */
export async function onOwnPage(suite, { head, attributes, state, missing }, use) {
  const { browser, control, emulator } = suite;
  const instance = await control.createInstance();
  if (state) await control.setState(instance.idInstance, state);
  const server = await serveTestPage(emulator.url, instance, head, attributes, missing);
  const page = await browser.newPage();
  try {
    await use({ page, instance, url: `${server.url}/index.html`, served: server.served });
  } finally {
    await page.close();
    await server.close();
  }
}

/**
 * Polls `check` until it returns true (for what the emulator sees a moment after the browser acts,
 * such as a socket's close handshake).
 * @param {() => Promise<boolean> | boolean} check
 * @param {string} what for the failure message
 * @param {number} [timeoutMs]
 */
export async function eventually(check, what, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Checks that the token is nowhere in the light or shadow DOM (it must stay a property).
 * @param {EnginePage} page
 * @param {string} token
 */
export async function expectTokenNotInDom(page, token) {
  const found = await page.evaluate((secret) => {
    const qr = /** @type {HTMLElement} */ (document.querySelector('greenapi-qr'));
    return {
      attribute: qr.hasAttribute('api-token-instance'),
      light: document.documentElement.outerHTML.includes(secret),
      shadow: (qr.shadowRoot?.innerHTML ?? '').includes(secret),
    };
  }, token);
  assert.deepEqual(found, { attribute: false, light: false, shadow: false }, 'the token is not in the DOM');
}
