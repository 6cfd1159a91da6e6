/*
 * Helpers for the `method="phone"` tests: what the page sends (with bodies and times), the phone
 * form and the pairing-code screen as a user sees them.
 */
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { shadow } from './fixture.js';

export interface SentRequest {
  /** GREEN-API method as in the URL (`getStateInstance`, `getAuthorizationCode`…). */
  method: string;
  httpMethod: string;
  /** The JSON body, parsed; undefined for a GET. */
  body: unknown;
  /** Date.now() when fetch was called: the fake clock's time while one is installed. */
  at: number;
  /** performance.now() when fetch was called: always real time. */
  realAt: number;
}

export interface RequestRecorder {
  all(): SentRequest[];
  of(method: string): SentRequest[];
  /** The URLs, in the shape fake-clock.ts's stepper wants. */
  urls(): string[];
}

/**
 * Records every GREEN-API request the page makes (control calls to /_emulator/ are left out) and
 * lets it through to the emulator unchanged. sinon.restore() removes it. On a fake clock, the
 * emulator's real-time rate limits are kept by fake-clock.ts's stepper (requestStepper).
 */
export function recordRequests(): RequestRecorder {
  const realFetch = window.fetch.bind(window);
  const records: (SentRequest & { url: string })[] = [];
  sinon.stub(window, 'fetch').callsFake((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes('/waInstance')) {
      const method = new URL(url).pathname.split('/').filter(Boolean)[1] ?? '';
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body;
      records.push({ url, method, httpMethod: init?.method ?? 'GET', body, at: Date.now(), realAt: performance.now() });
    }
    return realFetch(input, init);
  });
  return {
    all: () => [...records],
    of: (method) => records.filter((record) => record.method === method),
    urls: () => records.map((record) => record.url),
  };
}

export function phoneForm(element: GreenApiQr): HTMLFormElement | null {
  return shadow(element).querySelector('form[part="form"]');
}

export function phoneInput(element: GreenApiQr): HTMLInputElement | null {
  return shadow(element).querySelector('input[part="input"]#phone-number');
}

export function phoneProblem(element: GreenApiQr): HTMLElement | null {
  return shadow(element).querySelector('#phone-problem');
}

/** The visible button whose text is `label` (any part="button"), or null. */
export function buttonLabelled(element: GreenApiQr, label: string): HTMLButtonElement | null {
  const buttons = [...shadow(element).querySelectorAll<HTMLButtonElement>('button[part~="button"]')];
  return buttons.find((candidate) => candidate.textContent?.trim() === label) ?? null;
}

export function buttonLabels(element: GreenApiQr): string[] {
  return [...shadow(element).querySelectorAll<HTMLButtonElement>('button[part~="button"]')].map((candidate) => candidate.textContent?.trim() ?? '');
}

/** The text of `[part=pairing-code]`, or null when no code is shown. */
export function shownCode(element: GreenApiQr): string | null {
  return shadow(element).querySelector('[part="pairing-code"]')?.textContent?.trim() ?? null;
}

/** `K7Q2M9ZD` → `K7Q2-M9ZD`, the way the element is to show it. */
export function grouped(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Types `value` into the phone field and presses "Get code", as a user does. */
export async function submitPhone(element: GreenApiQr, value: string): Promise<void> {
  const input = phoneInput(element);
  if (!input) throw new Error(`no phone field (status ${element.status})`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  const submit = phoneForm(element)?.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (!submit) throw new Error('no submit button in the phone form');
  submit.click();
  await element.updateComplete;
}

/** Makes the page look hidden (or visible again) the way a browser tab switch does. */
export function setPageHidden(hidden: boolean): void {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as unknown as Record<string, unknown>).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}
