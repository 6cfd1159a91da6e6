// @ts-check
// Keeps GREEN-API's per-instance limits however many pages ask through one relay process: reads
// (`qr`, `getStateInstance`, `getWaSettings`) are shared, actions (`logout`,
// `getAuthorizationCode`) are paced one at a time and never shared.

/**
 * One upstream answer, as the relay passes it on.
 * @typedef {{ status: number, contentType: string, body: string }} UpstreamAnswer
 */

/**
 * @typedef {object} Slot
 * @property {Promise<UpstreamAnswer> | undefined} inFlight the read being asked upstream now
 * @property {UpstreamAnswer | undefined} answer the last read's answer
 * @property {number} answeredAt when it came
 * @property {number} lastStart when the last action left
 * @property {Promise<unknown>} turn actions queue up behind each other on it
 * @property {number} queued actions waiting or in flight
 */

/** Past this many slots, each request first drops the ones whose window is over. */
const SWEEP_ABOVE = 256;

export class UpstreamCoalescer {
  /** @type {Map<string, Slot>} */
  #slots = new Map();
  /** The longest window of any method, for sweeping. */
  #longestGapMs = 0;

  /**
   * A read: joins the request in flight for `key`, or takes the answer that came less than
   * `gapMs` ago, or else asks upstream. So `key` (one instance's method) is asked at most once per
   * `gapMs` from the previous answer, which also keeps starts `gapMs` apart.
   * @param {string} key
   * @param {number} gapMs
   * @param {() => Promise<UpstreamAnswer>} ask
   * @returns {Promise<UpstreamAnswer>}
   */
  read(key, gapMs, ask) {
    const slot = this.#slot(key, gapMs);
    if (slot.inFlight) return slot.inFlight;
    if (slot.answer && Date.now() - slot.answeredAt < gapMs) return Promise.resolve(slot.answer);
    const inFlight = ask().then(
      (answer) => {
        slot.answer = answer;
        slot.answeredAt = Date.now();
        return answer;
      },
    );
    slot.inFlight = inFlight;
    // Failures (unreachable, timeout) reach everyone who joined, and are not kept.
    inFlight.then(
      () => (slot.inFlight = undefined),
      () => (slot.inFlight = undefined),
    );
    return inFlight;
  }

  /**
   * An action: waits its turn behind earlier actions on `key` and until `gapMs` after the last one
   * left, then asks upstream. A caller that goes away while waiting (`signal`) sends nothing.
   * @param {string} key
   * @param {number} gapMs
   * @param {AbortSignal} signal
   * @param {() => Promise<UpstreamAnswer>} ask
   * @returns {Promise<UpstreamAnswer>}
   */
  act(key, gapMs, signal, ask) {
    const slot = this.#slot(key, gapMs);
    slot.queued += 1;
    const mine = slot.turn.then(async () => {
      await delay(slot.lastStart + gapMs - Date.now(), signal);
      slot.lastStart = Date.now();
      return ask();
    });
    slot.turn = mine.then(
      () => (slot.queued -= 1),
      () => (slot.queued -= 1),
    );
    return mine;
  }

  /** @param {string} key @param {number} gapMs @returns {Slot} */
  #slot(key, gapMs) {
    this.#longestGapMs = Math.max(this.#longestGapMs, gapMs);
    if (this.#slots.size > SWEEP_ABOVE) this.#sweep();
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { inFlight: undefined, answer: undefined, answeredAt: 0, lastStart: 0, turn: Promise.resolve(), queued: 0 };
      this.#slots.set(key, slot);
    }
    return slot;
  }

  /** Drops slots with nothing in flight and every window over, so memory follows the instances in use. */
  #sweep() {
    const over = Date.now() - this.#longestGapMs;
    for (const [key, slot] of this.#slots) {
      if (!slot.inFlight && slot.queued === 0 && slot.answeredAt < over && slot.lastStart < over) this.#slots.delete(key);
    }
  }
}

/**
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<void>}
 */
function delay(ms, signal) {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    }, ms);
    function cancel() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', cancel, { once: true });
  });
}
