// The bench's count of requests a page should not make: more than one in flight when answers are
// slow, and any while the page is hidden or offline, after a 401, after the phone linked, or after
// the element was removed. Counted from the browser's side (page.on('request')), so that requests
// the network refused count too.

/**
 * Opens a bench page for `instance`, recording the GREEN-API requests it sends.
 * @param {import('playwright-core').Browser} browser
 * @param {string} pagesUrl
 * @param {string} page 'ours.html' or 'official.html'
 * @param {string} emulatorUrl
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 * @param {{ params?: Record<string, string>, initScript?: () => void }} [more] more settings for the
 *   query string (ours.js reads transport and pollInterval), and a script to run before the page's own
 */
export async function openBenchPage(browser, pagesUrl, page, emulatorUrl, instance, { params = {}, initScript } = {}) {
  const tab = await browser.newPage();
  if (initScript) await tab.addInitScript(initScript);
  /** @type {string[]} */
  const sent = [];
  // Counted on the page's side: Chromium holds a second GET of a URL still being fetched (its cache
  // lock), so the server would see fewer at once than the page has open.
  const inFlight = { now: 0, most: 0 };
  const isGreenApi = (/** @type {import('playwright-core').Request} */ request) => request.url().includes('/waInstance');
  tab.on('request', (request) => {
    if (!isGreenApi(request)) return;
    sent.push(request.url());
    inFlight.most = Math.max(inFlight.most, ++inFlight.now);
  });
  for (const settled of /** @type {const} */ (['requestfinished', 'requestfailed'])) {
    tab.on(settled, (request) => {
      if (isGreenApi(request)) inFlight.now--;
    });
  }
  await tab.goto(`${pagesUrl}/${page}?${new URLSearchParams({ apiUrl: emulatorUrl, ...instance, ...params })}`);
  return { tab, sent, inFlight };
}

/** @param {import('playwright-core').Page} tab */
export function untilQrPainted(tab) {
  return tab.waitForFunction(() => performance.getEntriesByName('qr-painted').length > 0, null, { timeout: 20_000 });
}

const wait = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} emulator
 * @param {string} pagesUrl
 * @param {string} page
 * @param {number} windowMs how long each "nothing should be sent" window lasts
 */
export async function measureWaste(browser, emulator, pagesUrl, page, windowMs) {
  const fresh = () => emulator.control.createInstance();
  const open = (instance) => openBenchPage(browser, pagesUrl, page, emulator.url, instance);
  const results = {};

  {
    // Answers take 6 s, longer than the official example's 5 s interval.
    const instance = await fresh();
    await emulator.control.addFault(instance.idInstance, { method: '*', latencyMs: 6000 });
    const { tab, inFlight } = await open(instance);
    await wait(12_000);
    results.maxInFlightAt6sLatency = inFlight.most;
    await tab.close();
  }
  {
    const { tab, sent } = await open(await fresh());
    await untilQrPainted(tab);
    await tab.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const before = sent.length;
    await wait(windowMs);
    results.whileHidden = sent.length - before;
    await tab.close();
  }
  {
    const { tab, sent } = await open(await fresh());
    await untilQrPainted(tab);
    await tab.context().setOffline(true);
    const before = sent.length;
    await wait(windowMs);
    results.whileOffline = sent.length - before;
    await tab.context().setOffline(false);
    await tab.close();
  }
  {
    const instance = await fresh();
    await emulator.control.addFault(instance.idInstance, { method: '*', status: 401 });
    const { tab, sent } = await open(instance);
    await wait(1000);
    const before = sent.length;
    await wait(windowMs);
    results.after401 = sent.length - before;
    await tab.close();
  }
  {
    const instance = await fresh();
    const { tab, sent } = await open(instance);
    await untilQrPainted(tab);
    await emulator.control.scan(instance.idInstance);
    // Ours fires `authorized`; the official example writes the state once a qr poll says alreadyLogged.
    await tab.waitForFunction(
      () => document.getElementById('qr')?.getAttribute('status') === 'authorized' || document.getElementById('statusText')?.textContent === 'authorized',
      null,
      { timeout: 20_000 },
    );
    const before = sent.length;
    await wait(windowMs);
    results.afterAuthorized = sent.length - before;
    await tab.close();
  }
  if (page === 'ours.html') {
    const { tab, sent } = await open(await fresh());
    await untilQrPainted(tab);
    await tab.evaluate(() => document.getElementById('qr')?.remove());
    const before = sent.length;
    await wait(windowMs);
    results.afterRemoval = sent.length - before;
    await tab.close();
  }
  return results;
}
