// What an instance offers a client that asks for a QR code right now.
//
// Shared by the HTTP `qr` method and the `scanqrcode` WebSocket, because GREEN-API says "The
// errors for this method and the QR method are identical" (callsScanqrcode page). Each side
// only wraps the offer differently: HTTP sends "starting" as a 400, the socket as an `error` frame.

/** The documented body of the "instance is starting" error (common-errors page). */
export const STARTING_MESSAGE = 'instance in starting process try later';
export const ALREADY_LOGGED_MESSAGE = 'instance account already authorized';
export const NEEDS_LOGOUT_MESSAGE = 'Instance has auth. You need to make log out';

/**
 * @typedef {object} QrOffer
 * @property {'qrCode' | 'alreadyLogged' | 'error' | 'starting'} kind
 * @property {string} message base64 PNG for qrCode, otherwise the text to show
 * @property {string} [payload] the text inside the QR symbol (qrCode only)
 * @property {number} [rotatesAt] epoch ms at which this code is replaced (qrCode only)
 */

/**
 * @param {import('./instances.js').Instance} instance
 * @param {number} now epoch ms
 * @returns {QrOffer}
 */
export function qrOffer(instance, now) {
  // During the post-logout cleanup no pairing is possible; the closest documented answer is the
  // "starting" one (our inference: the docs do not say what qr returns then).
  if (instance.isLogoutInProcess(now)) return { kind: 'starting', message: STARTING_MESSAGE };
  const state = instance.stateInstance;
  if (state === 'starting') return { kind: 'starting', message: STARTING_MESSAGE };
  if (state === 'authorized') return { kind: 'alreadyLogged', message: ALREADY_LOGGED_MESSAGE };
  if (instance.needsLogout) return { kind: 'error', message: NEEDS_LOGOUT_MESSAGE };
  if (state === 'notAuthorized') {
    const { payload, rotatesAt } = instance.qr.codeAt(now);
    return { kind: 'qrCode', message: instance.qr.pngBase64At(now), payload, rotatesAt };
  }
  // Our inference: the docs list no message for blocked, yellowCard, sleepMode, suspended,
  // pendingCode or null; `type: "error"` is the documented catch-all for "no QR for you".
  return { kind: 'error', message: `instance is ${state}` };
}
