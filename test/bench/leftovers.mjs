// What a removed element leaves running: requests and sockets the page opens in the WINDOW_MS after
// removal (Playwright's page.on('request') and page.on('websocket')), the element's socket still
// open then, and the timers still live LIVE_AT_MS after removal. Timers are counted by an init
// script that wraps setTimeout, setInterval, clearTimeout and clearInterval before any of the
// page's scripts run: a timeout is live until it fires or is cleared, an interval until cleared.
// The bench page sets no timers of its own, and Playwright's helpers run in their own world, so
// every live timer is the element's (or Lit's).

import { openBenchPage, untilQrPainted } from './waste.mjs';

export const WINDOW_MS = 3000;
export const LIVE_AT_MS = 1000;

/** Runs in the page before its scripts: keeps `window.benchTimers`, the live timers by id. */
function countTimers() {
  /** @type {Map<number, { kind: string, delay: number, stack: string }>} */
  const live = new Map();
  const original = { setTimeout: setTimeout.bind(window), setInterval: setInterval.bind(window), clearTimeout: clearTimeout.bind(window) };
  const where = () => (new Error().stack ?? '').split('\n').slice(3, 6).map((line) => line.trim()).join(' < ');
  /** @type {any} */ (window).setTimeout = (/** @type {any} */ handler, /** @type {number} */ delay = 0, /** @type {any[]} */ ...args) => {
    if (typeof handler !== 'function') return original.setTimeout(handler, delay, ...args);
    const id = original.setTimeout((/** @type {any[]} */ ...given) => {
      live.delete(id);
      handler(...given);
    }, delay, ...args);
    live.set(id, { kind: 'timeout', delay, stack: where() });
    return id;
  };
  /** @type {any} */ (window).setInterval = (/** @type {any} */ handler, /** @type {number} */ delay = 0, /** @type {any[]} */ ...args) => {
    const id = original.setInterval(handler, delay, ...args);
    live.set(id, { kind: 'interval', delay, stack: where() });
    return id;
  };
  // Either clear function cancels either kind of timer (they share one list of ids).
  window.clearTimeout = window.clearInterval = (/** @type {number | undefined} */ id) => {
    if (id !== undefined) live.delete(id);
    original.clearTimeout(id);
  };
  Object.defineProperty(window, 'benchTimers', { value: live });
}

const wait = (/** @type {number} */ ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} emulator
 * @param {string} pagesUrl
 * @param {'poll' | 'websocket'} transport
 */
export async function leftoversAfterRemoval(browser, emulator, pagesUrl, transport) {
  const instance = await emulator.control.createInstance();
  const { tab, sent } = await openBenchPage(browser, pagesUrl, 'ours.html', emulator.url, instance, { params: { transport }, initScript: countTimers });
  /** @type {{ opened: number, open: Set<import('playwright-core').WebSocket> }} */
  const sockets = { opened: 0, open: new Set() };
  tab.on('websocket', (socket) => {
    sockets.opened++;
    sockets.open.add(socket);
    socket.on('close', () => sockets.open.delete(socket));
  });
  try {
    await untilQrPainted(tab);
    if (transport === 'websocket' && sockets.open.size !== 1) throw new Error('the element did not keep its scanqrcode socket open');
    const liveBefore = await tab.evaluate(() => /** @type {Map<number, unknown>} */ (/** @type {any} */ (window).benchTimers).size);
    const before = { requests: sent.length, sockets: sockets.opened };
    await tab.evaluate(() => document.getElementById('qr')?.remove());
    await wait(LIVE_AT_MS);
    const timers = await tab.evaluate(() => [.../** @type {Map<number, object>} */ (/** @type {any} */ (window).benchTimers).values()]);
    await wait(WINDOW_MS - LIVE_AT_MS);
    return {
      transport,
      requests: sent.length - before.requests,
      socketsOpened: sockets.opened - before.sockets,
      socketsStillOpen: sockets.open.size,
      liveTimersBefore: liveBefore,
      liveTimers: timers.length,
      timers,
    };
  } finally {
    await tab.close();
  }
}
