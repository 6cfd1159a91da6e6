import type { InstanceState, LinkedAccount } from '../protocol/index.js';
import type { Credentials } from './credentials.js';
import type { GreenApiClient } from './greenapi-client.js';
import type { Activity } from './request-chain.js';
import type { GreenApiQrErrorDetail, GreenApiQrTransport } from './public-types.js';

/** A QR source started together with the state check (state-check.ts's headStart), what it found held back until `release()`. */
export interface HeadStart {
  readonly source: Activity;
  readonly transport: GreenApiQrTransport;
  release(): void;
}

/** What an activity (the state check, HTTP polling, the socket, a pairing code, the account lookup, a logout) tells the controller. */
export type SourceEvent =
  /** The instance's state, as getStateInstance just said (before what it leads to). */
  | { kind: 'instance-state'; state: InstanceState }
  /** `notAuthorized`: link, by the QR source that ran ahead when there is one. */
  | { kind: 'linkable'; headStart?: HeadStart }
  /**
   * Not linkable for now, and the state is asked again: an instance being created or starting
   * passes by itself (no error), one asleep or suspended says why (`error`).
   */
  | { kind: 'not-ready'; error?: GreenApiQrErrorDetail }
  /** A QR code to show, and how long it may be shown before it counts as stale. */
  | { kind: 'qr-code'; image: string; freshForMs: number }
  | { kind: 'pairing-code'; code: string; expiresAt: number }
  | { kind: 'pairing-code-expired' }
  | { kind: 'authorized'; account?: LinkedAccount }
  /** A transient failure; the source tries again by itself at `retryAt`. */
  | { kind: 'retrying'; error: GreenApiQrErrorDetail; retryAt: number }
  /** A final failure; the source has stopped. */
  | { kind: 'failed'; error: GreenApiQrErrorDetail }
  /** The socket could not be used (refused, blocked, cut): poll instead, with no error to report. */
  | { kind: 'socket-unavailable' }
  /** What getWaSettings told about the linked account (nothing when it failed). */
  | { kind: 'account-known'; account: LinkedAccount }
  /** logout done and GREEN-API's cleanup over: a new code can be asked for. */
  | { kind: 'logged-out' };

export interface SourceContext {
  client: GreenApiClient;
  credentials: Credentials;
  emit(event: SourceEvent): void;
}
