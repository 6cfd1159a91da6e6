import { errorDetail, interpretHttpError, isRecord, parseJsonBody, redact } from './api.js';
import type { GreenApiQrErrorDetail, InstanceState } from './public-types.js';

/** Pure reading of `getStateInstance`, and what each state means for linking; also the JSON reading the other account methods share. */


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


export type Answer<T> = { ok: true; value: T } | { ok: false; error: GreenApiQrErrorDetail };

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

export function readJson(status: number, body: string, secret: string): Answer<unknown> {
  if (status !== 200) return { ok: false, error: interpretHttpError(status, body, secret) };
  const parsed = parseJsonBody(body);
  return 'error' in parsed ? { ok: false, error: parsed.error } : { ok: true, value: parsed.json };
}

export function badShape(method: string): Answer<never> {
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
