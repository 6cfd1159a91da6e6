import { stateInstanceAnswer } from '../protocol/index.js';
import type { InstanceState, KnownInstanceState } from '../protocol/index.js';
import { errorDetail, redact } from './errors.js';
import { readAnswer, type Answer } from './read-answer.js';
import type { SourceEvent } from './source-events.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** Pure reading of `getStateInstance`, and what each state means for linking. */

/**
 * What an instance state means for linking, as what the state check reports: `authorized` (finish
 * without showing a code), `linkable` (show a QR code or ask for a pairing code), `not-ready` (say
 * why, and ask again later) or `failed` (it cannot be linked from here).
 */
export type StatePlan = Extract<SourceEvent, { kind: 'authorized' | 'not-ready' | 'failed' }> | { kind: 'linkable' };

/**
 * What each `stateInstance` means for linking. The docs list notAuthorized, authorized, blocked,
 * sleepMode, starting and yellowCard; SDK types add suspended and pendingCode; null means the
 * instance is still being created. yellowCard restricts sending but the account is linked, so it
 * counts as authorized, as in GREEN-API's own app.
 */
export function planForState(state: InstanceState, secret: string): StatePlan {
  // As the documented states, so that each case is checked against them; any other is unknown.
  switch (state as KnownInstanceState) {
    case 'authorized':
    case 'yellowCard':
      return { kind: 'authorized' };
    case 'notAuthorized':
      return { kind: 'linkable' };
    case 'blocked':
      return { kind: 'failed', error: errorDetail('blocked', 'The WhatsApp account of this instance is banned (stateInstance "blocked").', false) };
    // Being created (null), then starting: each passes within minutes, so they are waits, not errors.
    case null:
    case 'starting':
      return { kind: 'not-ready' };
    case 'sleepMode':
      return { kind: 'not-ready', error: stateError('sleepMode', 'the phone is off or offline') };
    case 'suspended':
      return { kind: 'not-ready', error: stateError('suspended', 'check its plan in the GREEN-API console') };
    case 'pendingCode':
      return { kind: 'not-ready', error: stateError('pendingCode', 'waiting for an authorization code') };
    default:
      return { kind: 'not-ready', error: stateError(redact(String(state), secret), 'unknown to this element') };
  }
}

function stateError(state: string, meaning: string): GreenApiQrErrorDetail {
  return errorDetail('instance-state', `The instance cannot be linked now (stateInstance "${state}": ${meaning}).`, true);
}

/** `{"stateInstance": "…"}`, or a `null` body while the instance is being created. */
export function interpretStateResponse(status: number, body: string, secret: string): Answer<InstanceState> {
  const answer = readAnswer('getStateInstance', stateInstanceAnswer, status, body, secret);
  // The value is shown on screen for states this element does not know: never with the token in it.
  return answer.ok && answer.value ? { ok: true, value: redact(answer.value, secret) } : answer;
}
