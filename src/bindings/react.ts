import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { GreenApiQr as GreenApiQrElement, type GreenApiQrProperties } from '../element/greenapi-qr.js';
import '../index.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/public-types.js';

export type * from '../index.js';

/** The element itself, which a `ref` on `<GreenApiQr>` points at: `useRef<GreenApiQrElement>(null)`. */
export type { GreenApiQrElement };

/**
 * `<GreenApiQr>`'s props: the element's settable properties, its three events as camel-case
 * callbacks, the usual HTML attributes (`id`, `className`, `style`, `lang`, `children` for slots…)
 * and a `ref` to the element. Its read-only `status`, `activeTransport` and `stateInstance` and its
 * methods are not props: follow them with `onStatusChange`, call the methods through the ref.
 */
export type GreenApiQrReactProps = Omit<React.HTMLAttributes<GreenApiQrElement>, 'onError'> &
  Partial<GreenApiQrProperties> & {
    onAuthorized?: (event: GreenApiQrAuthorizedEvent) => void;
    onError?: (event: GreenApiQrErrorEvent) => void;
    onStatusChange?: (event: GreenApiQrStatusChangeEvent) => void;
  } & React.RefAttributes<GreenApiQrElement>;

/**
 * `<greenapi-qr>` as a React component (React 18 and 19): props are set as the element's
 * properties, the events arrive as `onAuthorized`, `onError` and `onStatusChange` with a typed
 * `event.detail`, and a `ref` gives the element itself (for `refresh()`, `logout()`…).
 * Importing this module defines `<greenapi-qr>`.
 */
export const GreenApiQr: React.ForwardRefExoticComponent<GreenApiQrReactProps> = createComponent({
  tagName: 'greenapi-qr',
  elementClass: GreenApiQrElement,
  react: React,
  events: {
    onAuthorized: 'authorized' as EventName<GreenApiQrAuthorizedEvent>,
    onError: 'error' as EventName<GreenApiQrErrorEvent>,
    onStatusChange: 'statuschange' as EventName<GreenApiQrStatusChangeEvent>,
  },
  displayName: 'GreenApiQr',
});
