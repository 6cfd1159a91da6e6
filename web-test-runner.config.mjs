import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROME_ARGS, CHROME_MISSING, findChrome } from './test/chrome-path.mjs';
import { startEmulator } from './src/emulator/server.js';

const executablePath = findChrome();
if (!executablePath) {
  console.error(CHROME_MISSING);
  process.exit(1);
}

// The element tests talk to a real GREEN-API emulator over HTTP, on another origin than the test
// page so that CORS is exercised as on a real site.
const emulator = await startEmulator();

export default {
  files: ['test/unit/**/*.test.ts', 'test/element/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROME_ARGS } })],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en"><head><link rel="icon" href="data:,"></head><body>
      <script>window.__GREENAPI_EMULATOR__ = ${JSON.stringify(emulator.url)};</script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
  testFramework: { config: { timeout: 10000 } },
  // Files that step a fake clock through minutes still wait for the emulator's real-time rate limits.
  testsFinishTimeout: 300_000,
  // Lit's one-line dev-mode notice would otherwise be printed for every test file.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
