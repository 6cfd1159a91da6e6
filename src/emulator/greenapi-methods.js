// The GREEN-API methods the emulator implements, with their HTTP verbs and rate limits.
//
// Method names in the path are matched case-insensitively: the 2021 docs write `/Logout/`, the
// SDKs `/logout/`, and Java `/GetAuthorizationCode/`, so the real router cannot be strict.
//
// `scanqrcode` is not listed here: it is a WebSocket, not an HTTP method (scanqrcode-upgrade.js).

import { LINKING_METHODS, SCAN_QR_CODE as SCAN_QR_CODE_METHOD } from '../protocol/index.js';

/**
 * @typedef {object} MethodSpec
 * @property {string} name canonical spelling, used in stats, logs and faults
 * @property {readonly string[]} verbs HTTP methods the real API accepts for it
 * @property {number} perSecond requests per second per instance
 *   (https://green-api.com/en/docs/api/ratelimiter/)
 * @property {boolean} [readsBody] the answer depends on the JSON request body
 */

/** Verbs the real API takes besides the one the element sends: some SDKs send account actions as POST. */
const ALSO_ACCEPTED = /** @type {Record<string, readonly string[]>} */ ({ logout: ['POST'] });

/** @type {readonly MethodSpec[]} */
const METHOD_SPECS = Object.freeze(
  LINKING_METHODS.map(({ name, verb, perSecond }) => ({
    name,
    verbs: [verb, ...(ALSO_ACCEPTED[name] ?? [])],
    perSecond,
    readsBody: verb === 'POST',
  })),
);

/** The WebSocket method's name in stats and its rate limit (ratelimiter page: `scanQrCode` 1). */
export const SCAN_QR_CODE = Object.freeze({ name: 'scanQrCode', perSecond: SCAN_QR_CODE_METHOD.perSecond });

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
