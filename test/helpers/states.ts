/*
 * Helpers for the instance-state, account and logout tests: mounting an element with its observers
 * in place from the first moment, reading the emulator's request log, and a fake-clock driver.
 */
import { expect } from '@open-wc/testing';
import type { GreenApiQr, GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent } from '../../src/index.js';
import { EMULATOR_URL, requestLog, type LoggedRequest, type TestInstance } from './emulator.js';
import { fetchStepper, useFakeClock } from './fake-clock.js';
import { connect, makeElement } from './fixture.js';
import { recordEvents, recordQrShown, recordStatuses, spyGreenApiRequests } from './observe.js';
import { realDelay } from './wait.js';

export interface Mounted {
  element: GreenApiQr;
  authorized: GreenApiQrAuthorizedEvent[];
  errors: GreenApiQrErrorEvent[];
  /** Every value the status attribute took since before it was connected. */
  statuses: () => (string | null)[];
  /** Every sign of a QR code shown since before it was connected (observe.ts's recordQrShown). */
  qrShown: ReturnType<typeof recordQrShown>;
}

export interface MountOptions {
  lang?: string;
  pollInterval?: number;
}

/** A `<greenapi-qr>` for `instance`, its events and statuses recorded before it is put on the page. */
export async function mount(instance: TestInstance, { lang = 'en', pollInterval = 1000 }: MountOptions = {}): Promise<Mounted> {
  const element = makeElement(instance, { pollInterval });
  element.setAttribute('lang', lang);
  const { authorized, errors } = recordEvents(element);
  const statuses = recordStatuses(element);
  const qrShown = recordQrShown(element);
  await connect(element);
  return { element, authorized, errors, statuses, qrShown };
}

/** The GREEN-API methods the emulator saw for the instance, in the order they started. */
export async function methodsSeen(idInstance: string): Promise<string[]> {
  return (await requestLog(idInstance)).map((entry) => entry.method);
}

export function ofMethod(log: LoggedRequest[], method: string): LoggedRequest[] {
  return log.filter((entry) => entry.method === method);
}

/**
 * `mount` on a fake clock (useFakeClock: setTimeout, clearTimeout and Date), with the page's
 * GREEN-API requests spied on from the start and fake-clock.ts's `step` driver. Nothing is sent before the
 * first `step(0)`.
 */
export async function mountOnFakeClock(instance: TestInstance, options: MountOptions = {}) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const mounted = await mount(instance, options);
  return { clock, sent, step: fetchStepper(clock, mounted.element, instance.idInstance), ...mounted };
}

/**
 * A session whose state answer dropped its head start: the page sent that qr beside the state
 * check (what the page sent is exact: check it), but cancels it once the state's answer comes
 * first, and a browser may cancel it before it is on the wire (seen in WebKit). So the emulator saw
 * it once or not at all: `qrRequests` is what it counted.
 */
export function expectDroppedHeadStartSeen(qrRequests: number): void {
  expect(qrRequests, 'qr requests the emulator saw: the head start that was dropped, or none').to.be.at.most(1);
}

/** How many of the page's GREEN-API requests went to `method`. */
export function sentTo(sent: () => string[], method: string): number {
  return sent().filter((url) => new URL(url).pathname.split('/')[2] === method).length;
}

/** The emulator's avatar PNG for the instance, as the `data:` URL the element should show. */
export async function emulatorAvatarDataUrl(idInstance: string): Promise<string> {
  const bytes = new Uint8Array(await (await fetch(`${EMULATOR_URL}/_emulator/avatar/${idInstance}.png`)).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** `promise`'s outcome, or 'pending' if it has not settled within `ms` of real time. */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<'resolved' | 'rejected' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    realDelay(ms).then(() => 'pending' as const),
  ]);
}
