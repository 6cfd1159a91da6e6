// The `{type, message}` messages that `qr` answers with and the `scanqrcode` socket sends as text
// frames (QR and Scanqrcode pages; the calls socket's page for `passkeyRequired`).

export type QrMessageType =
  /** `message` is a base64 PNG. */
  | 'qrCode'
  /** `message` is "instance account already authorized". */
  | 'alreadyLogged'
  /** `message` says what is wrong (the same set for `qr` and the socket). */
  | 'error'
  /** Socket only: linked; the account's `wid` and `pushname` beside `type` (2021 docs) or in `message`. */
  | 'accountData'
  /** Socket only: the 100 s scan time ran out; 2021 and current EN docs. */
  | 'timeoutExpired'
  /** Socket only: the same, as newer docs and GREEN-API's own chat app spell it. */
  | 'timeout'
  /**
   * WhatsApp asks the account for a passkey before it links a device (since mid-2026); GREEN-API's
   * calls socket documents the type. A passkey is bound to WhatsApp's own origin: nothing here can give it.
   */
  | 'passkeyRequired';

export interface QrMessage {
  type: QrMessageType | (string & {});
  message?: unknown;
  [field: string]: unknown;
}

/** The scan-time frame types, both spellings. */
export const SCAN_TIMEOUT_TYPES: readonly string[] = ['timeoutExpired', 'timeout'];

/** An `error` text that means the instance must be logged out before it can link again. */
export const NEEDS_LOGOUT_TEXT = /instance has auth/i;
/** An error text that means the instance is starting ("instance in starting process try later"). */
export const STARTING_TEXT = /starting/i;
/** An error text that names a passkey: WhatsApp's passkey gate, however a gateway words it. */
export const PASSKEY_TEXT = /pass-?key/i;
/** scanqrcode "allows only 1 session" (callsScanqrcode page); the refusal's wording is not documented, so matched loosely. */
export const ONE_SESSION_TEXT = /\b(1|one|single) session/i;
