import { linkingMethod, REQUEST_TIMEOUT_MS, SCAN_QR_CODE, type LinkingMethodName, type MethodName } from '../protocol/index.js';
import { methodUrl, type Credentials } from './credentials.js';
import { errorDetail, interpretFetchFailure, relayRefusal } from './errors.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** Each method's rate limit (src/protocol): the start-to-start gap and the calls per second. */
function limits(method: MethodName): { gapMs: number; perSecond: number } {
  return linkingMethod(method) ?? SCAN_QR_CODE;
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
 * (no cache; no cookies, except the page's own to its proxy), a timeout, and the rate-limit gaps,
 * remembered across sessions so that a restart cannot burst. Methods are named as in the URL (`qr`, `getStateInstance`, `scanqrcode`…).
 */
export class GreenApiClient {
  readonly #lastStart = new Map<MethodName, number>();
  readonly #lastSettled = new Map<MethodName, number>();

  readonly #requestHeaders: () => unknown;

  /** @param requestHeaders the page's own headers for a proxy (read at each call, so a rotated CSRF token is used at once) */
  constructor(requestHeaders: () => unknown = () => undefined) {
    this.#requestHeaders = requestHeaders;
  }

  /**
   * Milliseconds until `method` may start again without going over its rate limit. The server
   * counts a request when it arrives, which can be long after we sent it (a cold connection: 65 to
   * 230 ms measured), but never after it answered: so each method also waits its share of a second
   * (1 s; 334 ms for `qr`'s 3 per second) from the previous answer, and arrivals stay that far apart.
   */
  waitBefore(method: MethodName): number {
    const { gapMs, perSecond } = limits(method);
    const sinceStart = (this.#lastStart.get(method) ?? -Infinity) + gapMs;
    const sinceAnswer = (this.#lastSettled.get(method) ?? -Infinity) + Math.ceil(1000 / perSecond);
    return Math.max(0, sinceStart - Date.now(), sinceAnswer - Date.now());
  }

  /** Records that `method` starts now; for calls made outside `call`, such as opening the socket. */
  markStart(method: MethodName): void {
    this.#lastStart.set(method, Date.now());
  }

  async call(credentials: Credentials, method: LinkingMethodName, { signal, body, timeoutMs = REQUEST_TIMEOUT_MS }: CallOptions): Promise<HttpAnswer> {
    const headers = this.#headers(credentials, body !== undefined);
    if ('error' in headers) throw new CallFailure(headers.error);
    const abort = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const forward = () => abort.abort();
    signal.addEventListener('abort', forward);
    this.markStart(method);
    let answer: HttpAnswer;
    try {
      const response = await fetch(methodUrl(credentials, method), {
        // The relay takes a state change (logout) as POST only, against CSRF.
        method: (credentials.proxyUrl && linkingMethod(method)?.relayVerb) || (body === undefined ? 'GET' : 'POST'),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
        cache: 'no-store',
        // GREEN-API needs no cookie; the page's own backend knows its user by one.
        credentials: !credentials.proxyUrl ? 'omit' : credentials.withCredentials ? 'include' : 'same-origin',
        headers,
      });
      answer = { status: response.status, text: await response.text() };
    } catch {
      throw new CallFailure(interpretFetchFailure(timedOut, timeoutMs));
    } finally {
      this.#lastSettled.set(method, Date.now());
      clearTimeout(timeout);
      signal.removeEventListener('abort', forward);
    }
    if (credentials.proxyUrl && (answer.status === 401 || answer.status === 403)) throw new CallFailure(relayRefusal(answer.status));
    return answer;
  }

  /** Accept and Content-Type, plus the page's requestHeaders when a relay is used (never shown anywhere: they may hold a session token). */
  #headers(credentials: Credentials, hasBody: boolean): Headers | { error: GreenApiQrErrorDetail } {
    const headers = new Headers();
    if (credentials.proxyUrl) {
      const own = this.#requestHeaders();
      try {
        if (own !== undefined && own !== null) new Headers(own as HeadersInit).forEach((value, name) => headers.set(name, value));
      } catch {
        return { error: errorDetail('config', 'requestHeaders must be an object of header names and string values that fetch accepts.', false) };
      }
    }
    headers.set('Accept', 'application/json');
    if (hasBody) headers.set('Content-Type', 'application/json');
    return headers;
  }
}
