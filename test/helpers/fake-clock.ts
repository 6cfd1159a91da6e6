/*
 * Fake-clock tests against the real emulator: the element's timers and Date are sinon's, while the
 * network, the emulator and its rate limit run in real time.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { setState, type TestInstance } from './emulator.js';
import { qrFixture, type QrFixtureOptions } from './fixture.js';
import { spyGreenApiRequests } from './observe.js';
import { realDelay, until } from './wait.js';

/** Answers that lead straight to another request at the same instant (a state check → getWaSettings or, after a wait, the first qr; a qr → getWaSettings) are a few in a row, never this many. */
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
 * and with it the head start of the QR source (the first `qr`, or the socket), then waits in real
 * time until the element has the state's answer (its `stateInstance` is set), without waiting for
 * the qr's, so a test can watch a hanging or slow first code request. Then lets out what the
 * answer leads to at this instant (a pairing code request, an account lookup). Fake time does not move.
 */
export async function passStateCheck(clock: sinon.SinonFakeTimers, element: GreenApiQr): Promise<void> {
  // Synchronous ticks: an answer that arrived during an async tick would plan its 0 ms timer 1 ms
  // late, and the second tick would miss it (seen in WebKit).
  clock.tick(0);
  await until(() => element.stateInstance !== undefined, 'the answer to the first getStateInstance');
  clock.tick(0);
}

/**
 * A qrFixture (polling every second unless told otherwise) on a fake clock, with its GREEN-API
 * requests spied on from the start and a `step` driver for it.
 */
export async function fakeClockFixture(options: QrFixtureOptions = {}, instance?: TestInstance) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const fixtureResult = await qrFixture({ pollInterval: 1000, ...options }, instance);
  return { clock, sent, ...fixtureResult, step: fetchStepper(clock, fixtureResult.element, fixtureResult.instance.idInstance) };
}

type FetchSpy = sinon.SinonSpy<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
type TextSpy = sinon.SinonSpy<[], Promise<string>>;

/** Real time a step waits at most for one round of the page's requests to be answered and read. */
const ROUND_TIMEOUT_MS = 4000;

function isSinonSpy(value: unknown): boolean {
  return typeof value === 'function' && 'returnValues' in value;
}

/**
 * Drives a `<greenapi-qr>` on a fake clock against the real emulator. `step(ms)` moves the fake
 * clock, then waits in real time until every GREEN-API fetch the page started meanwhile has
 * settled and the element has read the body of each answer, then lets the element act on them (a
 * real macrotask), and repeats while that led to more requests at this instant (the state check
 * leads to the account lookup). It spends no fixed delay per answer, and it also drives requests the
 * emulator never logs: a closed port, an instance the emulator does not know.
 *
 * The element keeps each method's rate limit on its own (fake) clock, while the emulator counts
 * real time, in which a step of fake minutes takes milliseconds: with `idInstance`, the first step
 * switches that instance's rate limits off (create a new stepper after the emulator resets the
 * instance, which puts them back on). Real-time tests in polling.test.ts prove on the wire that
 * the element keeps to GREEN-API's limits.
 *
 * Needs spyGreenApiRequests()'s spy on fetch, installed before the element sends anything; spies
 * on Response.prototype.text itself (sinon.restore() removes both).
 */
export function fetchStepper(clock: sinon.SinonFakeTimers, element: GreenApiQr, idInstance?: string): (ms: number) => Promise<void> {
  const fetchSpy = window.fetch as unknown as FetchSpy;
  if (!isSinonSpy(fetchSpy)) throw new Error('fetchStepper needs spyGreenApiRequests() to have spied on fetch first');
  if (!isSinonSpy(Response.prototype.text)) sinon.spy(Response.prototype, 'text');
  const textSpy = Response.prototype.text as unknown as TextSpy;
  let limitsOff: Promise<unknown> | undefined;

  /** Settles once the fetch has failed, or has been answered and the element has read the whole answer. */
  async function answeredAndRead(response: Promise<Response>): Promise<void> {
    let answer: Response;
    try {
      answer = await response;
    } catch {
      return; // a failed or aborted fetch: nothing to read
    }
    // The element reads the body in the same task as the answer arrives, so before this runs.
    const reads = () => textSpy.getCalls().filter((call) => call.thisValue === answer);
    await until(() => reads().length > 0, `the element to read the answer of ${answer.url}`, ROUND_TIMEOUT_MS);
    await Promise.allSettled(reads().map((call) => call.returnValue));
  }

  return async function step(ms: number): Promise<void> {
    if (idInstance) await (limitsOff ??= setState(idInstance, { rateLimits: false }));
    let seen = fetchSpy.callCount;
    // Synchronous: an answer arriving meanwhile is handled after the tick, at this instant, not
    // inside it (where sinon would start the 0 ms timer it plans 1 ms late, missing this round).
    clock.tick(ms);
    for (let round = 0; fetchSpy.callCount > seen; round++) {
      if (round === MAX_ROUNDS_PER_STEP) throw new Error(`the element sent requests in ${round} rounds at one instant`);
      const calls = fetchSpy.getCalls().slice(seen);
      seen += calls.length;
      const greenApi = calls.filter(({ args: [input] }) => (input instanceof Request ? input.url : String(input)).includes('/waInstance'));
      const outcome = await Promise.race([
        Promise.all(greenApi.map((call) => answeredAndRead(call.returnValue))).then(() => 'read' as const),
        realDelay(ROUND_TIMEOUT_MS).then(() => 'timeout' as const),
      ]);
      if (outcome === 'timeout') throw new Error(`${greenApi.length} request(s) not answered within ${ROUND_TIMEOUT_MS} ms of real time`);
      // The element acts on what it read in microtasks, all run before the next task.
      await realDelay(0);
      clock.tick(0);
    }
    await element.updateComplete;
  };
}
