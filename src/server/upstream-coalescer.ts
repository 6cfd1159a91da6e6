// Keeps GREEN-API's per-instance limits however many pages ask through one relay process: reads
// (`qr`, `getStateInstance`, `getWaSettings`) are shared, actions (`logout`,
// `getAuthorizationCode`) are paced and never shared. Bounded both ways: an action waits at most
// a few seconds for its turn, and the slots kept per instance are capped.

/** One upstream answer, as the relay passes it on: the status and the body ('' for none). */
export interface UpstreamAnswer {
  status: number;
  body: string;
}

/** What is kept for one key (one instance's method). */
interface Slot {
  /** the read being asked upstream now */
  inFlight: Promise<UpstreamAnswer> | undefined;
  /** the last read's answer */
  answer: UpstreamAnswer | undefined;
  /** when it came */
  answeredAt: number;
  /** the earliest moment the next action may leave */
  nextStart: number;
  /** actions waiting for their turn */
  waiting: number;
}

/**
 * However many requests for one instance are held open, another page's action waits at most this
 * long: a turn further away is refused at once (429 with Retry-After) instead of queued.
 */
export const ACTION_WAIT_LIMIT_MS = 3000;
/** From this many slots on, a new key first drops the slots whose window is over. */
const SWEEP_FROM = 256;
/** Slots still busy after a sweep (reads in flight, actions waiting) beyond this refuse new keys. */
export const MAX_SLOTS = 10_000;

/** An action whose turn is further than ACTION_WAIT_LIMIT_MS away. */
export class TurnTooFar extends Error {
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super('too many actions are waiting for this instance');
    this.retryAfterMs = retryAfterMs;
  }
}

/** Every slot is busy: more instances are being asked about at once than the relay keeps. */
export class TooManyInstances extends Error {
  constructor() {
    super(`more than ${MAX_SLOTS} instances are being asked about at once`);
  }
}

export class UpstreamCoalescer {
  readonly #slots = new Map<string, Slot>();
  /** The longest window of any method, for sweeping. */
  #longestGapMs = 0;
  /** The size at which the next sweep runs: twice what the last one left, so sweeps cost O(1) per new key. */
  #sweepAt = SWEEP_FROM;
  /** A sweep due once the windows now open are over: answers (a QR code is kB) are not kept for instances nobody asks about any more. */
  #expiry: ReturnType<typeof setTimeout> | undefined;

  /** How many slots are kept now (for tests and monitoring). */
  get size(): number {
    return this.#slots.size;
  }

  /**
   * A read: joins the request in flight for `key`, or takes the answer that came less than
   * `gapMs` ago, or else asks upstream. So `key` (one instance's method) is asked at most once per
   * `gapMs` from the previous answer, which also keeps starts `gapMs` apart.
   */
  read(key: string, gapMs: number, ask: () => Promise<UpstreamAnswer>): Promise<UpstreamAnswer> {
    const slot = this.#slot(key, gapMs);
    if (slot.inFlight) return slot.inFlight;
    if (slot.answer && Date.now() - slot.answeredAt < gapMs) return Promise.resolve(slot.answer);
    const inFlight = ask().then((answer) => {
      slot.answer = answer;
      slot.answeredAt = Date.now();
      this.#expireLater();
      return answer;
    });
    slot.inFlight = inFlight;
    // Failures (unreachable, timeout, an unusable answer) reach everyone who joined, and are not kept.
    const done = () => (slot.inFlight = undefined);
    inFlight.then(done, done);
    return inFlight;
  }

  /**
   * An action: leaves `gapMs` after the previous action on `key` left (start to start, so an
   * upstream that hangs delays nobody), then asks upstream. A turn more than
   * ACTION_WAIT_LIMIT_MS away is refused at once (TurnTooFar). A caller that goes away while
   * waiting (`signal`) sends nothing and, if it was last in line, gives its turn back.
   */
  async act(key: string, gapMs: number, signal: AbortSignal, ask: () => Promise<UpstreamAnswer>): Promise<UpstreamAnswer> {
    const slot = this.#slot(key, gapMs);
    const now = Date.now();
    const start = Math.max(now, slot.nextStart);
    if (start - now > ACTION_WAIT_LIMIT_MS) throw new TurnTooFar(start - now);
    slot.nextStart = start + gapMs;
    slot.waiting += 1;
    this.#expireLater();
    try {
      await delay(start - now, signal);
    } catch (error) {
      if (slot.nextStart === start + gapMs) slot.nextStart = start;
      throw error;
    } finally {
      slot.waiting -= 1;
    }
    return ask();
  }

  #slot(key: string, gapMs: number): Slot {
    this.#longestGapMs = Math.max(this.#longestGapMs, gapMs);
    const kept = this.#slots.get(key);
    if (kept) return kept;
    if (this.#slots.size >= this.#sweepAt) {
      this.#sweep();
      this.#sweepAt = Math.min(MAX_SLOTS, Math.max(SWEEP_FROM, this.#slots.size * 2));
    }
    if (this.#slots.size >= MAX_SLOTS) throw new TooManyInstances();
    const slot: Slot = { inFlight: undefined, answer: undefined, answeredAt: 0, nextStart: 0, waiting: 0 };
    this.#slots.set(key, slot);
    return slot;
  }

  /** Sweeps once the longest window has passed, and again while slots are left: one timer for all slots, never holding the process open. */
  #expireLater(): void {
    if (this.#expiry !== undefined) return;
    this.#expiry = setTimeout(() => {
      this.#expiry = undefined;
      this.#sweep();
      if (this.#slots.size > 0) this.#expireLater();
    }, this.#longestGapMs + 1);
    // Fake timers (tests) may give a number.
    if (typeof this.#expiry === 'object') this.#expiry.unref();
  }

  /** Drops slots with nothing in flight and every window over, so memory follows the instances in use. */
  #sweep(): void {
    const now = Date.now();
    const over = now - this.#longestGapMs;
    for (const [key, slot] of this.#slots) {
      if (!slot.inFlight && slot.waiting === 0 && slot.answeredAt < over && slot.nextStart <= now) this.#slots.delete(key);
    }
  }
}

/** Waits `ms`, or rejects with `signal`'s reason as soon as it aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
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
