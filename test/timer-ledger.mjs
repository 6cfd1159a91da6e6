// A ledger of the timers a page holds, set up before any of its scripts run: a timeout is live until
// it fires or is cleared, an interval until it is cleared. npm run bench installs it as an init
// script (test/bench/leftovers.mjs); the end-to-end test pages serve it as a classic script
// (TIMER_LEDGER_SCRIPT), since their CSP allows no inline script and not every engine's driver takes
// init scripts.

/** Runs in the page: keeps `window.timerLedger`, the live timers by id, each with its kind, delay and the stack that set it. */
export function keepTimerLedger() {
  /** @type {Map<number, { kind: string, delay: number, stack: string }>} */
  const live = new Map();
  const original = { setTimeout: setTimeout.bind(window), setInterval: setInterval.bind(window), clearTimeout: clearTimeout.bind(window) };
  /** @type {any} */ (window).setTimeout = (/** @type {any} */ handler, /** @type {number} */ delay = 0, /** @type {any[]} */ ...args) => {
    if (typeof handler !== 'function') return original.setTimeout(handler, delay, ...args);
    const id = original.setTimeout(
      (/** @type {any[]} */ ...given) => {
        live.delete(id);
        handler(...given);
      },
      delay,
      ...args,
    );
    live.set(id, { kind: 'timeout', delay, stack: new Error().stack ?? '' });
    return id;
  };
  /** @type {any} */ (window).setInterval = (/** @type {any} */ handler, /** @type {number} */ delay = 0, /** @type {any[]} */ ...args) => {
    const id = original.setInterval(handler, delay, ...args);
    live.set(id, { kind: 'interval', delay, stack: new Error().stack ?? '' });
    return id;
  };
  window.clearTimeout = window.clearInterval = (/** @type {number | undefined} */ id) => {
    if (id !== undefined) live.delete(id);
    original.clearTimeout(id);
  };
  Object.defineProperty(window, 'timerLedger', { value: live });
}

/** keepTimerLedger as a classic script of its own. */
export const TIMER_LEDGER_SCRIPT = `'use strict';\n(${keepTimerLedger})();\n`;
