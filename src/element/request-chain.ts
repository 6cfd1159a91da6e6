import type { LinkingMethodName } from '../protocol/index.js';
import { backoffDelay } from './backoff.js';
import type { Credentials } from './credentials.js';
import { errorDetail } from './errors.js';
import type { Answer } from './read-answer.js';
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
  method: LinkingMethodName;
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
 * failures back off; the rate-limit gap of the method is always kept. start() carries on (at once,
 * or after `delay`) unless the chain is done.
 */
export function requestChain<T>(client: GreenApiClient, credentials: Credentials, step: ChainStep<T>, handlers: ChainHandlers<T>): Activity {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let failedAttempts = 0;
  let done = false;
  /** Bumped by stop(): tells a handler's answer apart from one given after it stopped or restarted the chain. */
  let run = 0;

  const stop = (): void => {
    run++;
    clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = undefined;
  };

  const schedule = (delay: number): void => {
    timer = setTimeout(() => void request(), Math.max(delay, client.waitBefore(step.method)));
  };

  const request = async (): Promise<void> => {
    timer = undefined;
    const abort = new AbortController();
    inFlight = abort;
    const runAsked = run;
    let error: GreenApiQrErrorDetail;
    try {
      const { status, text } = await client.call(credentials, step.method, { signal: abort.signal, body: step.body, timeoutMs: step.timeoutMs });
      // Stopped meanwhile: this answer belongs to nobody.
      if (runAsked !== run) return;
      inFlight = undefined;
      const answer = step.read(status, text);
      if (answer.ok) {
        failedAttempts = 0;
        const next = handlers.onAnswer(answer.value);
        if (next === undefined) done = true;
        // The handler may have stopped or restarted the chain; only plan on if it did neither.
        else if (runAsked === run) schedule(next);
        return;
      }
      error = answer.error;
    } catch (failure) {
      // Stopped meanwhile, or by a handler that then threw: nobody waits for this failure.
      if (runAsked !== run) return;
      inFlight = undefined;
      // Anything but a failed call is a bug of ours (a reader or a handler threw): retried like a
      // transient failure rather than a silent stall. Only the exception's name: its text may hold an answer.
      error = failure instanceof CallFailure ? failure.error : errorDetail('internal', `Unexpected ${(failure as Error)?.name}.`, true);
    }
    if (error.retryable && handlers.onRetry) {
      failedAttempts++;
      const delay = backoffDelay(failedAttempts);
      schedule(delay);
      handlers.onRetry(error, Date.now() + delay);
    } else {
      done = true;
      handlers.onFail({ ...error, retryable: false });
    }
  };

  return {
    start(delay = 0) {
      stop();
      if (!done) schedule(delay);
    },
    stop,
  };
}
