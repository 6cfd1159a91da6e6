// The relay's pacing on its own, on a fake clock: actions leave start to start, nobody waits long
// for a turn, and what is kept per instance stays bounded however many ids an attacker rotates.
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_WAIT_LIMIT_MS, MAX_SLOTS, TooManyInstances, TurnTooFar, UpstreamCoalescer } from '../../src/server/upstream-coalescer.js';

const GAP_MS = 1050;
const OK = { status: 200, body: '{}' };
const never = () => new Promise(() => {});

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

/** Lets promise callbacks run, without moving the clock. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('actions', () => {
  test('leave one gap apart start to start: an upstream that never answers delays the next by the gap, not longer', async () => {
    const coalescer = new UpstreamCoalescer();
    const starts = [];
    const signal = new AbortController().signal;
    void coalescer.act('logout', GAP_MS, signal, () => (starts.push(Date.now()), never()));
    void coalescer.act('logout', GAP_MS, signal, () => (starts.push(Date.now()), never()));
    await settle();
    mock.timers.tick(GAP_MS);
    await settle();
    assert.deepEqual(starts, [1_000_000, 1_000_000 + GAP_MS]);
  });

  test('a turn further than the wait limit is refused at once with when to come back, so held requests delay nobody long', async () => {
    const coalescer = new UpstreamCoalescer();
    const signal = new AbortController().signal;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => Promise.race([coalescer.act('logout', GAP_MS, signal, never).catch((error) => error), settle().then(() => 'waiting')])),
    );
    const waiting = outcomes.filter((outcome) => outcome === 'waiting').length;
    assert.equal(waiting, Math.floor(ACTION_WAIT_LIMIT_MS / GAP_MS) + 1, 'the first leaves, the next wait up to the limit');
    const refused = outcomes.filter((outcome) => outcome instanceof TurnTooFar);
    assert.equal(refused.length, 8 - waiting);
    for (const { retryAfterMs } of refused)
      assert.ok(retryAfterMs > ACTION_WAIT_LIMIT_MS && retryAfterMs <= ACTION_WAIT_LIMIT_MS + GAP_MS, `${retryAfterMs} ms`);
  });

  test('a caller that leaves while waiting sends nothing and gives its turn back', async () => {
    const coalescer = new UpstreamCoalescer();
    const asked = [];
    void coalescer.act('logout', GAP_MS, new AbortController().signal, async () => (asked.push('first'), OK));
    const leaving = new AbortController();
    const left = coalescer.act('logout', GAP_MS, leaving.signal, async () => (asked.push('left'), OK)).catch(() => 'aborted');
    leaving.abort();
    assert.equal(await left, 'aborted');
    void coalescer.act('logout', GAP_MS, new AbortController().signal, async () => (asked.push('next'), OK));
    mock.timers.tick(GAP_MS);
    await settle();
    assert.deepEqual(asked, ['first', 'next'], 'the next one took the turn the leaver gave back');
  });
});

describe('memory', () => {
  test('ids rotated by the thousand: the slots kept stay bounded', async () => {
    const coalescer = new UpstreamCoalescer();
    let most = 0;
    for (let i = 0; i < 20_000; i++) {
      await coalescer.read(`qr ${i}`, 350, async () => OK);
      most = Math.max(most, coalescer.size);
      if (i % 100 === 99) mock.timers.tick(GAP_MS);
    }
    assert.ok(most <= 512, `at most ${most} slots`);
  });

  test('past the cap of busy slots a new instance is refused (503), the ones in use keep working', async () => {
    const coalescer = new UpstreamCoalescer();
    for (let i = 0; i < MAX_SLOTS; i++) void coalescer.read(`qr ${i}`, 350, never);
    assert.throws(() => coalescer.read('qr one more', 350, async () => OK), TooManyInstances);
    assert.equal(coalescer.size, MAX_SLOTS);
    assert.ok(coalescer.read('qr 0', 350, async () => OK) instanceof Promise, 'an instance already in use joins its read');
  });
});
