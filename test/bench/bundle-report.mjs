// Where the module build's bytes go. The entry (dist/greenapi-qr.min.js) loads further ES chunks
// next to it (test/bundle-files.mjs finds them). Three figures come out:
//   - "module build, everything": gzip -9 of the entry and of every chunk it can load, summed;
//   - "default path, first load": the same sum over the build files a page really fetched before
//     the element had its first code with the default settings (QR, polling, English), in Chromium;
//   - the bytes by source file, from the source maps (source-map-explorer), lit's packages as one.
// Gzip is per file, as a server sends each file.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { explore } from 'source-map-explorer';
import { gzipSum, moduleFiles } from '../bundle-files.mjs';
import { untilQrPainted } from './waste.mjs';

/** How many sources the printed report lists. */
const TOP = 12;

/**
 * The build files ours.html needed for its first QR, with the element's defaults: the page's
 * JavaScript responses (page.on('response')) whose requests started before the element had its
 * first code (the `qr-shown` mark), so that chunks preloaded while the code shows are left out.
 * @param {string} root
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} emulator
 * @param {string} pagesUrl
 */
export async function firstLoad(root, browser, emulator, pagesUrl) {
  const { idInstance, apiTokenInstance } = await emulator.control.createInstance();
  const tab = await browser.newPage();
  /** @type {{ path: string, startedAt: number }[]} startedAt: epoch ms */
  const responses = [];
  tab.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/dist/') && pathname.endsWith('.js'))
      responses.push({ path: pathname.slice(1), startedAt: response.request().timing().startTime });
  });
  try {
    await tab.goto(`${pagesUrl}/ours.html?${new URLSearchParams({ apiUrl: emulator.url, idInstance, apiTokenInstance })}`);
    await untilQrPainted(tab);
    const shownAt = await tab.evaluate(() => performance.timeOrigin + performance.getEntriesByName('qr-shown')[0].startTime);
    const fetched = [...new Set(responses.filter(({ startedAt }) => startedAt < shownAt).map(({ path }) => path))];
    return gzipSum(root, fetched);
  } finally {
    await tab.close();
  }
}

/**
 * A source's name in the report: its path under src/, its package under node_modules (lit's
 * packages as "lit"), or source-map-explorer's own keys ([unmapped], [EOLs], …).
 * @param {string} source
 */
function sourceName(source) {
  const modules = source.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = source.slice(modules + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return /^(lit|lit-html|lit-element|@lit\/.*)$/.test(name) ? 'lit' : name;
  }
  const src = source.indexOf('src/');
  return src >= 0 ? source.slice(src) : source;
}

/**
 * Bytes by source over the given build files: minified bytes (they add up to the files' sizes)
 * and gzip -9 of each source's bytes alone (source-map-explorer's gzip option; these add up to
 * more than the files' gzip, which shares one dictionary across sources).
 * @param {string} root
 * @param {string[]} paths
 */
export async function bytesBySource(root, paths) {
  /** @type {Map<string, { bytes: number, gzipAlone: number }>} */
  const sources = new Map();
  const add = (/** @type {string} */ name, /** @type {'bytes' | 'gzipAlone'} */ key, /** @type {number} */ size) => {
    const entry = sources.get(name) ?? { bytes: 0, gzipAlone: 0 };
    entry[key] += size;
    sources.set(name, entry);
  };
  let total = 0;
  for (const path of paths) {
    const code = resolve(root, path);
    const map = `${code}.map`;
    total += (await readFile(code)).length;
    if (!existsSync(map)) {
      add(`[no source map] ${path}`, 'bytes', (await readFile(code)).length);
      continue;
    }
    for (const [key, gzip] of /** @type {const} */ ([
      ['bytes', false],
      ['gzipAlone', true],
    ])) {
      // noBorderChecks: the minifier's maps end a line's last mapping at column Infinity.
      const result = await explore({ code, map }, { gzip, noRoot: true, noBorderChecks: true });
      for (const [source, { size }] of Object.entries(result.bundles[0].files)) add(sourceName(source), key, size);
    }
  }
  const list = [...sources].map(([name, sizes]) => ({ name, ...sizes })).sort((a, b) => b.bytes - a.bytes);
  return { files: paths, bytes: total, sources: list };
}

/**
 * Every figure of this module.
 * @param {string} root
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} emulator
 * @param {string} pagesUrl
 */
export async function bundleReport(root, browser, emulator, pagesUrl) {
  const files = await moduleFiles(root);
  return {
    moduleBuild: await gzipSum(root, files),
    firstLoad: await firstLoad(root, browser, emulator, pagesUrl),
    bySource: await bytesBySource(root, files),
  };
}

/**
 * The printed report: the TOP sources by minified bytes.
 * @param {Awaited<ReturnType<typeof bundleReport>>} report
 */
export function bySourceTable(report) {
  const { bytes, files, sources } = report.bySource;
  const rows = [
    `Where the module build's bytes go (${files.length} file${files.length === 1 ? '' : 's'}, ${bytes} B minified; gzip of each source alone, which adds up to more than the files' gzip):`,
    '',
    '| Source | Minified | Share | Gzip alone |',
    '| --- | --- | --- | --- |',
  ];
  for (const { name, bytes: size, gzipAlone } of sources.slice(0, TOP)) {
    rows.push(`| ${name} | ${size} B | ${((100 * size) / bytes).toFixed(1)} % | ${gzipAlone ? `${gzipAlone} B` : '—'} |`);
  }
  const rest = sources.slice(TOP);
  if (rest.length) rows.push(`| ${rest.length} more | ${rest.reduce((sum, { bytes: size }) => sum + size, 0)} B | | |`);
  return rows.join('\n');
}
