// The end-to-end tests' view of a browser, the same in the three engines: Chromium through
// playwright-core, Firefox ESR through puppeteer-core (WebDriver BiDi) and WebKitGTK's MiniBrowser
// through webdriverio (WebDriver classic). A test page watches itself (see watch.js in helpers.mjs)
// for errors and CSP violations, so nothing here depends on what one driver can observe.
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { CHROME_ARGS, ENGINES, findEngine, INSTALL_HINT, startWebKitDriver, webkitCapabilities } from '../engines.mjs';

/**
 * @typedef {object} EnginePage
 * @property {string} engine
 * @property {(url: string) => Promise<void>} goto
 * @property {<T, A>(fn: (arg: A) => T, arg?: A) => Promise<Awaited<T>>} evaluate runs `fn` in the page
 * @property {(selector: string) => Promise<Buffer>} screenshot a PNG of the element that matches
 *   `selector` inside `<greenapi-qr>`'s shadow root
 * @property {() => string[]} nativeConsoleErrors console errors the driver saw (Chromium's only:
 *   the others have none to give), on top of what the page recorded itself
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} EngineBrowser
 * @property {string} engine
 * @property {() => Promise<EnginePage>} newPage
 * @property {() => Promise<void>} close
 */

/**
 * The engines the end-to-end tests run in: E2E_ENGINES (comma-separated) or all three. A missing one
 * comes with `skip`, the line that says what to install; in CI (CI set) it is not skipped, so its
 * launch fails the run.
 * @returns {Array<{ engine: string, skip: string | false }>}
 */
export function e2eEngines() {
  const wanted = process.env.E2E_ENGINES ? process.env.E2E_ENGINES.split(',') : ENGINES;
  return wanted.map((engine) => ({
    engine,
    skip: findEngine(engine) || process.env.CI ? false : `${engine} is not installed: ${INSTALL_HINT[engine]}`,
  }));
}

/**
 * Starts the engine's browser.
 * @param {string} engine
 * @returns {Promise<EngineBrowser>}
 */
export async function launchBrowser(engine) {
  const found = findEngine(engine);
  if (!found) throw new Error(`${engine} is not installed: ${INSTALL_HINT[engine]}`);
  if (engine === 'chromium') {
    const browser = await chromium.launch({ executablePath: found.executable, headless: true, args: CHROME_ARGS });
    return { engine, newPage: async () => wrapPlaywrightPage(await browser.newPage()), close: () => browser.close() };
  }
  if (engine === 'firefox') {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: found.executable, headless: true });
    return { engine, newPage: async () => puppeteerPage(await browser.newPage()), close: () => browser.close() };
  }
  const port = await startWebKitDriver(found);
  const capabilities = webkitCapabilities(found);
  /** WebKitWebDriver runs one session (one window) at a time: a page of its own is a session of its own. */
  let current;
  const endCurrent = async () => {
    await current?.close().catch(() => undefined);
    current = undefined;
  };
  return {
    engine,
    async newPage() {
      // A test that failed before closing its page must not keep the next one from opening.
      await endCurrent();
      current = webdriverPage(await remote({ hostname: '127.0.0.1', port, path: '/', logLevel: 'error', capabilities }));
      return current;
    },
    close: endCurrent,
  };
}

/**
 * @param {import('playwright-core').Page} page
 * @returns {EnginePage}
 */
export function wrapPlaywrightPage(page) {
  /** @type {string[]} */
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return {
    engine: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    screenshot: (selector) => page.locator(`greenapi-qr ${selector}`).screenshot(),
    nativeConsoleErrors: () => consoleErrors,
    close: () => page.close(),
  };
}

/**
 * @param {import('puppeteer-core').Page} page
 * @returns {EnginePage}
 */
function puppeteerPage(page) {
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    async screenshot(selector) {
      const handle = await page.evaluateHandle((inside) => document.querySelector('greenapi-qr')?.shadowRoot?.querySelector(inside), selector);
      const element = handle.asElement();
      if (!element) throw new Error(`no ${selector} in <greenapi-qr>`);
      return Buffer.from(await element.screenshot());
    },
    nativeConsoleErrors: () => [],
    close: () => page.close(),
  };
}

/**
 * @param {WebdriverIO.Browser} session
 * @returns {EnginePage}
 */
function webdriverPage(session) {
  return {
    engine: 'webkit',
    goto: async (url) => void (await session.url(url)),
    // WebDriver sends the function's source: it runs in the page with the argument as given.
    evaluate: (fn, arg) => session.execute(/** @type {any} */ (fn), arg),
    // WebKitGTK's element screenshot of a node in a shadow root comes back black: cut the element
    // out of a screenshot of the viewport instead.
    async screenshot(selector) {
      const box = await session.execute((inside) => {
        const element = document.querySelector('greenapi-qr')?.shadowRoot?.querySelector(inside);
        if (!element) return null;
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height, scale: devicePixelRatio };
      }, selector);
      if (!box) throw new Error(`no ${selector} in <greenapi-qr>`);
      const viewport = PNG.sync.read(Buffer.from(await session.takeScreenshot(), 'base64'));
      const [x, y, width, height] = [box.x, box.y, box.width, box.height].map((value) => Math.round(value * box.scale));
      const cut = new PNG({ width, height });
      PNG.bitblt(viewport, cut, x, y, width, height, 0, 0);
      return PNG.sync.write(cut);
    },
    nativeConsoleErrors: () => [],
    close: () => session.deleteSession(),
  };
}
