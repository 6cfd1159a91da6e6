// The bench's crowd: N <greenapi-qr> elements on one page (crowd.html), each with its own emulator
// instance (GREEN-API's rate limits are per instance, so N instances poll as N pages would). It
// measures the time from navigation until every element shows a painted QR, and the longest
// main-thread task from navigation until AFTER_MS after that. The Long Tasks API only reports
// tasks of 50 ms or more, so "0" means no task reached 50 ms (the goal at 100 elements).
//
// Beside the page's figures it keeps where the time went: when the last element's first code
// arrived (resource timing, on the page's clock), how long the browser held requests before
// sending them (Chromium opens at most 6 HTTP/1.1 connections to one host), and how busy the
// emulator was: the crowd gets an emulator on a thread of its own, whose event-loop utilization
// until every QR was painted says whether its one thread (PNG encoding included) was the bottleneck.
// And how fast the emulator serves the same requests with no browser at all: getStateInstance then
// qr for N fresh instances, from Node over 6 keep-alive connections, as Chromium would send them.

import { Agent, request } from 'node:http';
import { startEmulatorThread } from './emulator-thread.mjs';

/** How long after the last QR is painted long tasks are still watched. */
export const AFTER_MS = 3000;

/** @typedef {Awaited<ReturnType<typeof startEmulatorThread>>} Emulator */

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The crowd page loaded `runs` times, each with fresh instances: the median of each figure (each
 * on its own), and every run's figures.
 * @param {import('playwright-core').Browser} browser
 * @param {string} pagesUrl
 * @param {number} count elements on the page
 * @param {number} runs
 */
export async function measureCrowd(browser, pagesUrl, count, runs) {
  const emulator = await startEmulatorThread();
  const all = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await crowdOnce(browser, emulator, pagesUrl, count);
      // Once the page is closed, so that its polling does not compete.
      all.push({ ...page, servedAloneMs: await servedAlone(emulator, count) });
    }
  } finally {
    await emulator.close();
  }
  return {
    count,
    allPaintedMs: median(all.map((run) => run.allPaintedMs)),
    lastFirstCodeAnsweredMs: median(all.map((run) => run.lastFirstCodeAnsweredMs)),
    servedAloneMs: median(all.map((run) => run.servedAloneMs)),
    longestTaskMs: median(all.map((run) => run.longestTaskMs)),
    longestRequestQueuedMs: median(all.map((run) => run.longestRequestQueuedMs)),
    emulatorBusyPercent: median(all.map((run) => run.emulatorBusyPercent)),
    runs: all,
  };
}

/**
 * @param {import('playwright-core').Browser} browser
 * @param {Emulator} emulator
 * @param {string} pagesUrl
 * @param {number} count elements on the page
 */
async function crowdOnce(browser, emulator, pagesUrl, count) {
  const instances = [];
  for (let i = 0; i < count; i++) instances.push(await emulator.control.createInstance());
  const tab = await browser.newPage();
  /** @type {{ startTime: number, queuedMs: number }[]} epoch ms; ms from the page's fetch to sending */
  const sent = [];
  // Playwright's timings come from the browser's side, so they are there for cross-origin
  // requests too (the page's own resource timings of them are zero without Timing-Allow-Origin).
  tab.on('requestfinished', (request) => {
    if (!request.url().includes('/waInstance')) return;
    const { startTime, requestStart } = request.timing();
    if (requestStart >= 0) sent.push({ startTime, queuedMs: requestStart });
  });
  try {
    const list = instances.map(({ idInstance, apiTokenInstance }) => `${idInstance}:${apiTokenInstance}`).join(',');
    const loopBefore = emulator.busy();
    await tab.goto(`${pagesUrl}/crowd.html?${new URLSearchParams({ apiUrl: emulator.url, instances: list })}`);
    await tab.waitForFunction(() => performance.getEntriesByName('crowd-painted').length > 0, null, { timeout: 60_000 });
    const emulatorBusy = emulator.busy(loopBefore).utilization;
    await tab.waitForTimeout(AFTER_MS);
    const page = await tab.evaluate(readPage);
    const paintedAt = page.timeOrigin + page.allPaintedMs;
    const queued = sent.filter(({ startTime }) => startTime < paintedAt).map(({ queuedMs }) => queuedMs);
    return {
      allPaintedMs: Math.round(page.allPaintedMs),
      longestTaskMs: page.longestTaskMs,
      longestTaskUntilPaintedMs: page.longestTaskUntilPaintedMs,
      longTasks: page.longTasks,
      lastFirstCodeAnsweredMs: Math.round(page.lastFirstCodeAnsweredMs),
      longestRequestQueuedMs: Math.round(Math.max(0, ...queued)),
      // GREEN-API requests sent before every QR was painted: the first ones, and the polls of the
      // elements that already showed a code, which share the same 6 connections.
      requestsUntilPainted: queued.length,
      emulatorBusyPercent: Math.round(emulatorBusy * 100),
      longTaskList: page.longTaskList,
    };
  } finally {
    await tab.close();
  }
}

/** Runs in the page: its marks, long tasks and resource timings. */
function readPage() {
  const allPaintedMs = performance.getEntriesByName('crowd-painted')[0].startTime;
  /** @type {PerformanceEntry[]} */
  const tasks = /** @type {any} */ (window).benchLongTasks;
  const longest = (/** @type {PerformanceEntry[]} */ entries) => Math.round(Math.max(0, ...entries.map((task) => task.duration)));
  /** @type {Map<string, number>} the first `qr` answer of each instance (responseEnd is there without Timing-Allow-Origin) */
  const firstCode = new Map();
  for (const entry of /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))) {
    const instance = /\/waInstance(\d+)\/qr\//i.exec(entry.name)?.[1];
    if (instance && !firstCode.has(instance)) firstCode.set(instance, entry.responseEnd);
  }
  return {
    timeOrigin: performance.timeOrigin,
    allPaintedMs,
    longestTaskMs: longest(tasks),
    longestTaskUntilPaintedMs: longest(tasks.filter((task) => task.startTime < allPaintedMs)),
    longTasks: tasks.length,
    longTaskList: tasks.map((task) => ({ startMs: Math.round(task.startTime), durationMs: Math.round(task.duration) })),
    lastFirstCodeAnsweredMs: Math.max(0, ...firstCode.values()),
  };
}

/**
 * Milliseconds the emulator takes to answer getStateInstance, then qr, for `count` fresh
 * instances, asked from Node over 6 keep-alive connections (Chromium's limit for one host).
 * @param {Emulator} emulator
 * @param {number} count
 */
async function servedAlone(emulator, count) {
  const instances = [];
  for (let i = 0; i < count; i++) instances.push(await emulator.control.createInstance());
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  const get = (/** @type {string} */ path) =>
    new Promise((done, fail) => {
      request(`${emulator.url}${path}`, { agent }, (response) => response.resume().on('end', done))
        .on('error', fail)
        .end();
    });
  const startedAt = performance.now();
  await Promise.all(
    instances.map(async ({ idInstance, apiTokenInstance }) => {
      await get(`/waInstance${idInstance}/getStateInstance/${apiTokenInstance}`);
      await get(`/waInstance${idInstance}/qr/${apiTokenInstance}`);
    }),
  );
  const ms = Math.round(performance.now() - startedAt);
  agent.destroy();
  return ms;
}
