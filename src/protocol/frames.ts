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

/** The two spellings of the scan-timeout frame's `type` (Scanqrcode page revisions). */
export type ScanTimeoutType = Extract<QrMessageType, 'timeoutExpired' | 'timeout'>;

/** The scan-time frame types, both spellings. */
export const SCAN_TIMEOUT_TYPES: readonly string[] = ['timeoutExpired', 'timeout'] satisfies ScanTimeoutType[];

/** The spelling of the 2021 docs and of the current EN Scanqrcode page. */
export const DEFAULT_SCAN_TIMEOUT_TYPE: ScanTimeoutType = 'timeoutExpired';

/** Whether `value` is one of the documented spellings of the scan-timeout frame's type. */
export function isScanTimeoutType(value: unknown): value is ScanTimeoutType {
  return typeof value === 'string' && SCAN_TIMEOUT_TYPES.includes(value);
}
