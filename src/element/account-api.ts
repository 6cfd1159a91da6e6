import { containsSecret, errorDetail, isBase64, isRecord, PNG_SIGNATURE_BASE64, redact } from './api.js';
import { badShape, readJson, type Answer } from './instance-state.js';

/**
 * Pure reading of what GREEN-API says about the linked account: `getWaSettings` (who it is, and
 * whether a logout is still cleaning up) and `logout`. Loaded with the account flows, after linking.
 */

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

const MAX_AVATAR_BASE64_LENGTH = 500_000;

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

/** `{"isLogout": true}` is the only answer that means the instance was logged out. */
export function interpretLogoutResponse(status: number, body: string, secret: string): Answer<true> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  if (!isRecord(answer.value) || typeof answer.value.isLogout !== 'boolean') return badShape('logout');
  if (answer.value.isLogout) return { ok: true, value: true };
  return { ok: false, error: errorDetail('api', 'GREEN-API did not log the instance out (isLogout: false).', false) };
}
