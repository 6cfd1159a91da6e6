import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { GreenApiQr, GreenApiQrProperties } from '../element/greenapi-qr.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/events.js';

export * from '../index.js';

/**
 * `<greenapi-qr>` in React 19's JSX. React 19 sets props that the element has as properties and
 * binds `on<name>` props to the `<name>` event exactly as written, so the handlers are lowercase.
 */
export type GreenApiQrJsxProps = Omit<DetailedHTMLProps<HTMLAttributes<GreenApiQr>, GreenApiQr>, 'onError'> &
  Partial<GreenApiQrProperties> & {
    onauthorized?: (event: GreenApiQrAuthorizedEvent) => void;
    onerror?: (event: GreenApiQrErrorEvent) => void;
    onstatuschange?: (event: GreenApiQrStatusChangeEvent) => void;
  };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in this namespace
  namespace JSX {
    interface IntrinsicElements {
      'greenapi-qr': GreenApiQrJsxProps;
    }
  }
}
