/*
 * Fake-clock tests against the real emulator: the element's timers and Date are sinon's, while the
 * network, the emulator and its rate limit run in real time.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { requestLog, setState, type TestInstance } from './emulator.js';
import { qrFixture, type QrFixtureOptions } from './fixture.js';
import { spyGreenApiRequests } from './observe.js';
import { realDelay, until } from './wait.js';

/** Answers that lead straight to another request at the same instant (state check → qr → getWaSettings) are a few in a row, never this many. */
const MAX_ROUNDS_PER_STEP = 10;
/** Real time for the page to read an answer that the emulator has sent and for the element to act on it. */
const ANSWER_HANDLED_MS = 50;

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
 * has answered all of them and the element has handled the answers. An answer can lead straight to
 * the next request (the state check to the first `qr`), so this repeats until the element has
 * nothing more to send at this instant. `sent` is the page's GREEN-API requests
 * (spyGreenApiRequests), `idInstance` the instance they go to.
 *
 * The element keeps each method's rate limit on its own (fake) clock, while the emulator counts
 * real time, in which a step of fake minutes takes milliseconds: the first step switches the
 * instance's rate limits off, so that no real time is spent waiting them out. (Real-time tests in
 * polling.test.ts prove on the wire that the element keeps to GREEN-API's limits.)
 */
export function stepper(
  clock: sinon.SinonFakeTimers,
  element: GreenApiQr,
  idInstance: string,
  sent: () => string[],
): (ms: number) => Promise<void> {
  let limitsOff: Promise<unknown> | undefined;

  return async function step(ms: number): Promise<void> {
    await (limitsOff ??= setState(idInstance, { rateLimits: false }));
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
      // The element handles an answer a few tasks after it arrives.
      await realDelay(ANSWER_HANDLED_MS);
      handled = expected;
      clock.tick(0);
    }
    await element.updateComplete;
  };
}

/**
 * Moves the fake clock `ms` on with `step` and expects the element to send nothing meanwhile. Every
 * timer the element holds within `ms` fires, so this says more than a real-time wait of a second:
 * a fatal error or a removal must leave no timer that would ever send again.
 */
export async function expectNothingSentFor(step: (ms: number) => Promise<void>, sent: () => string[], ms: number, what = 'requests'): Promise<void> {
  const before = sent().length;
  await step(ms);
  // A request that a promise (not a timer) would send comes within a few tasks.
  await realDelay(ANSWER_HANDLED_MS);
  expect(sent().slice(before), what).to.deep.equal([]);
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
