import type { DefineComponent } from 'vue';
import type { GreenApiQrProperties } from '../element/greenapi-qr.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/events.js';

export * from '../index.js';

/** `<greenapi-qr>`'s props and `@authorized`, `@error`, `@statuschange` payloads, as Vue's template checker sees them. */
export type GreenApiQrVueProps = Partial<GreenApiQrProperties> & {
  onAuthorized?: (event: GreenApiQrAuthorizedEvent) => void;
  onError?: (event: GreenApiQrErrorEvent) => void;
  onStatuschange?: (event: GreenApiQrStatusChangeEvent) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'greenapi-qr': DefineComponent<GreenApiQrVueProps>;
  }
}
