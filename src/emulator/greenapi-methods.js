// The GREEN-API methods the emulator implements, with their HTTP verbs and rate limits.
//
// Method names in the path are matched case-insensitively: the 2021 docs write `/Logout/`, the
// SDKs `/logout/`, and Java `/GetAuthorizationCode/`, so the real router cannot be strict.
//
// `scanqrcode` is not listed here: it is a WebSocket, not an HTTP method (scanqrcode-upgrade.js).

/**
 * @typedef {object} MethodSpec
 * @property {string} name canonical spelling, used in stats, logs and faults
 * @property {readonly string[]} verbs HTTP methods the real API accepts for it
 * @property {number} perSecond requests per second per instance
 *   (https://green-api.com/en/docs/api/ratelimiter/)
 * @property {boolean} [readsBody] the answer depends on the JSON request body
 */

/** @type {readonly MethodSpec[]} */
const METHOD_SPECS = Object.freeze([
  { name: 'qr', verbs: ['GET'], perSecond: 3 },
  { name: 'getStateInstance', verbs: ['GET'], perSecond: 1 },
  { name: 'getWaSettings', verbs: ['GET'], perSecond: 1 },
  // The docs show GET; POST is accepted too because some SDKs send account actions as POST.
  { name: 'logout', verbs: ['GET', 'POST'], perSecond: 1 },
  // Our inference: the ratelimiter table excerpts do not list it; 1/s like the other account
  // methods. (The Postman example's X-RateLimit-Replenish-Rate: 50 looks copied from sendMessage.)
  { name: 'getAuthorizationCode', verbs: ['POST'], perSecond: 1, readsBody: true },
]);

/** The WebSocket method's name in stats and its rate limit (ratelimiter page: `scanQrCode` 1). */
export const SCAN_QR_CODE = Object.freeze({ name: 'scanQrCode', perSecond: 1 });

/** Canonical method names, in documentation order. */
export const GREEN_API_METHODS = Object.freeze(METHOD_SPECS.map((spec) => spec.name));

const BY_LOWERCASE = new Map(METHOD_SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

/**
 * @param {string} name method segment of the URL, any case
 * @returns {MethodSpec | undefined}
 */
export function methodSpec(name) {
  return BY_LOWERCASE.get(name.toLowerCase());
}

/**
 * @param {string} name any case
 * @returns {string | null} canonical spelling, or null when the emulator has no such method
 */
export function canonicalMethod(name) {
  return methodSpec(name)?.name ?? null;
}
