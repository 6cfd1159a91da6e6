// @ts-check
// GREEN-API's facts for linking an instance, shared by the element (browser), the relay
// (greenapi-qr/server) and the emulator, so that each is written once. Plain JavaScript with JSDoc
// types: Node runs it as it is, and the browser bundles take it like any module.
// Sources: https://green-api.com/en/docs/api/ (each method's page) and
// https://green-api.com/en/docs/api/ratelimiter/ (the per-instance limits).

/** Where GREEN-API's API lives unless an instance's `apiUrl` says otherwise. */
export const DEFAULT_API_URL = 'https://api.green-api.com';

/**
 * The domains GREEN-API's API hosts live under: `api.green-api.com` and the per-instance hosts its
 * console shows as `apiUrl` (`https://7103.api.greenapi.com`, `https://api.p03.green-api.com`).
 * Source: https://green-api.com/en/docs/request-format (`https://api.greenapi.com/waInstance1234/…`).
 */
export const GREEN_API_DOMAINS = Object.freeze(['green-api.com', 'greenapi.com']);

/** Whether `origin` (as `URL.origin` writes it) is one of GREEN-API's API hosts: `https:`, the default port, under GREEN_API_DOMAINS. */
export function isGreenApiOrigin(/** @type {string} */ origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.origin !== origin) return false;
  return GREEN_API_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`));
}

/** GREEN-API documents instance ids as integers of 1 to 10 digits. */
export const ID_INSTANCE = /^\d{1,10}$/;

/**
 * Tokens go into the URL path, so only path-safe characters are accepted (observed: 50 hex chars,
 * `gac.` partner tokens); `.` and `..` alone are not, since a URL resolves them as dot segments.
 */
export const API_TOKEN = /^(?!\.\.?$)[\w.~-]+$/;

/**
 * @typedef {object} LinkingMethod
 * @property {'qr' | 'getStateInstance' | 'getWaSettings' | 'logout' | 'getAuthorizationCode'} name as in the URL
 * @property {'GET' | 'POST'} verb the HTTP method GREEN-API takes it with
 * @property {'POST'} [relayVerb] the HTTP method a relay (greenapi-qr/server) takes it with, where it
 *   is not `verb`: a state change is never a GET there, since a link or an `<img>` on another site
 *   sends GETs with the user's cookies (CSRF); the relay then sends GREEN-API's own verb
 * @property {number} perSecond GREEN-API's limit per instance (ratelimiter page)
 * @property {number} gapMs start-to-start gap that keeps under that limit. GREEN-API counts a request
 *   when it arrives, so each gap has a margin: 334 ms for `qr` met 429s when requests arrived a few ms closer.
 * @property {boolean} action it changes the instance (never shared between callers, only paced)
 */

/** The HTTP methods that linking an instance needs, and nothing else. Read-only by type, not frozen: freezing costs the browser bundle bytes and guards nothing a page can reach. */
export const LINKING_METHODS = /** @type {readonly Readonly<LinkingMethod>[]} */ (
  [
    { name: 'qr', verb: 'GET', perSecond: 3, gapMs: 350, action: false },
    { name: 'getStateInstance', verb: 'GET', perSecond: 1, gapMs: 1050, action: false },
    { name: 'getWaSettings', verb: 'GET', perSecond: 1, gapMs: 1050, action: false },
    { name: 'logout', verb: 'GET', relayVerb: 'POST', perSecond: 1, gapMs: 1050, action: true },
    // Body `{"phoneNumber": 441234567890}`. Not in the ratelimiter table: 1/s like the other account
    // methods. Codes asked for in a row push real instances into `starting` (green-api/issues#460,
    // #518), so never more than one per 10 s for an instance, whoever asks.
    { name: 'getAuthorizationCode', verb: 'POST', perSecond: 1, gapMs: 10_000, action: true },
  ]
);

/** The WebSocket that pushes QR codes (one session per instance; ratelimiter page: `scanQrCode` 1 per second). */
export const SCAN_QR_CODE = /** @type {const} */ ({ name: 'scanqrcode', perSecond: 1, gapMs: 1050 });

/** The HTTP method a relay takes `method` with. */
export function relayVerbOf(/** @type {LinkingMethod} */ method) {
  return method.relayVerb ?? method.verb;
}

/** A method's spec by its URL name (exact spelling), or undefined for anything linking does not need. */
export function linkingMethod(/** @type {string} */ name) {
  return LINKING_METHODS.find((method) => method.name === name);
}

/** The `qr` method can take up to 60 s to answer (green-api/issues#559); GREEN-API's own app waits 70 s. */
export const REQUEST_TIMEOUT_MS = 70_000;

/** `/waInstance{idInstance}/{method}`: the part of a GREEN-API path before the token, and a relay's whole route. */
export function instancePath(/** @type {string} */ idInstance, /** @type {string} */ method) {
  return `/waInstance${idInstance}/${method}`;
}

/** The path segment `waInstance{idInstance}`, decoded: its one group is the id, still to be checked against ID_INSTANCE. */
export const INSTANCE_SEGMENT = /^waInstance(.*)$/s;

/** `{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}`, with `apiUrl` already normalized (no trailing slash). */
export function methodUrl(/** @type {string} */ apiUrl, /** @type {string} */ idInstance, /** @type {string} */ method, /** @type {string} */ apiTokenInstance) {
  return `${apiUrl}${instancePath(idInstance, method)}/${encodeURIComponent(apiTokenInstance)}`;
}

/** The WebSocket URL for an http(s) one: http → ws, https → wss. */
export function toSocketUrl(/** @type {string} */ httpUrl) {
  return httpUrl.replace(/^http/, 'ws');
}

/** The API base without trailing slashes, or undefined when it is not an absolute http(s) URL without credentials, query or fragment. */
export function normalizeApiUrl(/** @type {string} */ apiUrl) {
  let url;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // An empty `?` or `#` leaves url.search and url.hash empty, yet would put the method path and the token after it.
  if (url.username || url.password || /[?#]/.test(url.href)) return undefined;
  return url.href.replace(/\/+$/, '');
}

/** The ways a token can appear in text: as given, and percent-encoded as in a URL. */
function secretForms(/** @type {string} */ secret) {
  return secret ? [...new Set([secret, encodeURIComponent(secret)])] : [];
}

/** Whether text that came from outside holds the token in any form. */
export function containsSecret(/** @type {string} */ text, /** @type {string} */ secret) {
  return secretForms(secret).some((form) => text.includes(form));
}

/** Text with every form of the token replaced by `***`: GREEN-API's error pages can echo the request path, which holds it. */
export function withoutSecret(/** @type {string} */ text, /** @type {string} */ secret) {
  let clean = text;
  for (const form of secretForms(secret)) clean = clean.split(form).join('***');
  return clean;
}
