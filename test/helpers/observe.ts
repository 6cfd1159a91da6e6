/*
 * Watching what a `<greenapi-qr>` does from the outside: the GREEN-API requests the page sends
 * (and how many are open at once, on the page and on the wire), the values its status attribute
 * takes, the events it fires, and whether a QR code ever reached the screen.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr, GreenApiQrAuthorizedEvent, GreenApiQrErrorDetail, GreenApiQrErrorEvent } from '../../src/index.js';
import type { LoggedRequest } from './emulator.js';

/**
 * Every GREEN-API request URL the page asked for, recorded synchronously as fetch() is called (the
 * emulator's control calls go to /_emulator/ and are left out). Call `.length` for a count.
 * sinon.restore() removes the spy.
 */
export function spyGreenApiRequests(): () => string[] {
  const spy = sinon.spy(window, 'fetch');
  return () => spy.args.map(([input]) => (input instanceof Request ? input.url : String(input))).filter((url) => url.includes('/waInstance'));
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

/**
 * Every sign that a QR code reached the user, from now on (record before connecting, to see the
 * first moments): each `statuschange` to status `qr` (fired as the view changes, even one replaced
 * before Lit renders) and each render that left an img[part=qr] in the shadow root (a controller's
 * hostUpdated runs after every render).
 */
export function recordQrShown(element: GreenApiQr): () => { statusChanges: number; renders: number } {
  let statusChanges = 0;
  let renders = 0;
  element.addEventListener('statuschange', (event) => {
    if (event.detail.status === 'qr') statusChanges++;
  });
  element.addController({
    hostUpdated: () => {
      if (element.shadowRoot?.querySelector('img[part="qr"]')) renders++;
    },
  });
  return () => ({ statusChanges, renders });
}

/** No code was ever shown: no `statuschange` to `qr`, no render with a QR picture, and none on screen now. */
export function expectNoQrEverShown(element: GreenApiQr, shown: () => { statusChanges: number; renders: number }): void {
  expect(shown(), 'statuschange events to qr, renders with a QR picture').to.deep.equal({ statusChanges: 0, renders: 0 });
  expect(element.shadowRoot?.querySelector('img[part="qr"]') ?? null, 'a QR picture').to.equal(null);
}

/** How many GREEN-API requests were open at once: at most in all, at most per method, and which methods were open together. */
export interface InFlight {
  all: number;
  byMethod: Record<string, number>;
  /** Each time a request started while others were open: the methods then open, sorted. */
  together: string[][];
}

/**
 * The element's contract: at most one request in flight per method; two at once only when the
 * state check and the head start's first `qr` are open together (a session's start).
 */
export function expectInFlightContract(inFlight: InFlight, where: string): void {
  for (const [method, most] of Object.entries(inFlight.byMethod)) expect(most, `${method} requests open at once (${where})`).to.equal(1);
  expect(inFlight.all, `requests open at once (${where})`).to.be.at.most(2);
  for (const methods of inFlight.together) expect(methods, `requests open together (${where})`).to.deep.equal(['getStateInstance', 'qr']);
}

/** Keeps the counts of an InFlight as requests open and close, in the order they do. */
export class InFlightCounter {
  readonly #open: string[] = [];
  readonly result: InFlight = { all: 0, byMethod: {}, together: [] };

  opened(method: string): void {
    this.#open.push(method);
    const { result } = this;
    result.all = Math.max(result.all, this.#open.length);
    result.byMethod[method] = Math.max(result.byMethod[method] ?? 0, this.#open.filter((open) => open === method).length);
    if (this.#open.length > 1) result.together.push([...this.#open].sort());
  }

  closed(method: string): void {
    const at = this.#open.indexOf(method);
    if (at >= 0) this.#open.splice(at, 1);
  }

  open(): string[] {
    return [...this.#open];
  }
}

/**
 * What the emulator's request log says was open at once. Each request counts from its arrival to
 * its answer (or abort), half-open: one that arrives in the millisecond another ended did not
 * overlap it; of two arriving in the same millisecond, the later one in the log overlaps the other.
 */
export function inFlightOnTheWire(log: LoggedRequest[]): InFlight {
  const result: InFlight = { all: log.length ? 1 : 0, byMethod: {}, together: [] };
  log.forEach((entry, i) => {
    const others = log.filter(
      (other, j) =>
        j !== i &&
        (other.startedAt < entry.startedAt || (other.startedAt === entry.startedAt && j < i)) &&
        entry.startedAt < (other.endedAt ?? Number.POSITIVE_INFINITY),
    );
    const open = [...others.map((other) => other.method), entry.method];
    result.all = Math.max(result.all, open.length);
    result.byMethod[entry.method] = Math.max(result.byMethod[entry.method] ?? 0, open.filter((method) => method === entry.method).length);
    if (open.length > 1) result.together.push(open.sort());
  });
  return result;
}

export interface GreenApiTraffic {
  /** Every GREEN-API request URL, as spyGreenApiRequests gives them. */
  sent: () => string[];
  /** The methods of the requests open now, oldest first. */
  open: () => string[];
  /** What was open at once, as the page saw it. */
  inFlight: () => InFlight;
}

/**
 * spyGreenApiRequests, which also counts the requests open at once on the page: a request is open
 * from the fetch() call until it failed (or was aborted) or the element has read its answer to the
 * end, which is when the element takes it as settled. A sinon stub on fetch, so fake-clock.ts's
 * stepper can drive the element through it; sinon.restore() removes it.
 */
export function trackGreenApiTraffic(): GreenApiTraffic {
  const realFetch = window.fetch.bind(window);
  const counter = new InFlightCounter();
  const stub = sinon.stub(window, 'fetch').callsFake((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = realFetch(input, init);
    if (!url.includes('/waInstance')) return response;
    const method = greenApiMethod(url);
    counter.opened(method);
    let settled = false;
    const settle = () => {
      if (!settled) counter.closed(method);
      settled = true;
    };
    return response.then(
      (answer) => {
        // Own property before the prototype's (which fake-clock.ts may spy on, and is looked up at the call).
        answer.text = () => Response.prototype.text.call(answer).finally(settle);
        return answer;
      },
      (failure: unknown) => {
        settle();
        throw failure;
      },
    );
  });
  return {
    sent: () => stub.args.map(([input]) => (input instanceof Request ? input.url : String(input))).filter((url) => url.includes('/waInstance')),
    open: () => counter.open(),
    inFlight: () => structuredClone(counter.result),
  };
}
