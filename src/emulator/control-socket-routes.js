// Control API: faults on an instance's open scanqrcode sockets (`/_emulator/instances/{id}/ws`).
// They let tests play a flaky network or a misbehaving server: a connection that just dies
// (no close frame), a close with any code, and frames the documented protocol never sends.

import { HttpError, rejectUnknownKeys } from './http-util.js';

/** @typedef {import('./control-types.js').ControlHandler} ControlHandler */
/** @typedef {import('./control-types.js').ControlRoute} ControlRoute */

/** Close codes an endpoint may send (RFC 6455 §7.4, IANA registry); `ws` throws on others. */
function isSendableCloseCode(/** @type {unknown} */ code) {
  if (!Number.isInteger(code)) return false;
  const n = /** @type {number} */ (code);
  return (n >= 1000 && n <= 1003) || (n >= 1007 && n <= 1014) || (n >= 3000 && n <= 4999);
}

/** RFC 6455 caps the close reason at 123 bytes. */
const MAX_REASON_BYTES = 123;

/** @type {ControlHandler} */
function socketAction({ body, registry, params }) {
  const instance = registry.require(params[0]);
  const { action } = body;
  if (action === 'drop') {
    rejectUnknownKeys(body, ['action']);
  } else if (action === 'close') {
    rejectUnknownKeys(body, ['action', 'code', 'reason']);
    if (body.code !== undefined && !isSendableCloseCode(body.code)) {
      throw new HttpError(400, 'code must be 1000-1003, 1007-1014 or 3000-4999');
    }
    if (body.reason !== undefined && (typeof body.reason !== 'string' || Buffer.byteLength(body.reason) > MAX_REASON_BYTES)) {
      throw new HttpError(400, `reason must be a string of at most ${MAX_REASON_BYTES} bytes`);
    }
  } else if (action === 'send') {
    rejectUnknownKeys(body, ['action', 'frame']);
    if (typeof body.frame !== 'string') throw new HttpError(400, 'frame must be a string (sent as one text frame, as is)');
  } else {
    throw new HttpError(400, "action must be 'drop', 'close' or 'send'");
  }

  const sessions = [...instance.sockets.open];
  if (sessions.length === 0) throw new HttpError(409, 'no open scanqrcode socket for this instance');
  for (const session of sessions) {
    if (action === 'drop') session.drop();
    else if (action === 'close') session.close(/** @type {number | undefined} */ (body.code) ?? 1000, /** @type {string | undefined} */ (body.reason) ?? '');
    else session.sendRaw(/** @type {string} */ (body.frame));
  }
  return { value: { sockets: sessions.length } };
}

/** @type {ControlRoute[]} */
export const SOCKET_ROUTES = [['POST', /^\/_emulator\/instances\/([^/]+)\/ws$/, socketAction]];
