import type { Answer } from './instance-state.js';
import type { Credentials } from './api.js';
import { backoffDelay } from './backoff.js';
import { CallFailure, type GreenApiClient } from './greenapi-client.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/**
 * One way the element waits for something in the background (a QR code stream, a pairing code,
 * the instance's state, a logout). The controller runs one at a time: `stop()` pauses it (nothing
 * left in flight, no timer), `start()` carries on from where it was, not before `delay` ms if given.
 */
export interface Activity {
  start(delay?: number): void;
  stop(): void;
}

export interface ChainStep<T> {
  /** GREEN-API method, as in the URL. */
  method: string;
  /** JSON body: makes the request a POST. */
  body?: unknown;
  timeoutMs?: number;
  read(status: number, text: string): Answer<T>;
}

export interface ChainHandlers<T> {
  /** Milliseconds until the next request, or undefined when the chain is done. */
  onAnswer(value: T): number | undefined;
  /** A transient failure, retried by itself at `retryAt`. Without this handler every failure is final. */
  onRetry?(error: GreenApiQrErrorDetail, retryAt: number): void;
  /** A final failure: the chain has stopped, so the error says `retryable: false` whatever its kind. */
  onFail(error: GreenApiQrErrorDetail): void;
}

/**
 * Requests one GREEN-API method again and again, chained and never periodic: the next request is
 * planned only once the previous one settled, so there is never more than one in flight. Transient
 * failures back off; the rate-limit gap of the method is always kept.
 */
export class RequestChain<T> implements Activity {
  readonly #client: GreenApiClient;
  readonly #credentials: Credentials;
  readonly #step: ChainStep<T>;
  readonly #handlers: ChainHandlers<T>;
  #timer?: ReturnType<typeof setTimeout>;
  #inFlight?: AbortController;
  #failedAttempts = 0;
  #done = false;
  /** Bumped by stop(): tells a handler's answer apart from one given after it stopped or restarted the chain. */
  #run = 0;

  constructor(client: GreenApiClient, credentials: Credentials, step: ChainStep<T>, handlers: ChainHandlers<T>) {
    this.#client = client;
    this.#credentials = credentials;
    this.#step = step;
    this.#handlers = handlers;
  }

  /** Carries on (at once, or after `delay`) unless the chain is done. */
  start(delay = 0): void {
    this.stop();
    if (!this.#done) this.#schedule(delay);
  }

  stop(): void {
    this.#run++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  #schedule(delay: number): void {
    const wait = Math.max(delay, this.#client.waitBefore(this.#step.method));
    this.#timer = setTimeout(() => void this.#request(), wait);
  }

  async #request(): Promise<void> {
    this.#timer = undefined;
    const abort = new AbortController();
    this.#inFlight = abort;
    let answer: Answer<T>;
    try {
      const { status, text } = await this.#client.call(this.#credentials, this.#step.method, {
        signal: abort.signal,
        body: this.#step.body,
        timeoutMs: this.#step.timeoutMs,
      });
      answer = this.#step.read(status, text);
    } catch (failure) {
      if (!(failure instanceof CallFailure)) throw failure;
      answer = { ok: false, error: failure.error };
    }
    // Stopped meanwhile: this answer belongs to nobody.
    if (abort.signal.aborted || this.#inFlight !== abort) return;
    this.#inFlight = undefined;
    if (answer.ok) {
      this.#failedAttempts = 0;
      const run = this.#run;
      const next = this.#handlers.onAnswer(answer.value);
      if (next === undefined) this.#done = true;
      // The handler may have stopped or restarted the chain; only plan on if it did neither.
      else if (run === this.#run) this.#schedule(next);
    } else if (answer.error.retryable && this.#handlers.onRetry) {
      this.#failedAttempts++;
      const delay = backoffDelay(this.#failedAttempts);
      this.#schedule(delay);
      this.#handlers.onRetry(answer.error, Date.now() + delay);
    } else {
      this.#done = true;
      this.#handlers.onFail({ ...answer.error, retryable: false });
    }
  }
}
