// GREEN-API `getAuthorizationCode`: link by phone number with an 8-character code instead of
// a QR (https://green-api.com/en/docs/api/account/GetAuthorizationCode).
//
// Documented: `POST …/getAuthorizationCode/{token}` with `{"phoneNumber": 441234567890}` (an
// integer, international format without + or 00) → `{status: boolean, code: string}`, the code
// valid for about 2.5 minutes. The validation rules and every `status: false` case below are
// our inference; the docs only say false means "an error occurred while receiving the code".

import { STARTING_MESSAGE } from './qr-offer.js';

/** @typedef {{ status: number, value: unknown }} JsonAnswer */

/** Our inference: the common-errors page's validation error, as a 400 JSON `message`. */
const VALIDATION_FAILED = { status: 400, value: { message: 'Bad Request Validation failed' } };
const STARTING = { status: 400, value: { message: STARTING_MESSAGE } };
const REFUSED = { status: 200, value: { status: false, code: '' } };

/**
 * E.164 numbers have at most 15 digits; the shortest real ones (e.g. Niue, +683 and 4 digits)
 * have 7. Our inference: the docs give no bounds.
 */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/**
 * The phone number from the request, or null when the request is invalid. The body must be
 * declared as JSON: a body parser in front of the real API would most likely ignore any other
 * type, and insisting on it keeps a client from relying on a leniency the real API may lack.
 * @param {string | null} bodyText null when the body was too large or cut off
 * @param {string | undefined} contentType
 * @returns {number | null}
 */
export function parsePhoneNumber(bodyText, contentType) {
  if (bodyText === null || !/^application\/json\s*(;|$)/i.test(contentType ?? '')) return null;
  /** @type {unknown} */
  let body;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const phoneNumber = /** @type {{ phoneNumber?: unknown }} */ (body).phoneNumber;
  if (typeof phoneNumber !== 'number' || !Number.isSafeInteger(phoneNumber) || phoneNumber <= 0) return null;
  const digits = String(phoneNumber).length;
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS ? phoneNumber : null;
}

/**
 * @param {import('./instances.js').Instance} instance
 * @param {string | null} bodyText
 * @param {string | undefined} contentType
 * @param {number} now
 * @returns {JsonAnswer}
 */
export function authorizationCodeAnswer(instance, bodyText, contentType, now) {
  const phoneNumber = parsePhoneNumber(bodyText, contentType);
  if (phoneNumber === null) return VALIDATION_FAILED;
  const result = instance.requestPairingCode(phoneNumber, now);
  if (result.outcome === 'code') return { status: 200, value: { status: true, code: result.code } };
  return result.outcome === 'starting' ? STARTING : REFUSED;
}
