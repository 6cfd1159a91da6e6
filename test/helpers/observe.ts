/*
 * Watching what a `<greenapi-qr>` does from the outside: the GREEN-API requests the page sends,
 * the values its status attribute takes and the events it fires.
 */
import sinon from 'sinon';
import type { GreenApiQr, GreenApiQrAuthorizedEvent, GreenApiQrErrorDetail, GreenApiQrErrorEvent } from '../../src/index.js';

/**
 * Every GREEN-API request URL the page asked for, recorded synchronously as fetch() is called (the
 * emulator's control calls go to /_emulator/ and are left out). Call `.length` for a count.
 * sinon.restore() removes the spy.
 */
export function spyGreenApiRequests(): () => string[] {
  const spy = sinon.spy(window, 'fetch');
  return () =>
    spy.args.map(([input]) => (input instanceof Request ? input.url : String(input))).filter((url) => url.includes('/waInstance'));
}

/** The GREEN-API method a request URL calls (`qr`, `getStateInstance`, `getWaSettings`…). */
export function greenApiMethod(url: string): string {
  const match = /\/waInstance[^/]*\/([^/?#]+)/.exec(url);
  if (!match) throw new Error(`not a GREEN-API request: ${url}`);
  return match[1];
}

/** The methods of the requests in `urls`, in order: what a test compares instead of bare URLs, which hold the token. */
export function methodsOf(urls: string[]): string[] {
  return urls.map(greenApiMethod);
}

/**
 * Every value the status attribute takes, however briefly, in order: the old value of each
 * mutation (so values set and replaced within one task are not lost), then the current one.
 */
export function recordStatuses(element: GreenApiQr): () => (string | null)[] {
  const olds: (string | null)[] = [];
  new MutationObserver((records) => olds.push(...records.map((record) => record.oldValue))).observe(element, {
    attributeFilter: ['status'],
    attributeOldValue: true,
  });
  return () => [...olds, element.getAttribute('status')];
}

/** The `authorized` and `error` events the element fires from now on. */
export function recordEvents(element: GreenApiQr): { authorized: GreenApiQrAuthorizedEvent[]; errors: GreenApiQrErrorEvent[] } {
  const authorized: GreenApiQrAuthorizedEvent[] = [];
  const errors: GreenApiQrErrorEvent[] = [];
  element.addEventListener('authorized', (event) => authorized.push(event));
  element.addEventListener('error', (event) => errors.push(event));
  return { authorized, errors };
}

/** The detail of every `error` event the element fires from now on. */
export function recordErrorDetails(element: GreenApiQr): GreenApiQrErrorDetail[] {
  const details: GreenApiQrErrorDetail[] = [];
  element.addEventListener('error', (event) => details.push(event.detail));
  return details;
}
