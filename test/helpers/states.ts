/*
 * Helpers for the instance-state, account and logout tests: mounting an element with its observers
 * in place from the first moment, reading the emulator's request log, and a fake-clock stepper that
 * also keeps the emulator's real-time 1 request/s limit for getStateInstance, getWaSettings and logout.
 */
import type sinon from 'sinon';
import type { GreenApiQr, GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent } from '../../src/index.js';
import { EMULATOR_URL, requestLog, type LoggedRequest, type TestInstance } from './emulator.js';
import { useFakeClock } from './fake-clock.js';
import { connect, makeElement } from './fixture.js';
import { recordEvents, recordStatuses, spyGreenApiRequests } from './observe.js';
import { realDelay, until } from './wait.js';

export interface Mounted {
  element: GreenApiQr;
  authorized: GreenApiQrAuthorizedEvent[];
  errors: GreenApiQrErrorEvent[];
  /** Every value the status attribute took since before it was connected. */
  statuses: () => (string | null)[];
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
  await connect(element);
  return { element, authorized, errors, statuses };
}

/** The GREEN-API methods the emulator saw for the instance, in the order they started. */
export async function methodsSeen(idInstance: string): Promise<string[]> {
  return (await requestLog(idInstance)).map((entry) => entry.method);
}

export function ofMethod(log: LoggedRequest[], method: string): LoggedRequest[] {
  return log.filter((entry) => entry.method === method);
}

/** Real time that keeps one method of one instance under the emulator's 1/s limit (its window is 1000 ms). */
const ONE_PER_SECOND_GAP_MS = 1100;
/** Real time for the page to handle an answer the emulator has sent (as in fake-clock.ts). */
const HANDLE_ANSWER_MS = 350;
const realNow = performance.now.bind(performance);

/**
 * Like `stepper` from fake-clock.ts, with two differences:
 * - the clock moves with the synchronous `clock.tick`, so no answer is handled while the clock is
 *   ticking. (With `tickAsync` an answer that arrives during the tick is handled "during the tick",
 *   where sinon starts a 0 ms timer 1 ms later, so the request it plans is not sent at this instant.)
 * - a step that may send a request starts at least 1.1 s of real time after the last step that
 *   did: the element spaces getStateInstance by fake time (5 s), but the emulator counts in real
 *   time and allows 1 per second for it, not 3 as for qr.
 * `step(ms)` moves the clock by `ms`, then waits until the emulator answered whatever that sent and
 * the page handled it, repeating while answers lead straight to more requests at this instant.
 */
export function pacedStepper(clock: sinon.SinonFakeTimers, element: GreenApiQr, idInstance: string, sent: () => string[]) {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  return async function step(ms: number): Promise<void> {
    const wait = lastSentAt + ONE_PER_SECOND_GAP_MS - realNow();
    if (wait > 0) await realDelay(wait);
    const before = sent().length;
    let handled = before;
    clock.tick(ms);
    while (sent().length > handled) {
      const expected = sent().length;
      await until(async () => {
        const log = await requestLog(idInstance);
        return log.length >= expected && log.every((entry) => entry.endedAt !== null || entry.aborted);
      }, `${expected} answered request(s)`);
      await realDelay(HANDLE_ANSWER_MS);
      handled = expected;
      clock.tick(0);
    }
    if (sent().length > before) lastSentAt = realNow();
    await element.updateComplete;
  };
}

/**
 * `mount` on a fake clock (useFakeClock: setTimeout, clearTimeout and Date), with the page's
 * GREEN-API requests spied on from the start and a paced `step` driver. Nothing is sent before the
 * first `step(0)`.
 */
export async function mountOnFakeClock(instance: TestInstance, options: MountOptions = {}) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const mounted = await mount(instance, options);
  return { clock, sent, step: pacedStepper(clock, mounted.element, instance.idInstance, sent), ...mounted };
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
