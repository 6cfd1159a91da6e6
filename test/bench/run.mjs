// `npm run bench`: measures <greenapi-qr> side by side with the algorithm of GREEN-API's official
// browser example (official.js), in one run, in Chromium, against the emulator on loopback. Prints
// a markdown table and writes the figures as JSON (test/bench/last-run.json). Besides the side by
// side figures it measures ours alone: many elements on one page (crowd.mjs), the heap after long
// use and what a removed element leaves running (heap.mjs, leftovers.mjs), and where the module
// build's bytes go (bundle-report.mjs).
//
//   npm run bench                 (builds first)
//   node test/bench/run.mjs --runs 5 --out path.json [--skip-waste] [--waste-window-ms 10000]
//     [--crowd 20,100] [--skip-crowd] [--rotations 1000] [--cycles 1000] [--skip-heap]
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
// The packaged entry (built by `npm run bench`), which adds the typed control client.
import { startEmulator } from '../../dist/emulator/index.js';
import { CHROME_ARGS, findChrome } from '../chrome-path.mjs';
import { listenOnLoopback } from '../e2e/helpers.mjs';
import { bundleReport } from './bundle-report.mjs';
import { measureCrowd } from './crowd.mjs';
import { heapAfterCycles, heapAfterRotations } from './heap.mjs';
import { leftoversAfterRemoval } from './leftovers.mjs';
import { table } from './table.mjs';
import { measureWaste, openBenchPage, untilQrPainted } from './waste.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = fileURLToPath(new URL('./', import.meta.url));
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: resolve(BENCH, 'last-run.json') },
    // Leaves out the counts of requests that should not be made (a minute of waiting per page).
    'skip-waste': { type: 'boolean', default: false },
    'waste-window-ms': { type: 'string', default: '10000' },
    // Elements per crowd page, comma-separated; each page is loaded --runs times.
    crowd: { type: 'string', default: '20,100' },
    'skip-crowd': { type: 'boolean', default: false },
    // QR rotations on one element, and removals and re-appendings of one element, for the heap.
    rotations: { type: 'string', default: '1000' },
    cycles: { type: 'string', default: '1000' },
    // Leaves out the heap and what a removed element leaves running (about 30 s).
    'skip-heap': { type: 'boolean', default: false },
  },
});
const RUNS = Number(options.runs);
/** Added to every API answer, as a user far from GREEN-API sees it. */
const LATENCIES_MS = [0, 150];
const BUNDLES = ['dist/greenapi-qr.min.js', 'dist/greenapi-qr.iife.js'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

/** Bytes of each build output: raw, gzip -9 and brotli (quality 11), as a CDN serves them. */
async function bundleSizes() {
  const sizes = {};
  for (const path of BUNDLES) {
    const code = await readFile(resolve(ROOT, path));
    sizes[path] = {
      raw: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  return sizes;
}

/** Serves test/bench/ at / and dist/ at /dist/. */
async function startPages() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench.invalid').pathname;
    const file = path.startsWith('/dist/') ? resolve(ROOT, `.${path}`) : resolve(BENCH, `.${path}`);
    if (!file.startsWith(ROOT) || !(extname(file) in TYPES)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)], 'Cache-Control': 'no-store' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return listenOnLoopback(server);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Milliseconds from navigation to the first QR painted (the page's `qr-painted` mark), for a
 * fresh instance each time, with `latencyMs` added to every answer.
 */
async function firstQrPainted(browser, emulator, pagesUrl, page, latencyMs) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const instance = await emulator.control.createInstance();
    if (latencyMs) await emulator.control.addFault(instance.idInstance, { method: '*', latencyMs });
    const { tab } = await openBenchPage(browser, pagesUrl, page, emulator.url, instance);
    await untilQrPainted(tab);
    times.push(Math.round(await tab.evaluate(() => performance.getEntriesByName('qr-painted')[0].startTime)));
    await tab.close();
  }
  return { median: median(times), runs: times };
}

/**
 * Milliseconds from the scan on the emulator to the page knowing it: ours fires `authorized`; the
 * official example writes the state into its status text once a qr poll says alreadyLogged.
 */
async function scanToAuthorized(browser, emulator, pagesUrl, page, transport) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const instance = await emulator.control.createInstance();
    const { tab } = await openBenchPage(browser, pagesUrl, page, emulator.url, instance);
    await tab.evaluate((chosen) => {
      const qr = /** @type {any} */ (document.getElementById('qr'));
      if (!qr) return;
      qr.transport = chosen;
      qr.addEventListener('authorized', () => performance.mark('authorized'));
    }, transport);
    await untilQrPainted(tab);
    const scannedAt = await tab.evaluate(() => performance.now());
    await emulator.control.scan(instance.idInstance);
    await tab.waitForFunction(
      () => {
        if (performance.getEntriesByName('authorized').length) return true;
        if (document.getElementById('statusText')?.textContent !== 'authorized') return false;
        performance.mark('authorized');
        return true;
      },
      null,
      { timeout: 20_000, polling: 10 },
    );
    times.push(Math.round((await tab.evaluate(() => performance.getEntriesByName('authorized')[0].startTime)) - scannedAt));
    await tab.close();
  }
  return { median: median(times), runs: times };
}

const executablePath = findChrome();
if (!executablePath) throw new Error('Chromium is needed: apt-get install -y chromium (or set CHROME_PATH)');
const emulator = await startEmulator({ port: 0 });
const pages = await startPages();
const browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
try {
  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium ${browser.version()}`,
    runs: RUNS,
    bundles: await bundleSizes(),
    firstQrPainted: {},
    scanToAuthorized: {
      poll: {
        ours: await scanToAuthorized(browser, emulator, pages.url, 'ours.html', 'poll'),
        official: await scanToAuthorized(browser, emulator, pages.url, 'official.html', 'poll'),
      },
      websocket: { ours: await scanToAuthorized(browser, emulator, pages.url, 'ours.html', 'websocket') },
    },
  };
  for (const latencyMs of LATENCIES_MS) {
    results.firstQrPainted[`${latencyMs} ms`] = {
      ours: await firstQrPainted(browser, emulator, pages.url, 'ours.html', latencyMs),
      official: await firstQrPainted(browser, emulator, pages.url, 'official.html', latencyMs),
    };
  }
  if (!options['skip-crowd']) {
    results.crowd = {};
    for (const count of options.crowd
      .split(',')
      .map(Number)
      .filter((count) => count > 0)) {
      results.crowd[count] = await measureCrowd(browser, pages.url, count, RUNS);
    }
  }
  if (!options['skip-heap']) {
    results.heap = {
      rotations: await heapAfterRotations(browser, emulator, pages.url, Number(options.rotations)),
      cycles: await heapAfterCycles(browser, emulator, pages.url, Number(options.cycles)),
    };
    results.leftovers = {
      poll: await leftoversAfterRemoval(browser, emulator, pages.url, 'poll'),
      websocket: await leftoversAfterRemoval(browser, emulator, pages.url, 'websocket'),
    };
  }
  if (!options['skip-waste']) {
    const windowMs = Number(options['waste-window-ms']);
    results.waste = {
      windowMs,
      ours: await measureWaste(browser, emulator, pages.url, 'ours.html', windowMs),
      official: await measureWaste(browser, emulator, pages.url, 'official.html', windowMs),
    };
  }
  results.bytes = await bundleReport(ROOT, browser, emulator, pages.url);
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(table(results));
  console.log(`\nJSON: ${options.out}`);
} finally {
  await browser.close();
  await pages.close();
  await emulator.close();
}
