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

/** The limits are per second. */
export const WINDOW_MS = 1000;

export interface Admission {
  allowed: boolean;
  /** Slots left after this request. */
  remaining: number;
}

export class SlidingWindowLimiter {
  /** method → start times of accepted requests, oldest first */
  readonly windows = new Map<string, number[]>();

  /** Decides one request of `method` (at most `limit` per WINDOW_MS) starting at `now` and, when accepted, records it. */
  take(method: string, limit: number, now: number): Admission {
    const starts = this.windows.get(method) ?? [];
    while (starts.length > 0 && starts[0] <= now - WINDOW_MS) starts.shift();
    this.windows.set(method, starts);
    if (starts.length >= limit) return { allowed: false, remaining: 0 };
    starts.push(now);
    return { allowed: true, remaining: limit - starts.length };
  }

  clear(): void {
    this.windows.clear();
  }
}
