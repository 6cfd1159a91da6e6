// What an instance offers a client that asks for a QR code right now.
//
// Shared by the HTTP `qr` method and the `scanqrcode` WebSocket, because GREEN-API says "The
// errors for this method and the QR method are identical" (callsScanqrcode page). Each side
// only wraps the offer differently: HTTP sends "starting" as a 400 and the passkey gate as an
// `error`, the socket sends "starting" as an `error` frame and the passkey gate as a
// `passkeyRequired` frame.

import { ALREADY_LOGGED_MESSAGE, LINKED_STATES, NEEDS_LOGOUT_MESSAGE, STARTING_MESSAGE } from '../protocol/index.js';
import type { Instance } from './instances.js';

/**
 * Our wording of WhatsApp's passkey prompt ("Create a passkey to link devices"): GREEN-API
 * documents the `passkeyRequired` frame type for its calls socket, not a text.
 */
export const PASSKEY_MESSAGE = 'passkey required: WhatsApp asks this account to create or confirm a passkey on the phone before it links a new device';

export type QrOffer =
  | {
      kind: 'qrCode';
      /** The base64 PNG. */
      message: string;
      /** The text inside the QR symbol. */
      payload: string;
      /** Epoch ms at which this code is replaced. */
      rotatesAt: number;
    }
  | { kind: 'alreadyLogged' | 'error' | 'starting' | 'passkeyRequired'; message: string };

export function qrOffer(instance: Instance, now: number): QrOffer {
  // Being created (null), starting, or the post-logout cleanup: the common 400 "instance in
  // starting process" (our inference for null and the cleanup: the docs do not say what qr
  // returns then).
  if (instance.isStarting(now)) return { kind: 'starting', message: STARTING_MESSAGE };
  const state = instance.stateInstance;
  // Our inference: an account is linked in every LINKED_STATE (sleepMode: only its phone is
  // offline), and "if the instance is authorized, you have first to log out" (QR page).
  if (LINKED_STATES.includes(state)) return { kind: 'alreadyLogged', message: ALREADY_LOGGED_MESSAGE };
  if (instance.needsLogout) return { kind: 'error', message: NEEDS_LOGOUT_MESSAGE };
  if (state === 'notAuthorized') {
    if (instance.passkeyPending) return { kind: 'passkeyRequired', message: PASSKEY_MESSAGE };
    const { payload, rotatesAt } = instance.qr.codeAt(now);
    return { kind: 'qrCode', message: instance.qr.pngBase64At(now), payload, rotatesAt };
  }
  // Our inference: the docs list no message for blocked, suspended, pendingCode or a state
  // nobody knows; `type: "error"` is the documented catch-all for "no QR for you".
  return { kind: 'error', message: `instance is ${String(state)}` };
}
