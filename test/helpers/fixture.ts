import { fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import './chunks.js';
import type { GreenApiQr } from '../../src/index.js';
import { createInstance, EMULATOR_URL, instanceInfo, type TestInstance } from './emulator.js';
import { until } from './wait.js';

export interface QrFixtureOptions {
  pollInterval?: number;
  maxWait?: number;
  lang?: string;
  transport?: 'poll' | 'websocket';
  method?: 'qr' | 'phone';
  phoneNumber?: string;
}

/**
 * A `<greenapi-qr>` pointed at a fresh emulated instance. The token is set as a property, the way
 * the README recommends, so tests can also check that it never shows up in an attribute.
 */
export async function qrFixture(options: QrFixtureOptions = {}, instance?: TestInstance): Promise<{ element: GreenApiQr; instance: TestInstance }> {
  const target = instance ?? (await createInstance());
  const element = await fixture<GreenApiQr>(html`
    <greenapi-qr
      api-url=${EMULATOR_URL}
      id-instance=${target.idInstance}
      .apiTokenInstance=${target.apiTokenInstance}
      poll-interval=${options.pollInterval ?? 1000}
      max-wait=${options.maxWait ?? 300000}
      lang=${options.lang ?? 'en'}
      transport=${options.transport ?? 'poll'}
      method=${options.method ?? 'qr'}
      phone-number=${options.phoneNumber ?? ''}
    ></greenapi-qr>
  `);
  return { element, instance: target };
}

/** A configured but not yet connected element, so listeners can be added before it starts. */
export function makeElement(instance: TestInstance, { apiUrl = EMULATOR_URL, pollInterval = 1000 } = {}): GreenApiQr {
  const element = document.createElement('greenapi-qr');
  element.setAttribute('lang', 'en');
  element.apiUrl = apiUrl;
  element.idInstance = instance.idInstance;
  element.apiTokenInstance = instance.apiTokenInstance;
  element.pollInterval = pollInterval;
  return element;
}

/** Puts the element on the page (inside open-wc's fixture container, so it is cleaned up). */
export async function connect(element: GreenApiQr): Promise<void> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.append(element);
  await element.updateComplete;
}

export function shadow(element: GreenApiQr): ShadowRoot {
  return element.shadowRoot!;
}

export function qrImage(element: GreenApiQr): HTMLImageElement | null {
  return shadow(element).querySelector('img[part="qr"]');
}

/** The element's one button ("Try again", "Reload QR code", "Show QR code"), if it shows one. */
export function button(element: GreenApiQr): HTMLButtonElement | null {
  return shadow(element).querySelector('button[part="button"]');
}

/** The text a sighted user sees in the element, slots resolved to their defaults. */
export function visibleText(element: GreenApiQr): string {
  return (shadow(element).querySelector('[part="base"]') as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
}

export async function untilStatus(element: GreenApiQr, status: GreenApiQr['status'], timeoutMs = 4000): Promise<void> {
  await until(() => element.status === status, `status ${status} (is ${element.status})`, timeoutMs);
  await element.updateComplete;
}

/** GREEN-API requests of one method (`qr` unless told) the emulator has seen for the instance. */
export async function requestCount(idInstance: string, method = 'qr'): Promise<number> {
  return (await instanceInfo(idInstance)).stats.requests[method] ?? 0;
}

/** GREEN-API requests of every method (the state check, qr, getWaSettings…) the emulator has seen for the instance. */
export async function allRequestCount(idInstance: string): Promise<number> {
  return Object.values((await instanceInfo(idInstance)).stats.requests).reduce((sum, count) => sum + count, 0);
}

/** Waits (in real time) until the emulator holds exactly `count` of the instance's requests open. */
export async function untilInFlight(idInstance: string, count: number): Promise<void> {
  await until(async () => (await instanceInfo(idInstance)).stats.inFlight === count, `${count} request(s) in flight`);
}

/** Waits (in real time) until the emulator has seen `count` of the instance's requests aborted, and none is open. */
export async function untilAborted(idInstance: string, count: number): Promise<void> {
  await until(async () => {
    const { stats } = await instanceInfo(idInstance);
    return stats.aborted === count && stats.inFlight === 0;
  }, `${count} aborted request(s) and none in flight`);
}
