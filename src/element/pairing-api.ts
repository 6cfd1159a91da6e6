import { errorDetail, isRecord } from './api.js';
import { badShape, readJson, type Answer } from './instance-state.js';

/** Pure reading of `getAuthorizationCode`: loaded with the pairing-code flow (`method="phone"`). */

/** GREEN-API's pairing code is valid "approximately 2.5 minutes". */
export const PAIRING_CODE_LIFETIME_MS = 150_000;

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
