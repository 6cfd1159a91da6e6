// GREEN-API `getAuthorizationCode`: link by phone number with an 8-character code instead of
// a QR (https://green-api.com/en/docs/api/account/GetAuthorizationCode).
//
// Documented: `POST …/getAuthorizationCode/{token}` with `{"phoneNumber": 441234567890}` (an
// integer, international format without + or 00: isPhoneNumber) → `{status: boolean, code: string}`,
// the code valid for about 2.5 minutes. The validation answer and every `status: false` case
// below are our inference; the docs only say false means "an error occurred while receiving the code".

import { isPhoneNumber, STARTING_MESSAGE, VALIDATION_FAILED_MESSAGE } from '../protocol/index.js';
import { isJsonObject } from './http-util.js';
import type { Instance } from './instances.js';

export interface JsonAnswer {
  status: number;
  value: unknown;
}

const VALIDATION_FAILED: JsonAnswer = { status: 400, value: { message: VALIDATION_FAILED_MESSAGE } };
const STARTING: JsonAnswer = { status: 400, value: { message: STARTING_MESSAGE } };
const REFUSED: JsonAnswer = { status: 200, value: { status: false, code: '' } };

/**
 * The phone number from the request, or null when the request is invalid (`bodyText` is null
 * when the body was too large or cut off). The body must be declared as JSON: a body parser in
 * front of the real API would most likely ignore any other type, and insisting on it keeps a
 * client from relying on a leniency the real API may lack.
 */
export function parsePhoneNumber(bodyText: string | null, contentType: string | undefined): number | null {
  if (bodyText === null || !/^application\/json\s*(;|$)/i.test(contentType ?? '')) return null;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (!isJsonObject(body)) return null;
  return isPhoneNumber(body.phoneNumber) ? body.phoneNumber : null;
}

export function authorizationCodeAnswer(instance: Instance, bodyText: string | null, contentType: string | undefined, now: number): JsonAnswer {
  const phoneNumber = parsePhoneNumber(bodyText, contentType);
  if (phoneNumber === null) return VALIDATION_FAILED;
  const result = instance.requestPairingCode(phoneNumber, now);
  if (result.outcome === 'code') return { status: 200, value: { status: true, code: result.code } };
  return result.outcome === 'starting' ? STARTING : REFUSED;
}
