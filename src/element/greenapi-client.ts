import { interpretFetchFailure, methodUrl, type Credentials } from './api.js';
import type { GreenApiQrErrorDetail } from './events.js';

/** The `qr` method can take up to 60 s to answer (green-api/issues#559); GREEN-API's own app waits 70 s. */
export const REQUEST_TIMEOUT_MS = 70_000;

/**
 * Start-to-start gaps that keep each method under GREEN-API's per-instance limits: `qr` 3/s, the
 * others 1/s (ratelimiter page). Each has a margin, since the server's window is measured on
 * arrival, not on our clock (334 ms for `qr` met 429s when requests arrived a few ms closer).
 */
export const QR_GAP_MS = 350;
const ONE_PER_SECOND_GAP_MS = 1050;
/**
 * Pairing codes asked for in a row push real instances into `starting` (green-api/issues#460, #518):
 * never more than one per 10 s, whatever the page or the user does.
 */
export const PAIRING_CODE_GAP_MS = 10_000;

/** GREEN-API's window for the 1-per-second methods. */
const ONE_SECOND_MS = 1000;

function minimumGap(method: string): number {
  if (method === 'qr') return QR_GAP_MS;
  if (method === 'getAuthorizationCode') return PAIRING_CODE_GAP_MS;
  return ONE_PER_SECOND_GAP_MS;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

export interface CallOptions {
  signal: AbortSignal;
  body?: unknown;
  timeoutMs?: number;
}

/** A request that never produced an HTTP answer (network failure, timeout, or cancelled by us). */
export class CallFailure extends Error {
  constructor(readonly error: GreenApiQrErrorDetail) {
    super(error.message);
  }
}

/**
 * Makes GREEN-API calls for one element: the URL, fetch options that send nothing but the request
 * (no cookies, no cache), a timeout, and the rate-limit gaps, remembered across sessions so that a
 * restart cannot burst. Methods are named as in the URL (`qr`, `getStateInstance`, `scanqrcode`…).
 */
export class GreenApiClient {
  readonly #lastStart = new Map<string, number>();
  readonly #lastSettled = new Map<string, number>();

  /**
   * Milliseconds until `method` may start again without going over its rate limit. The server
   * counts a request when it arrives, which can be long after we sent it, but never after it
   * answered: so a 1-per-second method also waits a second from the previous answer.
   */
  waitBefore(method: string): number {
    const sinceStart = (this.#lastStart.get(method) ?? Number.NEGATIVE_INFINITY) + minimumGap(method);
    const sinceAnswer = method === 'qr' ? Number.NEGATIVE_INFINITY : (this.#lastSettled.get(method) ?? Number.NEGATIVE_INFINITY) + ONE_SECOND_MS;
    return Math.max(0, sinceStart - Date.now(), sinceAnswer - Date.now());
  }

  /** Records that `method` starts now; for calls made outside `call`, such as opening the socket. */
  markStart(method: string): void {
    this.#lastStart.set(method, Date.now());
  }

  async call(credentials: Credentials, method: string, { signal, body, timeoutMs = REQUEST_TIMEOUT_MS }: CallOptions): Promise<HttpAnswer> {
    const abort = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const forward = () => abort.abort();
    signal.addEventListener('abort', forward);
    this.markStart(method);
    try {
      const response = await fetch(methodUrl(credentials, method), {
        method: body === undefined ? 'GET' : 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
        cache: 'no-store',
        credentials: 'omit',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      });
      return { status: response.status, text: await response.text() };
    } catch {
      throw new CallFailure(interpretFetchFailure(timedOut, timeoutMs));
    } finally {
      this.#lastSettled.set(method, Date.now());
      clearTimeout(timeout);
      signal.removeEventListener('abort', forward);
    }
  }
}
