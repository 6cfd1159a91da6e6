import { containsSecret, errorDetail, interpretHttpError, isBase64, isRecord, parseJsonBody, PNG_SIGNATURE_BASE64, redact } from './api.js';
import type { GreenApiQrErrorDetail } from './events.js';

/**
 * Pure reading of GREEN-API's account methods around linking: `getStateInstance`, `getWaSettings`,
 * `getAuthorizationCode` and `logout`, plus the phone-number rules. No timers, no DOM, no fetch.
 */

/** `stateInstance` as GREEN-API gives it: an open set of names, or null while the instance is being created. */
export type InstanceState = string | null;

/** What the element does about an instance state, before showing a code or while waiting for one. */
export type StatePlan =
  /** Linked: finish without showing a code. */
  | { kind: 'authorized' }
  /** Ready to link: show a QR code or ask for a pairing code. */
  | { kind: 'link' }
  /** Not ready yet: say why and ask again later. */
  | { kind: 'wait'; error: GreenApiQrErrorDetail }
  /** Cannot be linked from here. */
  | { kind: 'fail'; error: GreenApiQrErrorDetail };

/** The account as getWaSettings (and the socket's accountData) describe it; every field may be missing. */
export interface AccountInfo {
  phone?: string;
  wid?: string;
  name?: string;
  /** A `data:` URL of base64Avatar, else the avatar's https URL. */
  avatar?: string;
}

export interface WaSettings {
  logoutProcess: boolean;
  account: AccountInfo;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; error: GreenApiQrErrorDetail };

/** GREEN-API's pairing code is valid "approximately 2.5 minutes". */
export const PAIRING_CODE_LIFETIME_MS = 150_000;

const PHONE_DIGITS = /^\d{7,15}$/;
const MAX_AVATAR_BASE64_LENGTH = 500_000;

/**
 * What each `stateInstance` means for linking. The docs list notAuthorized, authorized, blocked,
 * sleepMode, starting and yellowCard; SDK types add suspended and pendingCode; null means the
 * instance is still being created. yellowCard restricts sending but the account is linked, so it
 * counts as authorized, as in GREEN-API's own app.
 */
export function planForState(state: InstanceState, secret: string): StatePlan {
  switch (state) {
    case 'authorized':
    case 'yellowCard':
      return { kind: 'authorized' };
    case 'notAuthorized':
      return { kind: 'link' };
    case 'blocked':
      return { kind: 'fail', error: errorDetail('blocked', 'The WhatsApp account of this instance is banned (stateInstance "blocked").', false) };
    case 'starting':
      return { kind: 'wait', error: errorDetail('starting', 'The instance is starting (stateInstance "starting"); this takes up to 5 minutes.', true) };
    case 'sleepMode':
      return { kind: 'wait', error: stateError('sleepMode', 'the phone is off or offline; it comes back within 5 minutes of the phone going online') };
    case 'suspended':
      return { kind: 'wait', error: stateError('suspended', 'the instance is suspended; check its plan in the GREEN-API console') };
    case 'pendingCode':
      return { kind: 'wait', error: stateError('pendingCode', 'the instance is waiting for an authorization code') };
    case null:
      return { kind: 'wait', error: stateError(null, 'the instance is still being created') };
    default:
      return { kind: 'wait', error: stateError(redact(state, secret), 'a state this element does not know') };
  }
}

function stateError(state: string | null, meaning: string): GreenApiQrErrorDetail {
  const name = state === null ? 'null' : `"${state}"`;
  return errorDetail('instance-state', `The instance cannot be linked now (stateInstance ${name}: ${meaning}).`, true);
}

function readJson(status: number, body: string, secret: string): Answer<unknown> {
  if (status !== 200) return { ok: false, error: interpretHttpError(status, body, secret) };
  const parsed = parseJsonBody(body);
  return 'error' in parsed ? { ok: false, error: parsed.error } : { ok: true, value: parsed.json };
}

function badShape(method: string): Answer<never> {
  return { ok: false, error: errorDetail('bad-response', `GREEN-API answered ${method} with an unexpected shape.`, true) };
}

/** `{"stateInstance": "…"}`, or a `null` body while the instance is being created. */
export function interpretStateResponse(status: number, body: string, secret: string): Answer<InstanceState> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  if (answer.value === null) return { ok: true, value: null };
  if (!isRecord(answer.value)) return badShape('getStateInstance');
  const state = answer.value.stateInstance;
  if (state === null) return { ok: true, value: null };
  // The value is shown on screen for states this element does not know: never with the token in it.
  if (typeof state === 'string' && state) return { ok: true, value: redact(state, secret) };
  return badShape('getStateInstance');
}

/** getWaSettings: whether a logout is still cleaning up, and who is linked (fields empty when nobody is). */
export function interpretWaSettingsResponse(status: number, body: string, secret: string): Answer<WaSettings> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  if (!isRecord(answer.value)) return badShape('getWaSettings');
  const { phone, chatId, avatar, base64Avatar, logoutProcess } = answer.value;
  const account: AccountInfo = {};
  if (typeof phone === 'string' && /^\+?\d{5,20}$/.test(phone)) account.phone = phone.replace(/^\+/, '');
  if (typeof chatId === 'string' && chatId) account.wid = redact(chatId, secret);
  const picture = avatarUrl(base64Avatar, avatar);
  // A picture URL cannot be redacted without breaking it: one that carries the token is dropped.
  if (picture && !containsSecret(picture, secret)) account.avatar = picture;
  return { ok: true, value: { logoutProcess: logoutProcess === true, account } };
}

/**
 * A URL an `<img>` can show without trusting the server: a data URL of a PNG, JPEG or WebP
 * (sniffed from the bytes, since base64Avatar has no type), else an https avatar URL.
 */
function avatarUrl(base64: unknown, url: unknown): string | undefined {
  if (typeof base64 === 'string') {
    const data = base64.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, '');
    const type = data.startsWith(PNG_SIGNATURE_BASE64) ? 'png' : data.startsWith('/9j/') ? 'jpeg' : data.startsWith('UklGR') ? 'webp' : undefined;
    if (type && data.length <= MAX_AVATAR_BASE64_LENGTH && isBase64(data)) return `data:image/${type};base64,${data}`;
  }
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      // Only https: an http picture on an https page is mixed content.
      if (parsed.protocol === 'https:') return parsed.href;
    } catch {
      // not a URL: no avatar is better than a broken one
    }
  }
  return undefined;
}

/** `{status: true, code}` is a code to show; `status: false` is GREEN-API declining to give one. */
export function interpretPairingResponse(status: number, body: string, secret: string): Answer<string> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  if (!isRecord(answer.value) || typeof answer.value.status !== 'boolean') return badShape('getAuthorizationCode');
  const code = typeof answer.value.code === 'string' ? answer.value.code.replace(/[\s-]/g, '').toUpperCase() : '';
  if (answer.value.status && /^[A-Z0-9]{4,16}$/.test(code)) return { ok: true, value: code };
  if (answer.value.status) return badShape('getAuthorizationCode');
  return {
    ok: false,
    error: errorDetail('pairing-failed', 'GREEN-API could not give a pairing code (status: false). Try again later or link with the QR code.', false),
  };
}

/** `{"isLogout": true}` is the only answer that means the instance was logged out. */
export function interpretLogoutResponse(status: number, body: string, secret: string): Answer<true> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  if (!isRecord(answer.value) || typeof answer.value.isLogout !== 'boolean') return badShape('logout');
  if (answer.value.isLogout) return { ok: true, value: true };
  return { ok: false, error: errorDetail('api', 'GREEN-API did not log the instance out (isLogout: false).', false) };
}

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
