import type { AccountInfo } from './account-api.js';
import type { Credentials } from './api.js';
import type { GreenApiClient } from './greenapi-client.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** What an activity (HTTP polling, the socket, a pairing code, the account lookup, a logout) tells the controller. */
export type SourceEvent =
  /** A QR code to show, and how long it may be shown before it counts as stale. */
  | { kind: 'qr-code'; image: string; freshForMs: number }
  | { kind: 'pairing-code'; code: string; expiresAt: number }
  | { kind: 'pairing-code-expired' }
  | { kind: 'authorized'; account?: AccountInfo }
  /** A transient failure; the source tries again by itself at `retryAt`. */
  | { kind: 'retrying'; error: GreenApiQrErrorDetail; retryAt: number }
  /** A final failure; the source has stopped. */
  | { kind: 'failed'; error: GreenApiQrErrorDetail }
  /** The socket could not be used (refused, blocked, cut): poll instead, with no error to report. */
  | { kind: 'socket-unavailable' }
  /** What getWaSettings told about the linked account (nothing when it failed). */
  | { kind: 'account-known'; account: AccountInfo }
  /** logout done and GREEN-API's cleanup over: a new code can be asked for. */
  | { kind: 'logged-out' };

export interface SourceContext {
  client: GreenApiClient;
  credentials: Credentials;
  emit(event: SourceEvent): void;
}
