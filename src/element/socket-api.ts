import { ONE_SESSION_TEXT, toSocketUrl } from '../protocol/index.js';
import { methodUrl, type Credentials } from './credentials.js';
import { errorDetail } from './errors.js';
import { interpretQrMessage, type QrOutcome } from './qr-message.js';
import { parseJsonBody } from './read-answer.js';

/** Pure reading of the `scanqrcode` socket (`transport="websocket"`): loaded with the socket source. */

/** The `scanqrcode` socket on the API host (or the proxy), with http → ws and https → wss. */
export function socketUrl(credentials: Credentials): string {
  return toSocketUrl(methodUrl(credentials, 'scanqrcode'));
}

/** Reads one text frame of the `scanqrcode` socket. */
export function interpretQrFrame(data: unknown, secret: string): QrOutcome {
  if (typeof data !== 'string') return badFrame('a binary frame');
  const parsed = parseJsonBody(data);
  if ('error' in parsed) return badFrame('a frame that is not JSON');
  const outcome = interpretQrMessage(parsed.json, secret);
  if (outcome.kind === 'failure' && outcome.error.code === 'api' && ONE_SESSION_TEXT.test(outcome.error.message)) return { kind: 'session-taken' };
  return outcome;
}

function badFrame(what: string): QrOutcome {
  return { kind: 'failure', error: errorDetail('bad-response', `The scanqrcode socket sent ${what}.`, true) };
}
