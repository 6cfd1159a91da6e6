// The Redis store on a real redis-server, several stores in this one process standing for several
// relay processes (relay-cluster.test.mjs runs real ones): what they share, what Redis holds
// (namespaced, hashed, expiring), and what happens when Redis goes away and comes back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { control, createInstance, sleep, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { call, relayFor } from './helpers.mjs';
import { startRedisServer } from './redis-server.mjs';
import { createRedisStore } from '../../src/server/index.js';
import { linkingMethod } from '../../src/protocol/index.js';

const server = useEmulator();
/** @type {Awaited<ReturnType<typeof startRedisServer>>} */
let redis;
/** @type {ReturnType<typeof createClient>} */
let inspector;
/** @type {{ close: () => void }[]} */
const stores = [];

before(async () => {
  redis = await startRedisServer();
  inspector = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 100 } });
  inspector.on('error', () => {});
  await inspector.connect();
});
after(async () => {
  for (const store of stores) store.close();
  inspector.destroy();
  await redis.stop();
});

/** `count` relays, each with its own Redis store (as `count` processes would have), for one new instance. */
async function relays(count, { prefix = `t${Math.random().toString(36).slice(2, 8)}`, state = {} } = {}) {
  const instance = await createInstance(server.url, state);
  const made = Array.from({ length: count }, () => {
    const store = createRedisStore({ url: redis.url, prefix });
    stores.push(store);
    return { store, ...relayFor(server.url, { [instance.idInstance]: instance.apiTokenInstance }, { store }) };
  });
  return { instance, prefix, relays: made };
}

async function upstreamLog(idInstance) {
  return (await control(server.url, `/instances/${idInstance}/requests`)).json;
}

describe('shared between processes', () => {
  test('30 pages on 3 processes asking qr at once: one upstream request, one code for all', async () => {
    const { instance, relays: three } = await relays(3);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => call(three[i % 3].handler, `/waInstance${instance.idInstance}/qr`)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
    assert.equal(new Set(answers.map((answer) => answer.json.message)).size, 1);
    assert.equal((await upstreamLog(instance.idInstance)).length, 1);
  });

  test('getStateInstance polled by 2 processes in turn: upstream requests stay a gap apart', async () => {
    const { instance, relays: two } = await relays(2);
    const gap = linkingMethod('getStateInstance').gapMs;
    const until = Date.now() + 1500;
    for (let i = 0; Date.now() < until; i++) {
      assert.equal((await call(two[i % 2].handler, `/waInstance${instance.idInstance}/getStateInstance`)).status, 200);
      await sleep(20);
    }
    const starts = (await upstreamLog(instance.idInstance)).map((entry) => entry.startedAt);
    assert.equal(starts.length, 2, `${starts.length} upstream requests`);
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= gap, `gap ${starts[i] - starts[i - 1]} ms`);
  });

  test('an upstream failure reaches every process waiting for it, and is not kept', async () => {
    const { instance, relays: two } = await relays(2);
    // A 200 that is not JSON: the relay's own 502 (UpstreamFailure), unlike an upstream 502, which is an answer like any other.
    await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { method: 'qr', latencyMs: 200, status: 200, body: 'not json', times: 1 } });
    const path = `/waInstance${instance.idInstance}/qr`;
    const first = call(two[0].handler, path);
    await sleep(50);
    const [a, b] = await Promise.all([first, call(two[1].handler, path)]);
    assert.deepEqual([a.status, b.status], [502, 502]);
    assert.equal((await upstreamLog(instance.idInstance)).length, 1);
    assert.equal((await call(two[1].handler, path)).status, 200, 'the next read asks again');
  });

  test('two logouts from two processes both go upstream, a second apart (paced in Redis)', async () => {
    const { instance, relays: two } = await relays(2, { state: { stateInstance: 'authorized' } });
    const logout = (relay) => call(relay.handler, `/waInstance${instance.idInstance}/logout`, { method: 'POST' });
    const answers = await Promise.all([logout(two[0]), logout(two[1])]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200],
    );
    const starts = (await upstreamLog(instance.idInstance)).map((entry) => entry.startedAt);
    assert.equal(starts.length, 2);
    assert.ok(Math.abs(starts[1] - starts[0]) >= 1000, `gap ${starts[1] - starts[0]} ms`);
  });

  test('a page that leaves while its action waits gives the turn back to the next process', async () => {
    const { instance, relays: two } = await relays(2, { state: { stateInstance: 'authorized' } });
    const path = `http://app.test/api/whatsapp/waInstance${instance.idInstance}/logout`;
    const first = two[0].handler(new Request(path, { method: 'POST' }));
    await sleep(50);
    const leaving = new AbortController();
    const left = two[1].handler(new Request(path, { method: 'POST', signal: leaving.signal }));
    await sleep(50);
    leaving.abort();
    assert.equal((await left).status, 499);
    await first;
    // The next action takes the turn the leaver gave back: one gap after the first, not two.
    assert.equal((await call(two[1].handler, `/waInstance${instance.idInstance}/logout`, { method: 'POST' })).status, 200);
    const starts = (await upstreamLog(instance.idInstance)).map((entry) => entry.startedAt);
    assert.equal(starts.length, 2);
    assert.ok(starts[1] - starts[0] < 2 * linkingMethod('logout').gapMs, `gap ${starts[1] - starts[0]} ms`);
  });

  test('an app may pass the node-redis client it already has; closing the store leaves it open', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    const instance = await createInstance(server.url);
    const store = createRedisStore({ client, prefix: 'app' });
    const { handler } = relayFor(server.url, { [instance.idInstance]: instance.apiTokenInstance }, { store });
    assert.equal((await call(handler, `/waInstance${instance.idInstance}/qr`)).status, 200);
    assert.ok((await inspector.keys('app:*')).length > 0);
    store.close();
    assert.equal(await client.ping(), 'PONG');
    client.destroy();
  });
});

describe('what Redis holds', () => {
  test('keys under the prefix, named by a hash: no token, no id, and every one expires', async () => {
    const { instance, prefix, relays: one } = await relays(1, { state: { stateInstance: 'authorized' } });
    const relay = one[0];
    for (const method of ['qr', 'getStateInstance', 'getWaSettings']) await call(relay.handler, `/waInstance${instance.idInstance}/${method}`);
    await call(relay.handler, `/waInstance${instance.idInstance}/logout`, { method: 'POST' });
    const keys = await inspector.keys(`${prefix}:*`);
    assert.ok(keys.length >= 4, keys.join(' '));
    for (const key of keys) {
      assert.match(key, new RegExp(`^${prefix}:\\{[\\w-]{43}\\}:\\w+:(lease|answer|turn)$`));
      assert.ok(!key.includes(instance.apiTokenInstance) && !key.includes(instance.idInstance), key);
      const value = await inspector.get(key);
      assert.ok(!value?.includes(instance.apiTokenInstance), `${key} holds the token`);
      const ttl = await inspector.pTTL(key);
      assert.ok(ttl > 0 && ttl <= 10_000 + 5000, `${key} expires in ${ttl} ms`);
    }
  });
});

describe('Redis goes away', () => {
  test('no Redis when the process starts: the first requests wait at most 2 s, then each process serves alone and says so once', async () => {
    const instance = await createInstance(server.url);
    const store = createRedisStore({ url: 'redis://127.0.0.1:1' });
    stores.push(store);
    const { handler, errors } = relayFor(server.url, { [instance.idInstance]: instance.apiTokenInstance }, { store });
    const start = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => call(handler, `/waInstance${instance.idInstance}/qr`)));
    assert.ok(Date.now() - start < 2500, `${Date.now() - start} ms`);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200],
    );
    assert.equal((await upstreamLog(instance.idInstance)).length, 1, 'still shared within the process');
    assert.equal((await call(handler, `/waInstance${instance.idInstance}/getStateInstance`)).status, 200);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['store-unavailable'],
    );
  });

  test('the relay keeps answering from each process, says so once, and shares again when Redis is back', async () => {
    const { instance, prefix, relays: two } = await relays(2);
    const path = `/waInstance${instance.idInstance}/qr`;
    assert.equal((await call(two[0].handler, path)).status, 200);
    await redis.stop();
    try {
      const statuses = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await call(two[i % 2].handler, path)).status);
        await sleep(40);
      }
      // Each process alone keeps the limits now, so two of them may meet GREEN-API's 429, which passes on as it is.
      assert.ok(
        statuses.every((status) => status === 200 || status === 429),
        `served from memory, never a 5xx: ${statuses}`,
      );
      assert.ok(statuses.filter((status) => status === 200).length >= 10, `${statuses}`);
      for (const relay of two) {
        assert.deepEqual(
          relay.errors.map((error) => error.code),
          ['store-unavailable'],
          'reported once per outage',
        );
        assert.match(relay.errors[0].message, /Redis/);
      }
    } finally {
      await redis.start();
    }
    await inspector.ping().catch(() => {});
    // Back to Redis: a read leaves its answer there again.
    await waitFor(async () => {
      await call(two[1].handler, path);
      return (await inspector.keys(`${prefix}:*`).catch(() => [])).length > 0;
    }, 5000);
  });
});
