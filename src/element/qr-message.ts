import {
  accountDataAccount,
  NEEDS_LOGOUT_TEXT,
  PASSKEY_TEXT,
  qrMessage,
  SCAN_TIMEOUT_TYPES,
  STARTING_TEXT,
  type LinkedAccount,
  type QrMessageType,
} from '../protocol/index.js';
import { isBase64, PNG_SIGNATURE_BASE64 } from './base64.js';
import { errorDetail, redact } from './errors.js';
import { readJson, type Answer } from './read-answer.js';
import type { GreenApiQrErrorCode, GreenApiQrErrorDetail } from './public-types.js';

// What a `{type, message}` message means for the element: one answer of `GET …/qr/…` or one
// `scanqrcode` frame. Pure, so that every rule here is unit-tested on its own.

/** What one answer to `GET …/qr/…`, or one `scanqrcode` frame, means for the element. */
export type QrOutcome =
  | { kind: 'qr-code'; image: string }
  | { kind: 'authorized'; account?: LinkedAccount }
  | { kind: 'scan-timeout' }
  /** The socket was refused because another scanqrcode session is open for the instance. */
  | { kind: 'session-taken' }
  /** A type GREEN-API has not documented: a socket reads on past it, an answer to `qr` is a `bad-response`. */
  | { kind: 'unknown-type'; error: GreenApiQrErrorDetail }
  | { kind: 'failure'; error: GreenApiQrErrorDetail };

/** A 256×256 QR PNG is a few kB; anything far larger is not a QR code and would bloat the DOM. */
const MAX_IMAGE_BASE64_LENGTH = 1_000_000;

function failure(code: GreenApiQrErrorCode, message: string, retryable: boolean): QrOutcome {
  return { kind: 'failure', error: errorDetail(code, message, retryable) };
}

function interpretQrImage(message: unknown): QrOutcome {
  if (typeof message !== 'string') return failure('bad-response', 'The qrCode answer has no image.', true);
  const image = message.replace(/^data:image\/png;base64,/, '').replace(/\s+/g, '');
  if (image.length > MAX_IMAGE_BASE64_LENGTH) return failure('bad-response', 'The qrCode image is too large to be a QR code.', true);
  if (!isBase64(image)) return failure('bad-response', 'The qrCode image is not valid base64.', true);
  if (!image.startsWith(PNG_SIGNATURE_BASE64)) return failure('bad-response', 'The qrCode image is not a PNG.', true);
  return { kind: 'qr-code', image };
}

/** Reads one `{type, message}` message, the shape both the `qr` method and the socket's frames share. */
export function interpretQrMessage(json: unknown, secret: string): QrOutcome {
  const frame = qrMessage(json);
  if (!frame) return failure('bad-response', 'GREEN-API answered JSON without a "type".', true);
  const { type, message } = frame;
  const said = redact(typeof message === 'string' ? message : '', secret);
  if (SCAN_TIMEOUT_TYPES.includes(type)) return { kind: 'scan-timeout' };
  // WhatsApp's passkey gate, as a frame of its own or as an error naming the passkey.
  if (type === 'passkeyRequired' || (type === 'error' && PASSKEY_TEXT.test(said))) {
    return failure('passkey-required', `WhatsApp wants a passkey before linking${said ? `: ${said}` : '.'}`, false);
  }
  // As the documented types, so that each case is checked against them; any other is unknown.
  switch (type as QrMessageType) {
    case 'qrCode':
      return interpretQrImage(message);
    case 'alreadyLogged':
      return { kind: 'authorized' };
    case 'accountData':
      return { kind: 'authorized', account: accountDataAccount(frame) };
    case 'error': {
      if (NEEDS_LOGOUT_TEXT.test(said)) {
        return failure('needs-logout', `The instance holds an old authorization and must be logged out first: ${said}`, false);
      }
      // The socket reports a starting instance as an error frame where `qr` answers HTTP 400.
      if (STARTING_TEXT.test(said)) return failure('starting', `The instance is starting: ${said}`, true);
      return failure('api', `GREEN-API reported an error${said ? `: ${said}` : '.'}`, false);
    }
    default:
      return { kind: 'unknown-type', error: errorDetail('bad-response', `GREEN-API answered an unknown type "${redact(type, secret)}".`, true) };
  }
}

/** What an answer of the `qr` method can show: a code, or that the instance is linked. */
export type PolledQr = Extract<QrOutcome, { kind: 'qr-code' | 'authorized' }>;

/** Reads one answer of the `qr` method (HTTP status and body text) into what the element should do. */
export function interpretQrResponse(status: number, body: string, secret: string): Answer<PolledQr> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  const outcome = interpretQrMessage(answer.value, secret);
  if (outcome.kind === 'qr-code' || outcome.kind === 'authorized') return { ok: true, value: outcome };
  // Only the socket has a scan time limit; over HTTP a timeout type is just unknown.
  return { ok: false, error: 'error' in outcome ? outcome.error : errorDetail('bad-response', 'GREEN-API answered an unknown type for qr.', true) };
}
