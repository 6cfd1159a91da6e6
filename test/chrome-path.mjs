import { existsSync } from 'node:fs';

const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Chromium for the tests: $CHROME_PATH, else the usual install locations; undefined when none exists. */
export function findChrome() {
  const candidates = process.env.CHROME_PATH ? [process.env.CHROME_PATH] : USUAL_PATHS;
  return candidates.find((path) => existsSync(path));
}

export const CHROME_MISSING = `Chromium was not found. The tests run in a real browser:
  Debian/Ubuntu:  sudo apt-get install -y chromium
  macOS:          brew install --cask chromium
or point CHROME_PATH at any Chrome or Chromium binary, e.g. CHROME_PATH=/path/to/chrome npm test`;

/** Flags that let Chromium run headless as root on a machine with no outside network. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
