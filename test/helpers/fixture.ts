import { fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { createInstance, EMULATOR_URL, instanceInfo, type TestInstance } from './emulator.js';
import { until } from './wait.js';

export interface QrFixtureOptions {
  pollInterval?: number;
  maxWait?: number;
  lang?: string;
}

/**
 * A `<greenapi-qr>` pointed at a fresh emulated instance. The token is set as a property, the way
 * the README recommends, so tests can also check that it never shows up in an attribute.
 */
export async function qrFixture(
  options: QrFixtureOptions = {},
  instance?: TestInstance,
): Promise<{ element: GreenApiQr; instance: TestInstance }> {
  const target = instance ?? (await createInstance());
  const element = await fixture<GreenApiQr>(html`
    <greenapi-qr
      api-url=${EMULATOR_URL}
      id-instance=${target.idInstance}
      .apiTokenInstance=${target.apiTokenInstance}
      poll-interval=${options.pollInterval ?? 1000}
      max-wait=${options.maxWait ?? 300000}
      lang=${options.lang ?? 'en'}
    ></greenapi-qr>
  `);
  return { element, instance: target };
}

export function shadow(element: GreenApiQr): ShadowRoot {
  return element.shadowRoot!;
}

export function qrImage(element: GreenApiQr): HTMLImageElement | null {
  return shadow(element).querySelector('img[part="qr"]');
}

/** The text a sighted user sees in the element, slots resolved to their defaults. */
export function visibleText(element: GreenApiQr): string {
  return (shadow(element).querySelector('[part="base"]') as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
}

export async function untilStatus(element: GreenApiQr, status: GreenApiQr['status'], timeoutMs = 4000): Promise<void> {
  await until(() => element.status === status, `status ${status} (is ${element.status})`, timeoutMs);
  await element.updateComplete;
}

/** Total GREEN-API requests the emulator has seen for the instance. */
export async function requestCount(idInstance: string, method = 'qr'): Promise<number> {
  return (await instanceInfo(idInstance)).stats.requests[method] ?? 0;
}
