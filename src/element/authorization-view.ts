import type { CredentialName, Credentials } from './api.js';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatus } from './public-types.js';

// What the controller takes from the element (its settings) and gives back to render (its view).

export type PauseReason = 'hidden' | 'offline';

export interface AuthorizationSettings {
  credentials: Credentials;
  /** The page's own headers for its proxy (`requestHeaders`); read at each request. */
  requestHeaders?: unknown;
  method: string;
  transport: string;
  /** As the page gave it; empty when the user is to type it. */
  phoneNumber: string;
  pollInterval: number;
  maxWait: number;
  /** For developers: attributes on the element that no property reads, and what to write instead. */
  attributeHint?: string;
}

/** What a `loading` element is waiting for. */
export type LoadingTask = 'qr' | 'state' | 'pairing-code' | 'account' | 'logout';

/** Everything the element needs to render; replaced as a whole on every change. */
export interface AuthorizationView {
  status: GreenApiQrStatus;
  /** What an `idle` element waits for the page to set before it starts by itself. */
  waitingFor?: CredentialName[];
  task?: LoadingTask;
  /** Base64 PNG of the code on screen (status `qr` only). */
  image?: string;
  /** The pairing code (status `code`) and when it runs out. */
  pairingCode?: string;
  codeExpiresAt?: number;
  /** What `expired` ran out: QR codes or a pairing code. */
  expiredCode?: 'qr' | 'pairing-code';
  /** Who got linked (status `authorized`). */
  account?: GreenApiQrAuthorizedDetail;
  /** The fatal error (status `error`), the transient one being retried, or why the instance is not ready. */
  error?: GreenApiQrErrorDetail;
  /** Epoch ms of the next attempt while retrying a transient failure. */
  retryAt?: number;
  pausedFor?: PauseReason;
  /** Epoch ms since when the element has been waiting (status `loading`). */
  waitingSince?: number;
  /** Epoch ms since when the instance has been `starting`, for the advice to reboot it. */
  startingSince?: number;
}
