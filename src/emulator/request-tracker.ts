// Accounting of GREEN-API-side requests: counts, concurrency and a short log.
//
// Tests use this to prove how the element behaves on the wire: that it never has two polls
// open at once (maxInFlight), that it aborts requests when it is removed from the page
// (aborted), and that it never exceeds a rate limit (the log's start times and statuses).
// Control-API requests are not tracked: they are the test talking, not the element.

import type { ServerResponse } from 'node:http';

/** How many log entries an instance keeps; older ones are dropped first. */
export const REQUEST_LOG_LIMIT = 500;

export interface RequestLogEntry {
  /** Canonical method name (or the lowercased path segment if unknown). */
  method: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms; null while open. */
  endedAt: number | null;
  /** Null while open, and for aborted requests. */
  status: number | null;
  /** The client went away before the response was written. */
  aborted: boolean;
}

/** Counters since the last reset. A reset swaps in a fresh object; see Instance.reset(). */
export class RequestStats {
  /** Null prototype: keys come from URL paths, and `__proto__` must be just another key. */
  readonly requests: Record<string, number> = Object.create(null) as Record<string, number>;
  maxInFlight: number;
  aborted = 0;
  readonly log: RequestLogEntry[] = [];

  /** @param openNow requests already open when these stats start */
  constructor(openNow = 0) {
    this.maxInFlight = openNow;
  }
}

/** What trackRequest needs of an instance. */
export interface TrackedOwner {
  stats: RequestStats;
  /** Live open GREEN-API requests, shared across resets. */
  open: Set<object>;
}

export interface TrackedRequest {
  entry: RequestLogEntry;
  /** setTimeout that is cancelled when the client disconnects or the emulator closes. */
  later(callback: () => void, ms: number): void;
}

/**
 * Starts tracking one request and wires up its completion. Requests that were open during a
 * reset keep updating the stats object they started with, so they cannot leak into the fresh
 * counters; only `open` (the live set used for inFlight) is shared across resets.
 * `serverTimers` holds every pending timer of the emulator, for close().
 */
export function trackRequest(owner: TrackedOwner, method: string, res: ServerResponse, serverTimers: Set<NodeJS.Timeout>): TrackedRequest {
  const stats = owner.stats;
  const entry: RequestLogEntry = { method, startedAt: Date.now(), endedAt: null, status: null, aborted: false };
  stats.log.push(entry);
  if (stats.log.length > REQUEST_LOG_LIMIT) stats.log.splice(0, stats.log.length - REQUEST_LOG_LIMIT);
  stats.requests[method] = (stats.requests[method] ?? 0) + 1;

  const token = {};
  owner.open.add(token);
  stats.maxInFlight = Math.max(stats.maxInFlight, owner.open.size);

  const timers = new Set<NodeJS.Timeout>();
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
