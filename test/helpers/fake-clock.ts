/*
 * Fake-clock tests against the real emulator: the element's timers and Date are sinon's, while the
 * network, the emulator and its rate limit run in real time.
 */
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { requestLog, type TestInstance } from './emulator.js';
import { qrFixture, type QrFixtureOptions } from './fixture.js';
import { greenApiMethod, spyGreenApiRequests } from './observe.js';
import { realDelay, realNow, until } from './wait.js';

/** The emulator allows 3 qr requests per rolling second in real time; fake-clock tests space requests by this much real time. */
const RATE_LIMIT_GAP_MS = 350;
/** Every other method (getStateInstance, getWaSettings, logout…) is allowed once per rolling second, in real time. */
const ONE_PER_SECOND_GAP_MS = 1050;
/** Answers that lead straight to another request at the same instant (state check → qr → getWaSettings) are a few in a row, never this many. */
const MAX_ROUNDS_PER_STEP = 10;

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
 * real-time rate limits. An answer can lead straight to the next request (the state check to the
 * first `qr`), so this repeats until the element has nothing more to send at this instant.
 * `sent` is the page's GREEN-API requests (spyGreenApiRequests), `idInstance` the instance they go to.
 *
 * The element keeps each method's rate limit on its own (fake) clock. A step that jumps seconds of
 * fake time may take only milliseconds of real time, so before moving the clock the stepper also
 * waits until no 1-per-second method was sent within the last real second: otherwise the emulator
 * would refuse a second state check that the element rightly sent a (fake) minute later.
 */
export function stepper(
  clock: sinon.SinonFakeTimers,
  element: GreenApiQr,
  idInstance: string,
  sent: () => string[],
): (ms: number) => Promise<void> {
  /** Real time (wait.ts's realNow) by which the last 1-per-second request had been answered. */
  let onePerSecondSeenAt = Number.NEGATIVE_INFINITY;

  return async function step(ms: number): Promise<void> {
    const wait = onePerSecondSeenAt + ONE_PER_SECOND_GAP_MS - realNow();
    if (wait > 0) await realDelay(wait);
    let handled = sent().length;
    // Synchronous: an answer arriving meanwhile is handled after the tick, at this instant, not
    // inside it (where sinon would start the 0 ms timer it plans 1 ms late, missing this round).
    clock.tick(ms);
    for (let round = 0; sent().length > handled; round++) {
      if (round === MAX_ROUNDS_PER_STEP) throw new Error(`the element sent requests in ${round} rounds at one instant: ${sent().slice(handled).join(' ')}`);
      const expected = sent().length;
      await until(async () => {
        const log = await requestLog(idInstance);
        return log.length >= expected && log.every((entry) => entry.endedAt !== null || entry.aborted);
      }, `${expected} answered request(s)`);
      if (sent().slice(handled, expected).some((url) => greenApiMethod(url) !== 'qr')) onePerSecondSeenAt = realNow();
      await realDelay(RATE_LIMIT_GAP_MS);
      handled = expected;
      clock.tick(0);
    }
    await element.updateComplete;
  };
}

/**
 * For tests that drive the clock themselves: lets the element's first getStateInstance go out,
 * waits in real time until the element has its answer (its `stateInstance` is set), then lets
 * out what it sends next at this instant (the first `qr`) without waiting for that answer, so a
 * test can watch a hanging or slow first code request. Fake time does not move.
 */
export async function passStateCheck(clock: sinon.SinonFakeTimers, element: GreenApiQr): Promise<void> {
  await clock.tickAsync(0);
  await until(() => element.stateInstance !== undefined, 'the answer to the first getStateInstance');
  await clock.tickAsync(0);
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
