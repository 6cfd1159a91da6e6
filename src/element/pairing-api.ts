import { authorizationCodeAnswer, PAIRING_CODE } from '../protocol/index.js';
import { errorDetail } from './errors.js';
import { badShape, readAnswer, type Answer } from './read-answer.js';

/** Pure reading of `getAuthorizationCode`: loaded with the pairing-code flow (`method="phone"`). */

/** `{status: true, code}` is a code to show; `status: false` is GREEN-API declining to give one. */
export function interpretPairingResponse(status: number, body: string, secret: string): Answer<string> {
  const answer = readAnswer('getAuthorizationCode', authorizationCodeAnswer, status, body, secret);
  if (!answer.ok) return answer;
  if (!answer.value.status) {
    return {
      ok: false,
      error: errorDetail('pairing-failed', 'GREEN-API could not give a pairing code (status: false). Try again later or link with the QR code.', false),
    };
  }
  const code = (answer.value.code ?? '').replace(/[\s-]/g, '').toUpperCase();
  return PAIRING_CODE.test(code) ? { ok: true, value: code } : badShape('getAuthorizationCode');
}
