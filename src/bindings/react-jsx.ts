import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { GreenApiQr, GreenApiQrProperties } from '../element/greenapi-qr.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/public-types.js';

export * from '../index.js';

/**
 * `<greenapi-qr>` in React 19's JSX: the element's own properties (React 19 sets a prop the element
 * has as a property), React's HTML attributes, and a `ref` to the element itself.
 *
 * React 19 binds an `on<name>` prop of a custom element to the `<name>` event exactly as written, so
 * the handlers are lowercase and get the element's CustomEvent with a typed `detail`. Their camelCase
 * spellings are type errors on purpose: React would listen for `Authorized` or `StatusChange`, which
 * never fire, and its own `onError` (removed below) never hears this element's `error` event.
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
