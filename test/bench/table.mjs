// The bench's figures as the markdown table it prints (and the README shows).

import { bySourceTable } from './bundle-report.mjs';
import { AFTER_MS } from './crowd.mjs';
import { LIVE_AT_MS, WINDOW_MS } from './leftovers.mjs';

const count = (/** @type {number} */ n) => n.toLocaleString('en-US');
const signed = (/** @type {number} */ n) => `${n >= 0 ? '+' : '-'}${Math.abs(n)}`;
const kB = (/** @type {number} */ n) => `${signed(n)} kB`;
const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** @param {any} results what run.mjs gathered */
export function table(results) {
  const rows = [
    `Bench of ${results.date.slice(0, 10)} on ${results.machine}; medians of ${results.runs} page loads.`,
    '',
    '| Measure | `<greenapi-qr>` | Official example’s algorithm |',
    '| --- | --- | --- |',
  ];
  for (const [latency, { ours, official }] of Object.entries(results.firstQrPainted)) {
    rows.push(`| First QR painted, ${latency} added latency | ${ours.median} ms | ${official.median} ms |`);
  }
  const { poll, websocket } = results.scanToAuthorized;
  rows.push(`| Scan → the page knows, polling | ${poll.ours.median} ms | ${poll.official.median} ms |`);
  rows.push(`| Scan → the page knows, WebSocket | ${websocket.ours.median} ms | — |`);
  // The official example shows one QR per page: the crowd is ours alone.
  for (const crowd of Object.values(results.crowd ?? {})) {
    const served = `last code answered at ${crowd.lastFirstCodeAnsweredMs} ms; the emulator alone serves them in ${crowd.servedAloneMs} ms`;
    rows.push(`| ${crowd.count} elements on one page: all QRs painted | ${crowd.allPaintedMs} ms (${served}) | — |`);
    rows.push(
      `| ${crowd.count} elements on one page: longest task until ${AFTER_MS / 1000} s later (only tasks ≥ 50 ms are seen; 0: none) | ${crowd.longestTaskMs} ms | — |`,
    );
  }
  if (results.heap) {
    const { rotations, cycles } = results.heap;
    const asked = rotations.rotations < rotations.asked ? ` (of ${count(rotations.asked)} asked, in ${rotations.seconds} s)` : '';
    rows.push(
      `| Heap growth after ${count(rotations.rotations)} QR rotations${asked}, WebSocket | ${kB(rotations.heapGrowthKB)} (${kB(rotations.afterWarmUp.heapGrowthKB)} after the first ${count(rotations.afterWarmUp.rotations)}) | — |`,
    );
    rows.push(
      `| Heap growth after ${count(cycles.cycles)} removals and re-appendings | ${kB(cycles.heapGrowthKB)} (${kB(cycles.afterWarmUp.heapGrowthKB)} after the first ${count(cycles.afterWarmUp.cycles)}), event listeners ${signed(cycles.listenersGrowth)} | — |`,
    );
  }
  for (const left of Object.values(results.leftovers ?? {})) {
    const transport = left.transport === 'poll' ? 'polling' : 'WebSocket';
    rows.push(
      `| Left after removal, ${transport}: timers live at ${LIVE_AT_MS / 1000} s; requests, sockets opened and sockets open in ${WINDOW_MS / 1000} s | ${plural(left.liveTimers, 'timer')}; ${plural(left.requests, 'request')}, ${left.socketsOpened} opened, ${left.socketsStillOpen} open | — |`,
    );
  }
  if (results.waste) {
    const { windowMs, ours, official } = results.waste;
    const seconds = `${windowMs / 1000} s`;
    const wasteRows = [
      ['Most requests in flight, answers taking 6 s', 'maxInFlightAt6sLatency'],
      [`Requests in ${seconds} while the page is hidden`, 'whileHidden'],
      [`Requests in ${seconds} while offline`, 'whileOffline'],
      [`Requests in ${seconds} after a 401`, 'after401'],
      [`Requests in ${seconds} after the phone linked`, 'afterAuthorized'],
      [`Requests in ${seconds} after the element was removed`, 'afterRemoval'],
    ];
    for (const [label, key] of wasteRows) rows.push(`| ${label} | ${ours[key] ?? '—'} | ${official[key] ?? '—'} |`);
  }
  for (const [path, size] of Object.entries(results.bundles)) {
    rows.push(`| \`${path}\` | ${size.gzip} B gzip, ${size.brotli} B brotli (${size.raw} B) | — |`);
  }
  if (results.bytes) {
    const { firstLoad, moduleBuild } = results.bytes;
    const files = (/** @type {{ files: object }} */ figure) => plural(Object.keys(figure.files).length, 'file');
    rows.push(
      `| Default path, first load: the build's JS fetched before the first QR (QR, polling, English) | ${firstLoad.gzip} B gzip, ${files(firstLoad)} | — |`,
    );
    rows.push(`| Module build, everything: the entry and every chunk it can load | ${moduleBuild.gzip} B gzip, ${files(moduleBuild)} | — |`);
    rows.push('', bySourceTable(results.bytes));
  }
  return rows.join('\n');
}
