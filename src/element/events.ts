import type { InstanceState } from './instance-state.js';
import type { GreenApiQrStatus, GreenApiQrTransport } from './authorization-view.js';

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
  | 'api';

export interface GreenApiQrErrorDetail {
  code: GreenApiQrErrorCode;
  /** English, for developers and logs; never contains the API token. */
  message: string;
  /** HTTP status, when the failure was an HTTP answer. */
  status?: number;
  /** True when the element retries by itself; false when it stopped and waits for "Try again". */
  retryable: boolean;
}

export interface GreenApiQrAuthorizedDetail {
  idInstance: string;
  /** The linked account's number, digits only (from getWaSettings). */
  phone?: string;
  /** Its WhatsApp id, e.g. `79001234567@c.us`. */
  wid?: string;
  /** Its display name (sent with the socket's accountData). */
  name?: string;
  /** Its picture: a `data:` URL, or an https URL when GREEN-API gives no base64 copy. */
  avatar?: string;
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

/** Bubbles and is composed so that delegated listeners and outer shadow hosts hear it. */
export function authorizedEvent(detail: GreenApiQrAuthorizedDetail): GreenApiQrAuthorizedEvent {
  return new CustomEvent('authorized', { detail, bubbles: true, composed: true });
}

/** Does not bubble, like `<img>`'s error, so it never reaches `window.onerror`. */
export function errorEvent(detail: GreenApiQrErrorDetail): GreenApiQrErrorEvent {
  return new CustomEvent('error', { detail, bubbles: false, composed: false });
}

/** Fires often (every status), so like `error` it does not bubble: listen on the element. */
export function statusChangeEvent(detail: GreenApiQrStatusChangeDetail): GreenApiQrStatusChangeEvent {
  return new CustomEvent('statuschange', { detail, bubbles: false, composed: false });
}

declare global {
  interface HTMLElementEventMap {
    authorized: GreenApiQrAuthorizedEvent;
    statuschange: GreenApiQrStatusChangeEvent;
  }
}
