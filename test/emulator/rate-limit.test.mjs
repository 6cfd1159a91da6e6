// Rate limits: qr 3/s, getStateInstance/getWaSettings/logout 1/s, per instance and per method,
// over a sliding 1000 ms window counted on request start. Exactness matters: other tests use
// the 429s to prove the element never polls too fast.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter } from '../../src/emulator/rate-limiter.js';
import { callApi, control, createInstance, sleep, useEmulator } from './helpers.mjs';

const server = useEmulator();

/**
 * @param {string} idInstance
 * @returns {Promise<Array<{ method: string, startedAt: number, status: number | null }>>}
 */
async function requestLog(idInstance) {
  return (await control(server.url, `/instances/${idInstance}/requests`)).json;
}

/**
 * Replays a request log against the documented rule: a request is accepted exactly when fewer
 * than `limit` accepted requests started in the 1000 ms before it (window (start-1000, start]).
 * @param {Array<{ startedAt: number, status: number | null }>} log
 * @param {number} limit
 */
function assertLogFollowsTheRule(log, limit) {
  /** @type {number[]} */
  const accepted = [];
  for (const entry of log) {
    const inWindow = accepted.filter((start) => start > entry.startedAt - 1000).length;
    assert.equal(entry.status === 429, inWindow >= limit, `request at ${entry.startedAt}: ${entry.status} with ${inWindow} in window`);
    if (entry.status !== 429) accepted.push(entry.startedAt);
  }
}

describe('SlidingWindowLimiter (exact boundaries, synthetic clock)', () => {
  test('allows `limit` starts in any half-open 1000 ms window and no more', () => {
    const limiter = new SlidingWindowLimiter();
    assert.deepEqual(limiter.take('qr', 3, 0), { allowed: true, remaining: 2 });
    assert.deepEqual(limiter.take('qr', 3, 10), { allowed: true, remaining: 1 });
    assert.deepEqual(limiter.take('qr', 3, 20), { allowed: true, remaining: 0 });
    assert.equal(limiter.take('qr', 3, 500).allowed, false);
    assert.equal(limiter.take('qr', 3, 999).allowed, false);
    assert.equal(limiter.take('qr', 3, 1000).allowed, true, 'the start at 0 has left the window (now-1000, now]');
    assert.equal(limiter.take('qr', 3, 1009).allowed, false, 'starts at 10 and 20 are still inside');
    assert.equal(limiter.take('qr', 3, 1010).allowed, true);
  });

  test('rejected requests do not occupy the window', () => {
    const limiter = new SlidingWindowLimiter();
    assert.equal(limiter.take('logout', 1, 0).allowed, true);
    for (let t = 100; t < 1000; t += 100) assert.equal(limiter.take('logout', 1, t).allowed, false);
    assert.equal(limiter.take('logout', 1, 1000).allowed, true, 'the rejected tries at 100…900 did not count');
  });

  test('windows are per method', () => {
    const limiter = new SlidingWindowLimiter();
    assert.equal(limiter.take('getStateInstance', 1, 0).allowed, true);
    assert.equal(limiter.take('getWaSettings', 1, 0).allowed, true);
    assert.equal(limiter.take('getStateInstance', 1, 1).allowed, false);
  });
});

describe('over HTTP', () => {
  test('qr: of 4 simultaneous requests 3 pass and 1 gets 429 "Too Many Requests", which is logged', async () => {
    const instance = await createInstance(server.url);
    const burst = await Promise.all([1, 2, 3, 4].map(() => callApi(server.url, instance, 'qr')));
    assert.deepEqual(burst.map((res) => res.status).sort(), [200, 200, 200, 429]);
    const rejected = /** @type {(typeof burst)[number]} */ (burst.find((res) => res.status === 429));
    assert.equal(rejected.text, 'Too Many Requests');
    assert.match(rejected.headers.get('content-type') ?? '', /^text\/plain/);

    const log = await requestLog(instance.idInstance);
    assert.deepEqual(log.map((entry) => entry.status).sort(), [200, 200, 200, 429]);
    assertLogFollowsTheRule(log, 3);
    const summary = (await control(server.url, `/instances/${instance.idInstance}`)).json;
    assert.equal(summary.stats.requests.qr, 4, 'rejected requests are still counted');
  });

  test('X-RateLimit headers count down like the real API', async () => {
    const instance = await createInstance(server.url);
    const burst = await Promise.all([1, 2, 3, 4].map(() => callApi(server.url, instance, 'qr')));
    for (const res of burst) assert.equal(res.headers.get('x-ratelimit-replenish-rate'), '3');
    const remaining = burst.map((res) => res.headers.get('x-ratelimit-remaining')).sort();
    assert.deepEqual(remaining, ['0', '0', '1', '2']);
  });

  test('1/s methods: a second call inside the window → 429, each method has its own window', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    for (const method of ['getStateInstance', 'getWaSettings', 'logout']) {
      const pair = await Promise.all([1, 2].map(() => callApi(server.url, instance, method)));
      assert.deepEqual(pair.map((res) => res.status).sort(), [200, 429], method);
    }
    // (400 here: the logout just started its cleanup; what matters is that it is not a 429.)
    assert.notEqual((await callApi(server.url, instance, 'qr')).status, 429, 'qr is unaffected');
  });

  test('limits are per instance', async () => {
    const first = await createInstance(server.url);
    const second = await createInstance(server.url);
    assert.equal((await callApi(server.url, first, 'getStateInstance')).status, 200);
    assert.equal((await callApi(server.url, second, 'getStateInstance')).status, 200);
  });

  test('the window slides: a call just after the first one left it passes', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await callApi(server.url, instance, 'getStateInstance')).status, 200);
    const [{ startedAt }] = await requestLog(instance.idInstance);
    await sleep(startedAt + 600 - Date.now());
    await callApi(server.url, instance, 'getStateInstance'); // 429 unless a loaded machine delayed it past 1000 ms
    await sleep(startedAt + 1015 - Date.now());
    await callApi(server.url, instance, 'getStateInstance');
    const log = await requestLog(instance.idInstance);
    assert.equal(log[2].status, 200, 'the window has moved on');
    assertLogFollowsTheRule(log, 1);
  });

  test('requests with a wrong token are not charged to the instance', async () => {
    const instance = await createInstance(server.url);
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await callApi(server.url, { ...instance, apiTokenInstance: 'bad' }, 'getStateInstance')).status, 401);
    }
    assert.equal((await callApi(server.url, instance, 'getStateInstance')).status, 200);
  });

  test('the rate limit is checked before faults, and a 429 does not use up a fault', async () => {
    const instance = await createInstance(server.url);
    await control(server.url, `/instances/${instance.idInstance}/faults`, {
      body: { method: 'getStateInstance', status: 500, times: 2 },
    });
    const pair = await Promise.all([1, 2].map(() => callApi(server.url, instance, 'getStateInstance')));
    assert.deepEqual(pair.map((res) => res.status).sort(), [429, 500]);
    const faults = (await control(server.url, `/instances/${instance.idInstance}/faults`)).json;
    assert.equal(faults.length, 1);
    assert.equal(faults[0].times, 1);
  });

  test('an instance reset clears its rate windows', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await callApi(server.url, instance, 'getStateInstance')).status, 200);
    await control(server.url, `/instances/${instance.idInstance}/reset`, { body: {} });
    assert.equal((await callApi(server.url, instance, 'getStateInstance')).status, 200);
  });

  describe('the rateLimits switch (for tests that drive a fake clock)', () => {
    test('off at creation: bursts of qr and of a 1-per-second method all pass', async () => {
      const instance = await createInstance(server.url, { rateLimits: false });
      const qr = await Promise.all([1, 2, 3, 4, 5, 6].map(() => callApi(server.url, instance, 'qr')));
      assert.deepEqual(
        qr.map((res) => res.status),
        [200, 200, 200, 200, 200, 200],
      );
      const states = await Promise.all([1, 2, 3].map(() => callApi(server.url, instance, 'getStateInstance')));
      assert.deepEqual(
        states.map((res) => res.status),
        [200, 200, 200],
      );
      const state = (await control(server.url, `/instances/${instance.idInstance}/state`)).json;
      assert.equal(state.rateLimits, false);
    });

    test('on again through /state: the limits hold at once', async () => {
      const instance = await createInstance(server.url, { rateLimits: false });
      await Promise.all([1, 2, 3, 4].map(() => callApi(server.url, instance, 'qr')));
      await control(server.url, `/instances/${instance.idInstance}/state`, { body: { rateLimits: true } });
      const burst = await Promise.all([1, 2, 3, 4].map(() => callApi(server.url, instance, 'qr')));
      assert.deepEqual(burst.map((res) => res.status).sort(), [200, 200, 200, 429]);
    });

    test('is on by default and after a reset, and takes only a boolean', async () => {
      const instance = await createInstance(server.url, { rateLimits: false });
      await control(server.url, `/instances/${instance.idInstance}/reset`, { body: {} });
      assert.equal((await control(server.url, `/instances/${instance.idInstance}/state`)).json.rateLimits, true);
      assert.equal((await control(server.url, '/instances', { body: { rateLimits: 'no' } })).status, 400);
      assert.equal((await control(server.url, `/instances/${instance.idInstance}/state`, { body: { rateLimits: 0 } })).status, 400);
    });
  });
});
