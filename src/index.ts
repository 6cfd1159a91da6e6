import { GreenApiQr } from './greenapi-qr.js';

export { GreenApiQr, type GreenApiQrStatus } from './greenapi-qr.js';
export { DEFAULT_API_URL } from './api.js';
export type {
  GreenApiQrAuthorizedDetail,
  GreenApiQrAuthorizedEvent,
  GreenApiQrErrorCode,
  GreenApiQrErrorDetail,
  GreenApiQrErrorEvent,
  GreenApiQrEventMap,
} from './events.js';
export type { GreenApiQrStringOverrides, GreenApiQrStrings } from './strings.js';

// Importing this module defines <greenapi-qr>; guarded so that a page loading two copies keeps
// the first one instead of throwing, and so that importing on a server (no registry) is harmless.
if (typeof customElements !== 'undefined') GreenApiQr.define();

declare global {
  interface HTMLElementTagNameMap {
    'greenapi-qr': GreenApiQr;
  }
}
