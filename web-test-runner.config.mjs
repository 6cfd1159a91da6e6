import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { defaultReporter } from '@web/test-runner';
import { CHROME_ARGS, createFirefoxPage, findEngine, INSTALL_HINT, startWebKitDriver, webkitCapabilities } from './test/engines.mjs';
import { timingsReporter } from './test/timings/wtr-reporter.mjs';
import { register } from 'tsx/esm/api';

// The emulator and the relay import src/protocol, which is TypeScript: tsx lets Node 20 load it.
register();
const { startEmulator } = await import('./src/emulator/server.js');
const { relayUnderTest } = await import('./test/relay-under-test.mjs');

/** One engine per run (ENGINE=chromium|firefox|webkit, default chromium): `npm test` runs all three and counts each. */
const engine = process.env.ENGINE ?? 'chromium';
const found = findEngine(engine);
if (!found) {
  console.error(`${engine} is not installed: ${INSTALL_HINT[engine] ?? 'unknown engine'}`);
  process.exit(1);
}

async function launcher() {
  switch (engine) {
    case 'chromium':
      return chromeLauncher({ launchOptions: { executablePath: found.executable, headless: true, args: CHROME_ARGS } });
    case 'firefox':
      // Firefox over WebDriver BiDi: puppeteer-core drives Debian's firefox-esr, no geckodriver needed.
      return chromeLauncher({
        puppeteer: puppeteerCore,
        launchOptions: { browser: 'firefox', executablePath: found.executable, headless: true },
        createPage: createFirefoxPage,
      });
    case 'webkit':
      return webdriverLauncher({
        hostname: '127.0.0.1',
        port: await startWebKitDriver(found),
        path: '/',
        logLevel: 'error',
        capabilities: webkitCapabilities(found),
      });
    default:
      throw new Error(`unknown ENGINE ${engine}`);
  }
}

// The element tests talk to a real GREEN-API emulator over HTTP, on another origin than the test
// page so that CORS is exercised as on a real site.
// A logout's cleanup (logoutProcess) runs on the emulator's real clock: shorter than its 1.5 s
// default, so that the logout tests that wait it out stay brief.
const EMULATOR_LOGOUT_PROCESS_MS = 700;
const emulator = await startEmulator({ logoutProcessMs: EMULATOR_LOGOUT_PROCESS_MS });
// greenapi-qr/server on the test page's own origin, for proxy-url (test/relay-under-test.mjs).
const relay = relayUnderTest(emulator.url);

export default {
  files: ['test/unit/**/*.test.ts', 'test/element/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  middleware: [relay.middleware],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), relay.plugin],
  browsers: [await launcher()],
  reporters: [defaultReporter(), timingsReporter()],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en"><head><link rel="icon" href="data:,"></head><body>
      <script>window.__GREENAPI_EMULATOR__ = ${JSON.stringify({ url: emulator.url, logoutProcessMs: EMULATOR_LOGOUT_PROCESS_MS })};</script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300_000,
  // Lit's one-line dev-mode notice would otherwise be printed for every test file.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
