import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { GreenApiQr as GreenApiQrElement } from '../element/greenapi-qr.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/events.js';
import '../index.js';

export type * from '../index.js';

/**
 * `<greenapi-qr>` as a React component (React 18 and 19): props are set as the element's
 * properties, the events arrive as `onAuthorized`, `onError` and `onStatusChange` with a typed
 * `event.detail`, and a `ref` gives the element itself (for `refresh()`, `logout()`…).
 */
export const GreenApiQr = createComponent({
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
