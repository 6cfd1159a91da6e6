import type { CredentialName, Credentials } from './credentials.js';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail } from './public-types.js';

// What the controller takes from the element (its settings) and gives back to render (its view).

export type PauseReason = 'hidden' | 'offline';

export interface AuthorizationSettings {
  credentials: Credentials;
  /** The page's own headers for its proxy (`requestHeaders`); read at each request. */
  requestHeaders?: unknown;
  /** As the page gave it: checkModes says whether it is a GreenApiQrMethod. */
  method: string;
  /** As the page gave it: checkModes says whether it is a GreenApiQrTransport. */
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

/** A transient failure being retried by itself (until `retryAt`, epoch ms), or (`loading`) why the instance is not ready. */
export interface Retry {
  error?: GreenApiQrErrorDetail;
  retryAt?: number;
}

/** What is on screen, by status: each with what it shows and nothing else. */
export type Screen =
  /** Not running: waiting for the page to set `waitingFor` before it starts by itself, or stopped (none). */
  | { status: 'idle'; waitingFor?: CredentialName[] }
  /**
   * Waiting for `task` since `waitingSince` (epoch ms); `settlingSince`: since when the instance has
   * been being created or starting (states that pass by themselves), for the progress hint and the advice to reboot it.
   */
  | ({ status: 'loading'; task: LoadingTask; waitingSince: number; settlingSince?: number } & Retry)
  /** Asking the user for a number; `error`: why the one typed is not a number (a `config` error). */
  | ({ status: 'phone' } & Retry)
  /** The QR code (base64 PNG) to scan. */
  | ({ status: 'qr'; image: string } & Retry)
  /** The pairing code to type on the phone, and when it runs out (epoch ms). */
  | ({ status: 'code'; pairingCode: string; codeExpiresAt: number } & Retry)
  /** What ran out: QR codes (max-wait) or a pairing code. */
  | { status: 'expired'; expiredCode: 'qr' | 'pairing-code' }
  /** Who got linked. */
  | { status: 'authorized'; account: GreenApiQrAuthorizedDetail }
  /** The failure that stopped the session. */
  | { status: 'error'; error: GreenApiQrErrorDetail };

/** Everything the element needs to render: the screen, and why its session is paused; replaced as a whole on every change. */
export type AuthorizationView = Screen & { pausedFor?: PauseReason };

/** The view while the status is `status`. */
export type ViewOf<Status extends AuthorizationView['status']> = Extract<AuthorizationView, { status: Status }>;
