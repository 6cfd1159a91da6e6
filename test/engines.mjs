// The three browser engines the suite runs in, from Debian's packages: Chromium, Firefox ESR
// (over WebDriver BiDi, through puppeteer-core) and WebKitGTK's MiniBrowser (Safari's engine, over
// WebDriver classic, under a virtual X display).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROME_ARGS, findChrome } from './chrome-path.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const WEBKIT_DRIVER_PATHS = ['/usr/bin/WebKitWebDriver'];
const MINIBROWSER_PATHS = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'];

const firstExisting = (paths) => paths.find((path) => existsSync(path));

/** What to install for an engine that is missing. */
export const INSTALL_HINT = {
  chromium: 'sudo apt-get install -y chromium (or set CHROME_PATH)',
  firefox: 'sudo apt-get install -y firefox-esr (or set FIREFOX_PATH)',
  webkit: 'sudo apt-get install -y webkit2gtk-driver xvfb',
};

/**
 * The executables an engine needs, or undefined when one is missing.
 * @param {string} engine
 * @returns {Record<string, string> | undefined}
 */
export function findEngine(engine) {
  if (engine === 'chromium') {
    const executable = findChrome();
    return executable ? { executable } : undefined;
  }
  if (engine === 'firefox') {
    const executable = process.env.FIREFOX_PATH ?? firstExisting(FIREFOX_PATHS);
    return executable && existsSync(executable) ? { executable } : undefined;
  }
  const driver = firstExisting(WEBKIT_DRIVER_PATHS);
  const browser = firstExisting(MINIBROWSER_PATHS);
  const xvfb = firstExisting(['/usr/bin/Xvfb']);
  return driver && browser && xvfb ? { driver, browser, xvfb } : undefined;
}

/**
 * A Firefox page for the element tests that also runs in Firefox ESR 140. The test runner sizes
 * each page with puppeteer's setViewport, which since puppeteer-core 24.28 also sends WebDriver
 * BiDi's `emulation.setScreenOrientationOverride`; ESR 140 does not know that command (ESR 153
 * does) and fails the call after the viewport itself is already set. The orientation is of no
 * concern to these tests, so that one refusal is let through, as puppeteer itself does for
 * `emulation.setTouchOverride`; any other error still fails.
 * @param {{ context: import('puppeteer-core').BrowserContext }} args
 */
export async function createFirefoxPage({ context }) {
  const page = await context.newPage();
  const setViewport = page.setViewport.bind(page);
  page.setViewport = (viewport) =>
    setViewport(viewport).catch((error) => {
      if (!/unknown command emulation\.setScreenOrientationOverride/.test(String(error?.message))) throw error;
    });
  return page;
}

/**
 * Starts a process that lives as long as this one and no longer: it does not keep this process
 * running, and it is killed when this process exits.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
function startHelperProcess(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'ignore', ...options });
  child.unref();
  process.on('exit', () => child.kill());
  return child;
}

/**
 * Xvfb on a free display, which it writes to a file descriptor.
 * @param {string} xvfb
 * @returns {Promise<string>} the display, e.g. `:1`
 */
async function startXvfb(xvfb) {
  const child = startHelperProcess(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const displayPipe = /** @type {import('node:stream').Readable} */ (child.stdio[3]);
  const display = await new Promise((found, failed) => {
    let text = '';
    displayPipe.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) found(`:${text.trim()}`);
    });
    child.on('exit', (code) => failed(new Error(`Xvfb exited (${code}) before it had a display`)));
  });
  displayPipe.destroy();
  return display;
}

/**
 * WebKitWebDriver on a free port under a fresh Xvfb display, ready for sessions.
 * @param {{ driver: string, xvfb: string }} paths
 * @returns {Promise<number>} the driver's port
 */
export async function startWebKitDriver({ driver, xvfb }) {
  const display = await startXvfb(xvfb);
  const { createServer } = await import('node:net');
  const port = await new Promise((found) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => found(free));
    });
  });
  startHelperProcess(driver, [`--port=${port}`, '--host=127.0.0.1'], { env: { ...process.env, DISPLAY: display } });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const status = await (await fetch(`http://127.0.0.1:${port}/status`)).json();
      if (status.value?.ready) return port;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('WebKitWebDriver did not become ready');
}

/**
 * How webdriverio asks WebKitWebDriver for a MiniBrowser session: WebDriver classic (the driver
 * answers webdriverio's default BiDi request with "Failed to match capabilities").
 * @param {{ browser: string }} paths
 */
export function webkitCapabilities({ browser }) {
  return {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] },
  };
}

export { CHROME_ARGS };
