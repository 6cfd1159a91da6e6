import { PHONE_NUMBER_DIGITS } from '../protocol/index.js';
import { configError } from './errors.js';
import type { Answer } from './read-answer.js';

/** The phone-number rule of `method="phone"`: what a typed number must be. */

/**
 * The digits GREEN-API wants ("international format without + or 00"): spaces, dashes, dots,
 * brackets and a leading `+` or `00` are dropped; 7 to 15 digits must remain (E.164's range), the first not 0.
 */
export function normalizePhoneNumber(input: string): Answer<string> {
  const compact = input.trim().replace(/[\s().-]/g, '');
  const digits = compact.replace(/^(\+|00)/, '');
  if (PHONE_NUMBER_DIGITS.test(digits)) return { ok: true, value: digits };
  const reason = !compact
    ? 'phone-number is empty'
    : /\D/.test(digits)
      ? 'phone-number may hold only digits, spaces and a leading + or 00'
      : digits.startsWith('0')
        ? 'phone-number must start with the country code, not 0'
        : 'phone-number must have 7 to 15 digits';
  return { ok: false, error: configError([reason])! };
}
