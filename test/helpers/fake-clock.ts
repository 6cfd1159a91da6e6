/*
 * Fake-clock tests against the real emulator: the element's timers and Date are sinon's, while the
 * network, the emulator and its rate limit run in real time.
 */
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { requestLog, type TestInstance } from './emulator.js';
import { qrFixture, type QrFixtureOptions } from './fixture.js';
import { spyGreenApiRequests } from './observe.js';
import { realDelay, until } from './wait.js';

/** The emulator allows 3 qr requests per rolling second in real time; fake-clock tests space requests by this much real time. */
const RATE_LIMIT_GAP_MS = 350;

/**
 * Fakes setTimeout, clearTimeout and Date only, starting at the real time: fetch, the emulator's
 * answers and the real-time waits in wait.ts keep working. sinon.restore() puts the real clock back.
 */
export function useFakeClock(): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
}

/**
 * Drives a `<greenapi-qr>` on a fake clock against the real emulator. `step(ms)` moves the clock;
 * whenever that (or an answer it led to) sent requests, it waits in real time until the emulator
 * has answered all of them and the element has handled the answers, keeping under the emulator's
 * real-time rate limit. An answer can lead straight to the next request (the state check to the
 * first `qr`), so this repeats until the element has nothing more to send at this instant.
 * `sent` is the page's GREEN-API requests (spyGreenApiRequests), `idInstance` the instance they go to.
 */
export function stepper(
  clock: sinon.SinonFakeTimers,
  element: GreenApiQr,
  idInstance: string,
  sent: () => string[],
): (ms: number) => Promise<void> {
  return async function step(ms: number): Promise<void> {
    let handled = sent().length;
    await clock.tickAsync(ms);
    while (sent().length > handled) {
      const expected = sent().length;
      await until(async () => {
        const log = await requestLog(idInstance);
        return log.length >= expected && log.every((entry) => entry.endedAt !== null || entry.aborted);
      }, `${expected} answered request(s)`);
      await realDelay(RATE_LIMIT_GAP_MS);
      handled = expected;
      await clock.tickAsync(0);
    }
    await element.updateComplete;
  };
}

/**
 * A qrFixture (polling every second unless told otherwise) on a fake clock, with its GREEN-API
 * requests spied on from the start and a `step` driver for it.
 */
export async function fakeClockFixture(options: QrFixtureOptions = {}, instance?: TestInstance) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const fixtureResult = await qrFixture({ pollInterval: 1000, ...options }, instance);
  return { clock, sent, ...fixtureResult, step: stepper(clock, fixtureResult.element, fixtureResult.instance.idInstance, sent) };
}
