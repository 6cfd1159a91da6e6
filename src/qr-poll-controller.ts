import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkCredentials, interpretFetchFailure, interpretQrResponse, methodUrl, type Credentials, type QrOutcome } from './api.js';
import { backoffDelay } from './backoff.js';
import { authorizedEvent, errorEvent, type GreenApiQrErrorDetail } from './events.js';

export type GreenApiQrStatus = 'idle' | 'loading' | 'qr' | 'authorized' | 'error' | 'expired';
export type PauseReason = 'hidden' | 'offline';

export interface PollSettings {
  credentials: Credentials;
  pollInterval: number;
  maxWait: number;
}

/** Everything the element needs to render; replaced as a whole on every change. */
export interface PollView {
  status: GreenApiQrStatus;
  /** Base64 PNG of the code on screen (status `qr` only). */
  image?: string;
  /** The fatal error (status `error`), or the transient one being retried. */
  error?: GreenApiQrErrorDetail;
  /** Epoch ms of the next attempt while retrying a transient failure. */
  retryAt?: number;
  pausedFor?: PauseReason;
  /** Epoch ms since when the element has been waiting for a code (status `loading`). */
  waitingSince?: number;
}

export const DEFAULT_POLL_INTERVAL = 1000;
export const DEFAULT_MAX_WAIT = 300_000;
/** GREEN-API's `qr` allows 3 requests/s per instance; no two requests start closer than this. */
export const MIN_REQUEST_GAP_MS = 334;
/** The `qr` method can take up to 60 s to answer (green-api/issues#559); GREEN-API's own app waits 70 s. */
export const REQUEST_TIMEOUT_MS = 70_000;
/** GREEN-API rotates the code every 20 s: a picture older than that may no longer link. */
export const QR_LIFETIME_MS = 20_000;
const TICK_MS = 1000;

/** A usable poll interval: the default for nonsense. The rate limit is kept by #scheduleRequest for every request. */
export function effectivePollInterval(value: number): number {
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_POLL_INTERVAL;
}

/** A usable max-wait: the default for anything that is not a positive number. */
export function effectiveMaxWait(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_WAIT;
}

/**
 * Owns everything that runs in the background for one `<greenapi-qr>`: the chained request timer,
 * the one request in flight and its timeout, retries with backoff, the code's staleness and the
 * max-wait clock, and pausing while the page is hidden or offline. Each `start()` opens a new
 * session; whatever an older session left in flight is aborted and its answer ignored.
 */
export class QrPollController implements ReactiveController {
  view: PollView = { status: 'idle' };

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #settings: () => PollSettings;
  #session = 0;
  #running = false;
  #restartOnConnect = false;
  #credentials?: Credentials;
  #inFlight?: AbortController;
  #requestTimer?: ReturnType<typeof setTimeout>;
  #staleTimer?: ReturnType<typeof setTimeout>;
  #expiryTimer?: ReturnType<typeof setTimeout>;
  #tickTimer?: ReturnType<typeof setTimeout>;
  #lastRequestStart = Number.NEGATIVE_INFINITY;
  #failedAttempts = 0;
  #lastReportedError?: string;
  /** Time codes have been on screen in this session, for max-wait; the running stretch starts at #shownSince. */
  #shownMs = 0;
  #shownSince?: number;

  constructor(host: ReactiveControllerHost & HTMLElement, settings: () => PollSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  get running(): boolean {
    return this.#running;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onEnvironmentChange);
    window.addEventListener('online', this.#onEnvironmentChange);
    window.addEventListener('offline', this.#onEnvironmentChange);
    if (this.#restartOnConnect) {
      this.#restartOnConnect = false;
      this.start();
    }
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onEnvironmentChange);
    window.removeEventListener('online', this.#onEnvironmentChange);
    window.removeEventListener('offline', this.#onEnvironmentChange);
    // Moving the element in the DOM disconnects and reconnects it: pick up where it was then.
    this.#restartOnConnect = this.#running;
    this.#halt();
  }

  /** Opens a new session with the current settings: validates them, then asks for a code at once. */
  start(): void {
    this.#halt();
    // Settings changed on a detached element: run once it is back on the page, never off it.
    this.#restartOnConnect = !this.#host.isConnected;
    if (this.#restartOnConnect) return;
    this.#failedAttempts = 0;
    this.#lastReportedError = undefined;
    this.#shownMs = 0;
    const { credentials } = this.#settings();
    const problem = checkCredentials(credentials);
    if (problem) {
      this.#fail(problem);
      return;
    }
    this.#credentials = { ...credentials };
    this.#running = true;
    this.#setView({ status: 'loading', waitingSince: Date.now(), pausedFor: currentPauseReason() });
    this.#scheduleRequest(0);
  }

  /** Ends the session; an authorized element stays authorized, anything else goes back to idle. */
  stop(): void {
    this.#halt();
    this.#restartOnConnect = false;
    if (this.view.status !== 'authorized') this.#setView({ status: 'idle' });
  }

  /** Re-arms the max-wait clock after `max-wait` changed while a code is on screen. */
  settingsChanged(): void {
    if (this.#shownSince === undefined) return;
    this.#pauseShownClock();
    this.#resumeShownClock();
  }

  #halt(): void {
    this.#session++;
    this.#running = false;
    this.#abortInFlight();
    this.#pauseShownClock();
    for (const timer of [this.#requestTimer, this.#staleTimer, this.#tickTimer]) clearTimeout(timer);
    this.#requestTimer = this.#staleTimer = this.#tickTimer = undefined;
  }

  #abortInFlight(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  /** Chained, never periodic: the next request is planned only once the previous one settled. */
  #scheduleRequest(delay: number): void {
    clearTimeout(this.#requestTimer);
    this.#requestTimer = undefined;
    if (!this.#running || this.view.pausedFor) return;
    const wait = Math.max(delay, this.#lastRequestStart + MIN_REQUEST_GAP_MS - Date.now(), 0);
    this.#requestTimer = setTimeout(() => void this.#request(), wait);
  }

  async #request(): Promise<void> {
    this.#requestTimer = undefined;
    const credentials = this.#credentials;
    if (!credentials) return;
    const session = this.#session;
    const abort = new AbortController();
    this.#inFlight = abort;
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, REQUEST_TIMEOUT_MS);
    this.#lastRequestStart = Date.now();
    let outcome: QrOutcome;
    try {
      const response = await fetch(methodUrl(credentials, 'qr'), {
        signal: abort.signal,
        cache: 'no-store',
        credentials: 'omit',
        headers: { Accept: 'application/json' },
      });
      outcome = interpretQrResponse(response.status, await response.text(), credentials.apiTokenInstance);
    } catch {
      outcome = { kind: 'failure', error: interpretFetchFailure(timedOut, REQUEST_TIMEOUT_MS) };
    } finally {
      clearTimeout(timeout);
      if (this.#inFlight === abort) this.#inFlight = undefined;
    }
    // Halted, restarted with other credentials, or paused: this answer belongs to nobody.
    if (session !== this.#session || (abort.signal.aborted && !timedOut)) return;
    this.#apply(outcome);
  }

  #apply(outcome: QrOutcome): void {
    switch (outcome.kind) {
      case 'qr-code':
        this.#showCode(outcome.image);
        break;
      case 'authorized':
        this.#halt();
        this.#setView({ status: 'authorized' });
        this.#host.dispatchEvent(authorizedEvent({ idInstance: this.#credentials?.idInstance ?? '' }));
        break;
      case 'failure':
        if (outcome.error.retryable) this.#retryLater(outcome.error);
        else this.#fail(outcome.error);
        break;
    }
  }

  #showCode(image: string): void {
    this.#failedAttempts = 0;
    this.#lastReportedError = undefined;
    const wasShowing = this.view.status === 'qr';
    this.#setView({ status: 'qr', image: this.view.image === image ? this.view.image : image });
    if (!wasShowing) this.#resumeShownClock();
    clearTimeout(this.#staleTimer);
    this.#staleTimer = setTimeout(() => this.#dropStaleCode(), QR_LIFETIME_MS);
    this.#scheduleRequest(effectivePollInterval(this.#settings().pollInterval));
  }

  /** No fresh code arrived in time (slow answers, retries): hide the old one rather than show a dead code. */
  #dropStaleCode(): void {
    this.#staleTimer = undefined;
    if (this.view.status !== 'qr') return;
    this.#pauseShownClock();
    const { error, retryAt, pausedFor } = this.view;
    this.#setView({ status: 'loading', waitingSince: Date.now(), error, retryAt, pausedFor });
  }

  #retryLater(error: GreenApiQrErrorDetail): void {
    this.#report(error);
    this.#failedAttempts++;
    const delay = backoffDelay(this.#failedAttempts);
    this.#setView({ ...this.view, error, retryAt: Date.now() + delay });
    this.#scheduleRequest(delay);
  }

  #fail(error: GreenApiQrErrorDetail): void {
    this.#halt();
    this.#setView({ status: 'error', error });
    this.#report(error);
  }

  /** One `error` event per distinct failure: a run of identical failed polls is reported once. */
  #report(error: GreenApiQrErrorDetail): void {
    const key = `${error.code}:${error.status ?? ''}`;
    if (key === this.#lastReportedError) return;
    this.#lastReportedError = key;
    this.#host.dispatchEvent(errorEvent({ ...error }));
  }

  #expire(): void {
    this.#halt();
    this.#setView({ status: 'expired' });
  }

  #resumeShownClock(): void {
    this.#shownSince = Date.now();
    const remaining = effectiveMaxWait(this.#settings().maxWait) - this.#shownMs;
    this.#expiryTimer = setTimeout(() => this.#expire(), Math.max(0, remaining));
  }

  #pauseShownClock(): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (this.#shownSince === undefined) return;
    this.#shownMs += Date.now() - this.#shownSince;
    this.#shownSince = undefined;
  }

  readonly #onEnvironmentChange = (): void => {
    if (!this.#running) return;
    const reason = currentPauseReason();
    if (reason === this.view.pausedFor) return;
    if (reason) {
      this.#abortInFlight();
      clearTimeout(this.#requestTimer);
      this.#requestTimer = undefined;
      this.#pauseShownClock();
      this.#setView({ ...this.view, pausedFor: reason });
    } else {
      // A fresh attempt starts now: the failure that was being retried is no longer the news.
      this.#setView({ ...this.view, pausedFor: undefined, retryAt: undefined, error: undefined });
      if (this.view.status === 'qr') this.#resumeShownClock();
      this.#scheduleRequest(0);
    }
  };

  #setView(view: PollView): void {
    this.view = view;
    this.#host.requestUpdate();
    this.#keepTicking();
  }

  /** Re-renders once a second while a clock is visible (time spent loading, countdown to a retry). */
  #keepTicking(): void {
    clearTimeout(this.#tickTimer);
    this.#tickTimer = undefined;
    const { status, retryAt, pausedFor } = this.view;
    const clockVisible = status === 'loading' || retryAt !== undefined;
    if (!this.#running || pausedFor || !clockVisible) return;
    this.#tickTimer = setTimeout(() => {
      this.#host.requestUpdate();
      this.#keepTicking();
    }, TICK_MS);
  }
}

function currentPauseReason(): PauseReason | undefined {
  if (document.visibilityState === 'hidden') return 'hidden';
  if (navigator.onLine === false) return 'offline';
  return undefined;
}
