import { errorDetail } from './api.js';
import type { AuthorizationSettings } from './authorization-view.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** The element's defaults, and what it makes of values that are not usable. */

export const DEFAULT_POLL_INTERVAL = 1000;
export const DEFAULT_MAX_WAIT = 300_000;

/** A usable poll interval: the default for nonsense. The rate limit is kept by GreenApiClient for every request. */
export function effectivePollInterval(value: number): number {
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_POLL_INTERVAL;
}

/** A usable max-wait: the default for anything that is not a positive number. */
export function effectiveMaxWait(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_WAIT;
}

/** What is wrong with `method` and `transport`, as a `config` error, or undefined. */
export function checkModes({ method, transport }: AuthorizationSettings): GreenApiQrErrorDetail | undefined {
  const problems: string[] = [];
  if (method !== 'qr' && method !== 'phone') problems.push('method must be "qr" or "phone"');
  if (transport !== 'poll' && transport !== 'websocket') problems.push('transport must be "poll" or "websocket"');
  return problems.length ? errorDetail('config', `Invalid configuration: ${problems.join('; ')}.`, false) : undefined;
}
