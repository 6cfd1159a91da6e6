import type { GreenApiQrAuthorizedDetail, GreenApiQrAuthorizedEvent, GreenApiQrErrorDetail, GreenApiQrErrorEvent, GreenApiQrStatusChangeDetail, GreenApiQrStatusChangeEvent } from './public-types.js';

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
