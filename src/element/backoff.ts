export interface BackoffOptions {
  /** Delay before the first retry. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential, capped, with
 * "equal jitter" — half the delay fixed, half random — so that many pages that lost the
 * network together do not come back in lockstep, yet no retry fires immediately.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, { baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
