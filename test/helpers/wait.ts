/*
 * Waiting on real network I/O while sinon fakes setTimeout and Date: these helpers keep a handle on
 * the real timer functions, taken before any test installs a fake clock.
 */
const realSetTimeout = window.setTimeout.bind(window);

/** Milliseconds of real time (performance.now, which sinon leaves alone). */
export const realNow: () => number = performance.now.bind(performance);

export function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Resolves once `condition` holds, checking every 10 ms of real time; rejects after `timeoutMs` of real time. */
export async function until(condition: () => boolean | Promise<boolean>, message = 'condition', timeoutMs = 4000): Promise<void> {
  const start = realNow();
  while (!(await condition())) {
    if (realNow() - start > timeoutMs) throw new Error(`Timed out waiting for ${message}`);
    await realDelay(10);
  }
}
