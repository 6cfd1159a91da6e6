// What a removed element leaves running: requests and sockets the page opens in the WINDOW_MS after
// removal (Playwright's page.on('request') and page.on('websocket')), the element's socket still
// open then, and the timers still live LIVE_AT_MS after removal. Timers are counted by an init
// script (test/timer-ledger.mjs) that wraps setTimeout, setInterval, clearTimeout and clearInterval
// before any of the page's scripts run.
// The bench page sets no timers of its own, and Playwright's helpers run in their own world, so
// every live timer is the element's (or Lit's).

import { keepTimerLedger } from '../timer-ledger.mjs';
import { openBenchPage, untilQrPainted } from './waste.mjs';

export const WINDOW_MS = 3000;
export const LIVE_AT_MS = 1000;

const wait = (/** @type {number} */ ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} emulator
 * @param {string} pagesUrl
 * @param {'poll' | 'websocket'} transport
 */
export async function leftoversAfterRemoval(browser, emulator, pagesUrl, transport) {
  const instance = await emulator.control.createInstance();
  const { tab, sent } = await openBenchPage(browser, pagesUrl, 'ours.html', emulator.url, instance, { params: { transport }, initScript: keepTimerLedger });
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
    const liveBefore = await tab.evaluate(() => /** @type {Map<number, unknown>} */ (/** @type {any} */ (window).timerLedger).size);
    const before = { requests: sent.length, sockets: sockets.opened };
    await tab.evaluate(() => document.getElementById('qr')?.remove());
    await wait(LIVE_AT_MS);
    const timers = await tab.evaluate(() => [.../** @type {Map<number, object>} */ (/** @type {any} */ (window).timerLedger).values()]);
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
