// Exact sliding-window rate limiter, one window per (instance, method).
//
// GREEN-API documents per-instance, per-method limits (https://green-api.com/en/docs/api/ratelimiter/)
// and answers 429 above them. The emulator has to be exact rather than approximate: tests use it
// to prove that the element never polls faster than allowed, so a limiter that sometimes lets a
// fourth `qr` through (or rejects a legal third one) would make those tests meaningless.
//
// Rule: a request that starts at time `now` is accepted when fewer than `limit` ACCEPTED
// requests started in the half-open window (now - 1000 ms, now]. Two 1/s requests exactly
// 1000 ms apart are therefore both accepted. Rejected requests do not occupy the window, the
// way a token-bucket limiter (the real API reports X-RateLimit-Replenish-Rate) does not charge
// for refused requests.

export const WINDOW_MS = 1000;

export class SlidingWindowLimiter {
  constructor() {
    /** @type {Map<string, number[]>} method → start times of accepted requests, oldest first */
    this.windows = new Map();
  }

  /**
   * Decides one request and, when accepted, records it.
   * @param {string} method canonical method name
   * @param {number} limit requests per WINDOW_MS
   * @param {number} now epoch ms at request start
   * @returns {{ allowed: boolean, remaining: number }} remaining = slots left after this request
   */
  take(method, limit, now) {
    const starts = this.windows.get(method) ?? [];
    while (starts.length > 0 && starts[0] <= now - WINDOW_MS) starts.shift();
    this.windows.set(method, starts);
    if (starts.length >= limit) return { allowed: false, remaining: 0 };
    starts.push(now);
    return { allowed: true, remaining: limit - starts.length };
  }

  clear() {
    this.windows.clear();
  }
}
