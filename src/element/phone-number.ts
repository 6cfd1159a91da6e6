import { errorDetail } from './api.js';
import type { Answer } from './instance-state.js';

/** The phone-number rules of `method="phone"`: what a typed number must be, and how a pairing code is shown. */

const PHONE_DIGITS = /^\d{7,15}$/;

/**
 * The digits GREEN-API wants ("international format without + or 00"): spaces, dashes, dots,
 * brackets and a leading `+` or `00` are dropped; 7 to 15 digits must remain (E.164's range).
 */
export function normalizePhoneNumber(input: string): Answer<string> {
  const compact = input.trim().replace(/[\s().-]/g, '');
  const digits = compact.replace(/^(\+|00)/, '');
  if (PHONE_DIGITS.test(digits) && !digits.startsWith('0')) return { ok: true, value: digits };
  const reason = !compact
    ? 'phone-number is empty'
    : /\D/.test(digits)
      ? 'phone-number may hold only digits, spaces and a leading + or 00'
      : digits.startsWith('0')
        ? 'phone-number must start with the country code, not 0'
        : 'phone-number must have 7 to 15 digits';
  return { ok: false, error: errorDetail('config', `Invalid configuration: ${reason}.`, false) };
}

/** `K7Q2M9ZD` → `K7Q2-M9ZD`, the way WhatsApp shows it; other lengths are grouped by four. */
export function formatPairingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
