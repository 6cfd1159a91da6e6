import { GreenApiQr } from './element/greenapi-qr.js';

export { GreenApiQr, type GreenApiQrProperties } from './element/greenapi-qr.js';
export { DEFAULT_API_URL } from './protocol/paths.js';
export type {
  GreenApiQrAuthorizedDetail,
  GreenApiQrAuthorizedEvent,
  GreenApiQrErrorCode,
  GreenApiQrErrorDetail,
  GreenApiQrErrorEvent,
  GreenApiQrEventMap,
  GreenApiQrMethod,
  GreenApiQrStatus,
  GreenApiQrStatusChangeDetail,
  GreenApiQrStatusChangeEvent,
  GreenApiQrStringOverrides,
  GreenApiQrStrings,
  GreenApiQrTransport,
  InstanceState,
} from './element/public-types.js';

// Importing this module defines <greenapi-qr>; guarded so that a page loading two copies keeps
// the first one instead of throwing, and so that importing on a server (no registry) is harmless.
if (typeof customElements !== 'undefined') GreenApiQr.define();

declare global {
  interface HTMLElementTagNameMap {
    'greenapi-qr': GreenApiQr;
  }
}
