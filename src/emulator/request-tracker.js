// Accounting of GREEN-API-side requests: counts, concurrency and a short log.
//
// Tests use this to prove how the element behaves on the wire: that it never has two polls
// open at once (maxInFlight), that it aborts requests when it is removed from the page
// (aborted), and that it never exceeds a rate limit (the log's start times and statuses).
// Control-API requests are not tracked: they are the test talking, not the element.

/** How many log entries an instance keeps; older ones are dropped first. */
export const REQUEST_LOG_LIMIT = 500;

/**
 * @typedef {object} RequestLogEntry
 * @property {string} method canonical method name (or the lowercased path segment if unknown)
 * @property {number} startedAt epoch ms
 * @property {number | null} endedAt epoch ms; null while open
 * @property {number | null} status null while open, and for aborted requests
 * @property {boolean} aborted the client went away before the response was written
 */

/** Counters since the last reset. A reset swaps in a fresh object; see Instance.reset(). */
export class RequestStats {
  /** @param {number} openNow requests already open when these stats start */
  constructor(openNow = 0) {
    /** Null prototype: keys come from URL paths, and `__proto__` must be just another key. @type {Record<string, number>} */
    this.requests = Object.create(null);
    this.maxInFlight = openNow;
    this.aborted = 0;
    /** @type {RequestLogEntry[]} */
    this.log = [];
  }
}

/**
 * Starts tracking one request and wires up its completion. Requests that were open during a
 * reset keep updating the stats object they started with, so they cannot leak into the fresh
 * counters; only `open` (the live set used for inFlight) is shared across resets.
 * @param {{ stats: RequestStats, open: Set<object> }} owner the instance
 * @param {string} method
 * @param {import('node:http').ServerResponse} res
 * @param {Set<NodeJS.Timeout>} serverTimers every pending timer of the emulator, for close()
 */
export function trackRequest(owner, method, res, serverTimers) {
  const stats = owner.stats;
  /** @type {RequestLogEntry} */
  const entry = { method, startedAt: Date.now(), endedAt: null, status: null, aborted: false };
  stats.log.push(entry);
  if (stats.log.length > REQUEST_LOG_LIMIT) stats.log.splice(0, stats.log.length - REQUEST_LOG_LIMIT);
  stats.requests[method] = (stats.requests[method] ?? 0) + 1;

  const token = {};
  owner.open.add(token);
  stats.maxInFlight = Math.max(stats.maxInFlight, owner.open.size);

  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  let finished = false;

  res.on('finish', () => {
    finished = true;
    entry.endedAt = Date.now();
    entry.status = res.statusCode;
    owner.open.delete(token);
  });
  // 'close' also follows a normal 'finish'; without one it means the client disconnected.
  res.on('close', () => {
    if (finished) return;
    entry.endedAt = Date.now();
    entry.aborted = true;
    stats.aborted += 1;
    owner.open.delete(token);
    // A delayed answer for a client that is gone would only be thrown away; drop it now.
    for (const timer of timers) {
      clearTimeout(timer);
      serverTimers.delete(timer);
    }
    timers.clear();
  });

  return {
    entry,
    /**
     * setTimeout that is cancelled when the client disconnects or the emulator closes.
     * @param {() => void} callback
     * @param {number} ms
     */
    later(callback, ms) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        serverTimers.delete(timer);
        callback();
      }, ms);
      timers.add(timer);
      serverTimers.add(timer);
    },
  };
}
