// The element's public types, in one leaf module that imports nothing of ours but src/protocol's
// types (whose modules import nothing): what a page, a framework binding or another module of the
// element may name, with no import cycle through them.
import type { InstanceState as ProtocolInstanceState, LinkedAccount } from '../protocol/index.js';

/** What the element is doing; reflected to its `status` attribute. */
export type GreenApiQrStatus = 'idle' | 'loading' | 'phone' | 'qr' | 'code' | 'authorized' | 'error' | 'expired';
/** How QR codes arrive. */
export type GreenApiQrTransport = 'poll' | 'websocket';
/** How the user links. */
export type GreenApiQrMethod = 'qr' | 'phone';

/** `stateInstance` as GREEN-API gives it: an open set of names, or null while the instance is being created. */
export type InstanceState = ProtocolInstanceState;

/** Stable, documented failure codes carried by the `error` event's `detail.code`. */
export type GreenApiQrErrorCode =
  | 'config'
  | 'unauthorized'
  | 'forbidden'
  | 'not-allowed'
  | 'rate-limited'
  | 'quota'
  | 'starting'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'needs-logout'
  | 'blocked'
  | 'instance-state'
  | 'pairing-failed'
  | 'passkey-required'
  | 'api'
  | 'internal';

export interface GreenApiQrErrorDetail {
  code: GreenApiQrErrorCode;
  /** English, for developers and logs; never contains the API token. */
  message: string;
  /** HTTP status, when the failure was an HTTP answer. */
  status?: number;
  /** True when the element retries by itself; false when it stopped and waits for "Try again". */
  retryable: boolean;
}

/** The instance, and the account linked to it as far as GREEN-API told: `phone` and `avatar` from getWaSettings, `name` from the socket's accountData, `wid` from either. */
export interface GreenApiQrAuthorizedDetail extends LinkedAccount {
  idInstance: string;
}

/** What a page keeping its own state next to the element needs; all three are read-only on the element too. */
export interface GreenApiQrStatusChangeDetail {
  status: GreenApiQrStatus;
  /** The transport that delivers QR codes right now, or null when none runs. */
  activeTransport: GreenApiQrTransport | null;
  /** The instance's `stateInstance` as GREEN-API last gave it (null: still being created); undefined until asked. */
  stateInstance: InstanceState | undefined;
  /**
   * For developers, English: attributes on the element that no property reads (`idinstance`, written
   * by a framework from a camelCase prop) and what to write instead. Also logged once with console.warn.
   */
  hint?: string;
}

export type GreenApiQrAuthorizedEvent = CustomEvent<GreenApiQrAuthorizedDetail>;
export type GreenApiQrErrorEvent = CustomEvent<GreenApiQrErrorDetail>;
export type GreenApiQrStatusChangeEvent = CustomEvent<GreenApiQrStatusChangeDetail>;

/** The element's own events; `error` replaces the DOM's ErrorEvent typing on this element only. */
export interface GreenApiQrEventMap extends Omit<HTMLElementEventMap, 'error'> {
  authorized: GreenApiQrAuthorizedEvent;
  error: GreenApiQrErrorEvent;
  statuschange: GreenApiQrStatusChangeEvent;
}

/**
 * Every text the element shows. Pages override any of them through the `strings` property;
 * `{name}` placeholders are filled in by the element.
 */
export interface GreenApiQrStrings {
  /** Idle until the page has set both `id-instance` and `api-token-instance`. */
  idle: string;
  /** `{names}`: the attributes still missing; tells the developer why nothing happens. */
  waitingFor: string;
  /** Idle after `stop()`. */
  stopped: string;
  show: string;
  loading: string;
  /** Shown once loading has taken a while: the first code can take minutes. */
  loadingSlow: string;
  /** `{time}`: elapsed time as m:ss. */
  elapsed: string;
  qrAlt: string;
  scanTitle: string;
  scanSteps: string;
  authorized: string;
  expired: string;
  reload: string;
  tryAgain: string;
  /** `{seconds}`: time to the next attempt. */
  retrying: string;
  pausedHidden: string;
  pausedOffline: string;
  /** Asking getStateInstance before the first code. */
  checking: string;
  /** Being created or `starting`, under 5 minutes: how long that takes. */
  settling: string;
  /** Being created or `starting` for over 5 minutes. */
  startingLong: string;
  /** Linked; asking getWaSettings who it is. */
  loadingAccount: string;
  /** `{account}`: name and/or +phone. */
  connectedAs: string;
  /** Linked while sending is restricted (stateInstance `yellowCard`). */
  yellowCard: string;
  loggingOut: string;
  logout: string;
  phoneTitle: string;
  phoneLabel: string;
  phonePlaceholder: string;
  getCode: string;
  useQr: string;
  changeNumber: string;
  loadingCode: string;
  codeTitle: string;
  codeSteps: string;
  /** `{time}`: validity left as m:ss. */
  codeValid: string;
  copy: string;
  copied: string;
  copyFailed: string;
  codeExpired: string;
  newCode: string;
  /** Why an instance cannot be linked yet: being created (`creating`), `starting`, or an `instance-state` wait; `{state}` in `unknown` is the raw value. */
  states: Record<'sleepMode' | 'suspended' | 'pendingCode' | 'creating' | 'starting' | 'unknown', string>;
  errors: Record<GreenApiQrErrorCode, string>;
}

export type GreenApiQrStringOverrides = Partial<Omit<GreenApiQrStrings, 'errors' | 'states'>> & {
  errors?: Partial<Record<GreenApiQrErrorCode, string>>;
  states?: Partial<GreenApiQrStrings['states']>;
};
