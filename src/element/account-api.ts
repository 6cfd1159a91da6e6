import { containsSecret, logoutAnswer, type LinkedAccount, waSettingsAnswer } from '../protocol/index.js';
import { isBase64, PNG_SIGNATURE_BASE64 } from './base64.js';
import { errorDetail, redact } from './errors.js';
import { readAnswer, type Answer } from './read-answer.js';

/**
 * Pure reading of what GREEN-API says about the linked account: `getWaSettings` (who it is, and
 * whether a logout is still cleaning up) and `logout`. Loaded with the account flows, after linking.
 */

export interface WaSettings {
  logoutProcess: boolean;
  account: LinkedAccount;
}

const MAX_AVATAR_BASE64_LENGTH = 500_000;

/** getWaSettings: whether a logout is still cleaning up, and who is linked (fields empty when nobody is). */
export function interpretWaSettingsResponse(status: number, body: string, secret: string): Answer<WaSettings> {
  const answer = readAnswer('getWaSettings', waSettingsAnswer, status, body, secret);
  if (!answer.ok) return answer;
  const { phone, chatId, avatar, base64Avatar, logoutProcess } = answer.value;
  const account: LinkedAccount = {};
  if (phone && /^\+?\d{5,20}$/.test(phone)) account.phone = phone.replace(/^\+/, '');
  if (chatId) account.wid = redact(chatId, secret);
  const picture = avatarUrl(base64Avatar, avatar);
  // A picture URL cannot be redacted without breaking it: one that carries the token is dropped.
  if (picture && !containsSecret(picture, secret)) account.avatar = picture;
  return { ok: true, value: { logoutProcess: logoutProcess === true, account } };
}

/**
 * A URL an `<img>` can show without trusting the server: a data URL of a PNG, JPEG or WebP
 * (sniffed from the bytes, since base64Avatar has no type), else an https avatar URL.
 */
function avatarUrl(base64 = '', url = ''): string | undefined {
  const data = base64.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, '');
  const type = data.startsWith(PNG_SIGNATURE_BASE64) ? 'png' : data.startsWith('/9j/') ? 'jpeg' : data.startsWith('UklGR') ? 'webp' : undefined;
  if (type && data.length <= MAX_AVATAR_BASE64_LENGTH && isBase64(data)) return `data:image/${type};base64,${data}`;
  try {
    const parsed = new URL(url);
    // Only https: an http picture on an https page is mixed content.
    if (parsed.protocol === 'https:') return parsed.href;
  } catch {
    // not a URL (or none): no avatar is better than a broken one
  }
  return undefined;
}

/** `{"isLogout": true}` is the only answer that means the instance was logged out. */
export function interpretLogoutResponse(status: number, body: string, secret: string): Answer<true> {
  const answer = readAnswer('logout', logoutAnswer, status, body, secret);
  if (!answer.ok) return answer;
  if (answer.value.isLogout) return { ok: true, value: true };
  return { ok: false, error: errorDetail('api', 'GREEN-API did not log the instance out (isLogout: false).', false) };
}
