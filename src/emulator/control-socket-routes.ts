// Control API: faults on an instance's open scanqrcode sockets (`/_emulator/instances/{id}/ws`).
// They let tests play a flaky network or a misbehaving server: a connection that just dies
// (no close frame), a close with any code, frames the documented protocol never sends, and the
// scan timeout coming now instead of after its 100 s.

import { HttpError, rejectUnknownKeys, type JsonObject } from './http-util.js';
import type { SocketSession } from './instance-sockets.js';
import { instanceId, type ControlHandler, type ControlRoute } from './control-types.js';

/** Close codes an endpoint may send (RFC 6455 §7.4, IANA registry); `ws` throws on others. */
function isSendableCloseCode(code: unknown): code is number {
  if (typeof code !== 'number' || !Number.isInteger(code)) return false;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** RFC 6455 caps the close reason at 123 bytes. */
const MAX_REASON_BYTES = 123;

/** One validated socket action, as a function over a session. */
function parseAction(body: JsonObject): (session: SocketSession) => void {
  const { action } = body;
  if (action === 'drop') {
    rejectUnknownKeys(body, ['action']);
    return (session) => session.drop();
  }
  if (action === 'close') {
    rejectUnknownKeys(body, ['action', 'code', 'reason']);
    const { code = 1000, reason = '' } = body;
    if (!isSendableCloseCode(code)) throw new HttpError(400, 'code must be 1000-1003, 1007-1014 or 3000-4999');
    if (typeof reason !== 'string' || Buffer.byteLength(reason) > MAX_REASON_BYTES) {
      throw new HttpError(400, `reason must be a string of at most ${MAX_REASON_BYTES} bytes`);
    }
    return (session) => session.close(code, reason);
  }
  if (action === 'send') {
    rejectUnknownKeys(body, ['action', 'frame']);
    const { frame } = body;
    if (typeof frame !== 'string') throw new HttpError(400, 'frame must be a string (sent as one text frame, as is)');
    return (session) => session.sendRaw(frame);
  }
  if (action === 'timeout') {
    rejectUnknownKeys(body, ['action']);
    return (session) => session.timeOut();
  }
  throw new HttpError(400, "action must be 'drop', 'close', 'send' or 'timeout'");
}

const socketAction: ControlHandler = ({ body, registry, params }) => {
  const instance = registry.require(instanceId(params));
  const act = parseAction(body);
  const sessions = [...instance.sockets.open];
  if (sessions.length === 0) throw new HttpError(409, 'no open scanqrcode socket for this instance');
  for (const session of sessions) act(session);
  return { value: { sockets: sessions.length } };
};

export const SOCKET_ROUTES: readonly ControlRoute[] = [['POST', /^\/_emulator\/instances\/([^/]+)\/ws$/, socketAction]];
