import { GreenApiQr } from './element/greenapi-qr.js';

export { GreenApiQr, type GreenApiQrMethod, type GreenApiQrProperties, type GreenApiQrStatus, type GreenApiQrTransport } from './element/greenapi-qr.js';
export { DEFAULT_API_URL } from './element/api.js';
export type { InstanceState } from './element/instance-state.js';
export type {
  GreenApiQrAuthorizedDetail,
  GreenApiQrAuthorizedEvent,
  GreenApiQrErrorCode,
  GreenApiQrErrorDetail,
  GreenApiQrErrorEvent,
  GreenApiQrEventMap,
  GreenApiQrStatusChangeDetail,
  GreenApiQrStatusChangeEvent,
} from './element/events.js';
export type { GreenApiQrStringOverrides, GreenApiQrStrings } from './element/strings.js';

// Importing this module defines <greenapi-qr>; guarded so that a page loading two copies keeps
// the first one instead of throwing, and so that importing on a server (no registry) is harmless.
if (typeof customElements !== 'undefined') GreenApiQr.define();

declare global {
  interface HTMLElementTagNameMap {
    'greenapi-qr': GreenApiQr;
  }
}
