import { httpQrSource } from './http-qr-source.js';
import { socketQrSource } from './lazy-activities.js';
import type { Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';
import type { GreenApiQrTransport } from './public-types.js';

/** The QR source for `transport`: polling `qr` (`pollInterval()` ms after each answer), or the `scanqrcode` socket (in its own chunk). */
export function qrSource(context: SourceContext, transport: GreenApiQrTransport, pollInterval: () => number): Activity {
  return transport === 'websocket' ? socketQrSource(context) : httpQrSource(context, pollInterval);
}
