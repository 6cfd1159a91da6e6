// What an instance id, a token and a phone number must look like before they go into a request.

/** GREEN-API documents instance ids as integers of 1 to 10 digits. */
export const ID_INSTANCE = /^\d{1,10}$/;

/**
 * Tokens go into the URL path, so only path-safe characters are accepted (observed: 50 hex chars,
 * `gac.` partner tokens); `.` and `..` alone are not, since a URL resolves them as dot segments.
 */
export const API_TOKEN = /^(?!\.\.?$)[\w.~-]+$/;

/**
 * A phone number as `getAuthorizationCode` takes it: "international format without + or 00",
 * that is E.164's 7 to 15 digits, the first being a country code's (never 0).
 */
export const PHONE_NUMBER_DIGITS = /^[1-9]\d{6,14}$/;

/** Whether a `phoneNumber` body value is one GREEN-API can take: the JSON number of those digits. */
export function isPhoneNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && PHONE_NUMBER_DIGITS.test(String(value));
}
