/**
 * The max-wait clock of one session: counts only the time codes are on screen (not loading, not
 * paused), and calls `onExpire` once that reaches max-wait, as WhatsApp Web stops offering codes.
 * A new session has a new clock, so that it counts from nothing again.
 */
export class MaxWaitClock {
  /** Time codes have been on screen in this session; the running stretch starts at #since. */
  #shownMs = 0;
  #since?: number;
  #timer?: ReturnType<typeof setTimeout>;

  readonly #maxWait: () => number;
  readonly #onExpire: () => void;

  constructor(maxWait: () => number, onExpire: () => void) {
    this.#maxWait = maxWait;
    this.#onExpire = onExpire;
  }

  /** A code is on screen (again): the clock runs. */
  resume(): void {
    this.#since = Date.now();
    this.#timer = setTimeout(this.#onExpire, Math.max(0, this.#maxWait() - this.#shownMs));
  }

  /** No code on screen, or the page is hidden: the clock stops. */
  pause(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#since === undefined) return;
    this.#shownMs += Date.now() - this.#since;
    this.#since = undefined;
  }

  /** max-wait changed while a code is on screen: the clock goes on against the new value. */
  restart(): void {
    if (this.#since === undefined) return;
    this.pause();
    this.resume();
  }
}
