import { API_TOKEN, containsSecret, DEFAULT_API_URL, ID_INSTANCE, instancePath, methodUrl as greenApiMethodUrl, normalizeApiUrl, withoutSecret } from '../protocol/index.js';
import type { GreenApiQrErrorCode, GreenApiQrErrorDetail } from './public-types.js';

/**
 * Pure request building and response reading for GREEN-API's QR code, over HTTP (`qr`) and the
 * `scanqrcode` WebSocket: no timers, no DOM, no fetch, so every rule here is unit-tested on its own.
 */

export { containsSecret, DEFAULT_API_URL, normalizeApiUrl };

/** Where the element sends its calls, and what it must send with them. */
export interface Credentials {
  apiUrl: string;
  idInstance: string;
  apiTokenInstance: string;
  /** The page's own backend route (absolute, already resolved against the page); none: GREEN-API directly. */
  proxyUrl?: string;
  /** Send the page's cookies to a proxy on another origin too. */
  withCredentials?: boolean;
}

/** What the account told about itself when it linked (the socket's `accountData` frame). */
export interface LinkedAccount {
  wid?: string;
  name?: string;
}

/** The attributes an element cannot start without. */
export type CredentialName = 'id-instance' | 'api-token-instance';

/** What one answer to `GET …/qr/…`, or one `scanqrcode` frame, means for the element. */
export type QrOutcome =
  | { kind: 'qr-code'; image: string }
  | { kind: 'authorized'; account?: LinkedAccount }
  | { kind: 'scan-timeout' }
  /** The socket was refused because another scanqrcode session is open for the instance. */
  | { kind: 'session-taken' }
  | { kind: 'failure'; error: GreenApiQrErrorDetail };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Base64 of the 8-byte PNG signature (89 50 4E 47 0D 0A 1A 0A). */
export const PNG_SIGNATURE_BASE64 = 'iVBORw0KGgo';
/** A 256×256 QR PNG is a few kB; anything far larger is not a QR code and would bloat the DOM. */
const MAX_IMAGE_BASE64_LENGTH = 1_000_000;
const NEEDS_LOGOUT = /instance has auth/i;
const STARTING = /starting/i;
const MAX_SERVER_TEXT = 200;

/** Standard base64 with its padding: what GREEN-API's pictures are sent as. */
export function isBase64(data: string): boolean {
  return data.length % 4 === 0 && BASE64.test(data);
}

/** A proxy URL as the page means it: a relative one against the page's base URL; kept as given when it does not parse (checkCredentials says so). */
export function resolveProxyUrl(proxyUrl: string, pageUrl: string): string {
  if (!proxyUrl) return '';
  try {
    return new URL(proxyUrl, pageUrl).href;
  } catch {
    return proxyUrl;
  }
}

/** The attributes a page has not set yet. Not an error: pages often get the token from their backend after the element is on screen. */
export function missingCredentials({ idInstance, apiTokenInstance, proxyUrl }: Credentials): CredentialName[] {
  const missing: CredentialName[] = [];
  if (!idInstance) missing.push('id-instance');
  // Through a proxy the token stays on the server: the id is all the page gives.
  if (!apiTokenInstance && !proxyUrl) missing.push('api-token-instance');
  return missing;
}

/** What is wrong with the values that are set, as a `config` error, or undefined when they are usable; missing ones are missingCredentials'. */
export function checkCredentials({ apiUrl, idInstance, apiTokenInstance, proxyUrl }: Credentials): GreenApiQrErrorDetail | undefined {
  const problems: string[] = [];
  if (idInstance && !ID_INSTANCE.test(idInstance)) problems.push('id-instance must be 1 to 10 digits');
  if (proxyUrl) {
    // Said without checking the token itself: whatever it is, it must not be in this page.
    if (apiTokenInstance) problems.push('the token must not be in the page when a proxy is used: remove api-token-instance, proxy-url adds it on your server');
    if (normalizeApiUrl(proxyUrl) === undefined) problems.push('proxy-url must be an http(s) URL (absolute or relative to the page) without credentials, query or fragment');
  } else {
    if (apiTokenInstance && !API_TOKEN.test(apiTokenInstance)) problems.push('api-token-instance contains characters that cannot be part of a URL path');
    if (normalizeApiUrl(apiUrl) === undefined) problems.push('api-url must be an absolute http(s) URL without credentials, query or fragment');
  }
  if (problems.length === 0) return undefined;
  return { code: 'config', message: `Invalid configuration: ${problems.join('; ')}.`, retryable: false };
}

/**
 * `{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}`, or through a proxy
 * `{proxyUrl}/waInstance{idInstance}/{method}` with no token; call only after checkCredentials passed.
 */
export function methodUrl(credentials: Credentials, method: string): string {
  const { idInstance, apiTokenInstance, proxyUrl, apiUrl } = credentials;
  if (proxyUrl) return `${normalizeApiUrl(proxyUrl)}${instancePath(idInstance, method)}`;
  return greenApiMethodUrl(normalizeApiUrl(apiUrl) ?? DEFAULT_API_URL, idInstance, method, apiTokenInstance);
}

/** Removes every form of the token from text that came from outside, and keeps it short. */
export function redact(text: string, secret: string): string {
  const clean = withoutSecret(text, secret).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_SERVER_TEXT ? `${clean.slice(0, MAX_SERVER_TEXT)}…` : clean;
}

export function errorDetail(code: GreenApiQrErrorCode, message: string, retryable: boolean, status?: number): GreenApiQrErrorDetail {
  const error: GreenApiQrErrorDetail = { code, message, retryable };
  if (status !== undefined) error.status = status;
  return error;
}

function failure(code: GreenApiQrErrorCode, message: string, retryable: boolean, status?: number): QrOutcome {
  return { kind: 'failure', error: errorDetail(code, message, retryable, status) };
}

/** The parsed JSON body, or a `bad-response` error: what every GREEN-API answer is first read with. */
export function parseJsonBody(body: string): { json: unknown } | { error: GreenApiQrErrorDetail } {
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return { error: errorDetail('bad-response', 'GREEN-API answered with something that is not JSON.', true) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `message` of a JSON error body, else the body itself: what the server said, for the developer. */
function serverText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the raw text is the best description there is
  }
  return body;
}

/**
 * In `proxy-url` mode a 401 or 403 is the page's own backend refusing this user (its sign-in, or
 * resolveInstance), never GREEN-API: the relay turns GREEN-API's own 401 and 403 into 502.
 */
export function relayRefusal(status: number): GreenApiQrErrorDetail {
  return errorDetail('not-allowed', `Your backend refused this user for this instance (HTTP ${status} from proxy-url).`, false, status);
}

/** What a non-200 answer of any GREEN-API method means; the same table for every method. */
export function interpretHttpError(status: number, body: string, secret: string): GreenApiQrErrorDetail {
  const said = redact(serverText(body), secret);
  const suffix = said ? `: ${said}` : '';
  if (status === 400 && STARTING.test(said)) {
    return errorDetail('starting', `The instance is starting (HTTP 400${suffix}).`, true, status);
  }
  switch (status) {
    case 401:
      return errorDetail('unauthorized', 'GREEN-API rejected api-token-instance (HTTP 401). Check the token.', false, status);
    case 403:
      return errorDetail('forbidden', 'GREEN-API refused this instance (HTTP 403). Check id-instance and api-url.', false, status);
    case 429:
      return errorDetail('rate-limited', 'GREEN-API rate-limited the requests (HTTP 429).', true, status);
    case 466:
      return errorDetail('quota', 'The instance has used up its plan quota (HTTP 466).', false, status);
  }
  // 499 is GREEN-API's "request took too long" answer; like 5xx it is worth retrying.
  if (status >= 500 || status === 499) {
    return errorDetail('server', `GREEN-API answered HTTP ${status}${suffix}.`, true, status);
  }
  return errorDetail('api', `GREEN-API answered HTTP ${status}${suffix}.`, false, status);
}

function interpretQrImage(message: unknown): QrOutcome {
  if (typeof message !== 'string') return failure('bad-response', 'The qrCode answer has no image.', true);
  const image = message.replace(/^data:image\/png;base64,/, '').replace(/\s+/g, '');
  if (image.length > MAX_IMAGE_BASE64_LENGTH) return failure('bad-response', 'The qrCode image is too large to be a QR code.', true);
  if (!isBase64(image)) return failure('bad-response', 'The qrCode image is not valid base64.', true);
  if (!image.startsWith(PNG_SIGNATURE_BASE64)) return failure('bad-response', 'The qrCode image is not a PNG.', true);
  return { kind: 'qr-code', image };
}

/** Reads one `{type, message}` message, the shape both the `qr` method and the socket's frames share. */
export function interpretQrMessage(parsed: unknown, secret: string): QrOutcome {
  if (!isRecord(parsed) || !('type' in parsed)) {
    return failure('bad-response', 'GREEN-API answered JSON without a "type".', true);
  }
  const { type, message } = parsed;
  switch (type) {
    case 'qrCode':
      return interpretQrImage(message);
    case 'alreadyLogged':
      return { kind: 'authorized' };
    case 'accountData':
      return { kind: 'authorized', account: linkedAccount(parsed) };
    case 'timeout':
    case 'timeoutExpired':
      return { kind: 'scan-timeout' };
    case 'error': {
      const said = redact(typeof message === 'string' ? message : '', secret);
      if (NEEDS_LOGOUT.test(said)) {
        return failure('needs-logout', `The instance holds an old authorization and must be logged out first: ${said}`, false);
      }
      // The socket reports a starting instance as an error frame where `qr` answers HTTP 400.
      if (STARTING.test(said)) return failure('starting', `The instance is starting: ${said}`, true);
      return failure('api', `GREEN-API reported an error${said ? `: ${said}` : '.'}`, false);
    }
    default:
      return failure('bad-response', `GREEN-API answered an unknown type "${redact(String(type), secret)}".`, true);
  }
}

/** `accountData` lists `wid` and `pushname` beside `type` (2021 docs); a `message` object is read too. */
function linkedAccount(frame: Record<string, unknown>): LinkedAccount {
  const fields = isRecord(frame.message) ? { ...frame, ...frame.message } : frame;
  const account: LinkedAccount = {};
  if (typeof fields.wid === 'string' && fields.wid) account.wid = fields.wid;
  if (typeof fields.pushname === 'string' && fields.pushname) account.name = fields.pushname;
  return account;
}

/** Reads one answer of the `qr` method (HTTP status and body text) into what the element should do. */
export function interpretQrResponse(status: number, body: string, secret: string): Exclude<QrOutcome, { kind: 'scan-timeout' | 'session-taken' }> {
  if (status !== 200) return { kind: 'failure', error: interpretHttpError(status, body, secret) };
  const parsed = parseJsonBody(body);
  if ('error' in parsed) return { kind: 'failure', error: parsed.error };
  const outcome = interpretQrMessage(parsed.json, secret);
  // Only the socket has a scan time limit; over HTTP a timeout type is just unknown.
  if (outcome.kind !== 'scan-timeout' && outcome.kind !== 'session-taken') return outcome;
  return { kind: 'failure', error: errorDetail('bad-response', 'GREEN-API answered an unknown type for qr.', true) };
}

/** A fetch that never produced an HTTP answer: the network failed or our timeout fired. */
export function interpretFetchFailure(timedOut: boolean, timeoutMs: number): GreenApiQrErrorDetail {
  return timedOut
    ? { code: 'network', message: `GREEN-API did not answer within ${Math.round(timeoutMs / 1000)} s.`, retryable: true }
    : { code: 'network', message: 'GREEN-API could not be reached (network error, CORS or wrong api-url).', retryable: true };
}
