import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { MaxWaitClock } from '../../src/element/max-wait-clock.js';
import { useFakeClock } from '../helpers/fake-clock.js';

const MAX_WAIT_MS = 1000;

/** A clock against a max-wait the test can change, counting how often it expired. */
function clockOf(initialMaxWait = MAX_WAIT_MS) {
  const setting = { maxWait: initialMaxWait };
  const expired = { count: 0 };
  const maxWait = new MaxWaitClock(
    () => setting.maxWait,
    () => expired.count++,
  );
  return { maxWait, setting, expired };
}

/** Moves the clock `ms` on in two steps: not expired a millisecond before, expired at `ms`. */
function expectExpiryIn(clock: sinon.SinonFakeTimers, expired: { count: number }, ms: number): void {
  clock.tick(ms - 1);
  expect(expired.count, `not expired ${ms - 1} ms on`).to.equal(0);
  clock.tick(1);
  expect(expired.count, `expired ${ms} ms on`).to.equal(1);
}

describe('MaxWaitClock', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = useFakeClock();
  });
  afterEach(() => sinon.restore());

  it('calls onExpire once a code has been on screen for max-wait, not a millisecond before', () => {
    const { maxWait, expired } = clockOf();
    maxWait.resume();
    expectExpiryIn(clock, expired, MAX_WAIT_MS);
  });

  it('calls onExpire only once, however long the code stays on screen after it', () => {
    const { maxWait, expired } = clockOf();
    maxWait.resume();
    clock.tick(10 * MAX_WAIT_MS);
    expect(expired.count).to.equal(1);
  });

  it('does not run before the first code is on screen', () => {
    const { expired } = clockOf();
    clock.tick(10 * MAX_WAIT_MS);
    expect(expired.count).to.equal(0);
  });

  it('counts only the time a code is on screen: a pause stops it, and resume() carries on from what was shown', () => {
    const { maxWait, expired } = clockOf();
    maxWait.resume();
    clock.tick(400);
    maxWait.pause();
    clock.tick(10 * MAX_WAIT_MS); // loading, or the page hidden: not counted
    expect(expired.count).to.equal(0);
    maxWait.resume();
    expectExpiryIn(clock, expired, 600);
  });

  it('adds up every stretch of a session, however many pauses split it', () => {
    const { maxWait, expired } = clockOf();
    for (let stretch = 0; stretch < 4; stretch++) {
      maxWait.resume();
      clock.tick(200);
      maxWait.pause();
      clock.tick(5000);
    }
    expect(expired.count).to.equal(0);
    maxWait.resume();
    expectExpiryIn(clock, expired, 200);
  });

  it('pause() before any code was shown, or twice in a row, changes nothing', () => {
    const { maxWait, expired } = clockOf();
    maxWait.pause();
    clock.tick(5000);
    maxWait.resume();
    clock.tick(300);
    maxWait.pause();
    clock.tick(5000);
    maxWait.pause(); // a second pause must not count the time since the first again
    maxWait.resume();
    expectExpiryIn(clock, expired, 700);
  });

  it('reads max-wait when a code comes back on screen, so a value changed during a pause applies', () => {
    const { maxWait, setting, expired } = clockOf();
    maxWait.resume();
    clock.tick(400);
    maxWait.pause();
    setting.maxWait = 500;
    maxWait.resume();
    expectExpiryIn(clock, expired, 100);
  });

  it('restart() after max-wait grew while a code is on screen: the clock goes on against the new value', () => {
    const { maxWait, setting, expired } = clockOf();
    maxWait.resume();
    clock.tick(400);
    setting.maxWait = 2000;
    maxWait.restart();
    expectExpiryIn(clock, expired, 1600); // past the old 1000 ms
  });

  it('restart() after max-wait shrank while a code is on screen: the time already shown counts against the new value', () => {
    const { maxWait, setting, expired } = clockOf();
    maxWait.resume();
    clock.tick(400);
    setting.maxWait = 600;
    maxWait.restart();
    expectExpiryIn(clock, expired, 200);
  });

  it('restart() to a max-wait already used up expires at once', () => {
    const { maxWait, setting, expired } = clockOf();
    maxWait.resume();
    clock.tick(800);
    setting.maxWait = 300;
    maxWait.restart();
    clock.tick(0);
    expect(expired.count).to.equal(1);
  });

  it('restart() while no code is on screen does not start the clock', () => {
    const { maxWait, setting, expired } = clockOf();
    maxWait.restart(); // before any code
    clock.tick(10 * MAX_WAIT_MS);
    maxWait.resume();
    clock.tick(400);
    maxWait.pause();
    setting.maxWait = 600;
    maxWait.restart(); // paused
    clock.tick(10 * MAX_WAIT_MS);
    expect(expired.count).to.equal(0);
    maxWait.resume();
    expectExpiryIn(clock, expired, 200);
  });
});
