// Real relay processes sharing one real Redis in front of the emulator: a process that dies while
// it asks upstream is replaced within 3 s, and Redis going away costs neither answers nor a 500.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { control, createInstance, sleep, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { useRelayCluster } from './relay-cluster.mjs';
import { SIGNED_IN } from './relay-process.mjs';

const server = useEmulator();
const cluster = useRelayCluster(server);
const { startRelays } = cluster;

/** GET a method through one relay process: its status and when it came. */
async function ask(relay, idInstance, method = 'qr') {
  const response = await fetch(`${relay.url}/api/whatsapp/waInstance${idInstance}/${method}`, { headers: SIGNED_IN });
  await response.arrayBuffer();
  return { status: response.status, at: Date.now() };
}

async function upstreamLog(idInstance) {
  return (await control(server.url, `/instances/${idInstance}/requests`)).json;
}

describe('the lease', () => {
  test('the process asking upstream is killed: another one serves its waiting pages within 3 s', async () => {
    const instance = await createInstance(server.url);
    const [holder, ...others] = await startRelays(3, [instance], 'lease');
    // The holder's request hangs upstream; a second one would not.
    await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { method: 'qr', latencyMs: 30_000, times: 1 } });
    const lost = ask(holder, instance.idInstance).catch(() => 'killed');
    await waitFor(async () => (await upstreamLog(instance.idInstance)).length === 1);
    const waiting = others.map((relay) => ask(relay, instance.idInstance));
    await sleep(300);
    const killedAt = Date.now();
    await holder.kill();
    const answers = await Promise.all(waiting);
    assert.equal(await lost, 'killed');
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.ok(answer.at - killedAt < 3000, `served ${answer.at - killedAt} ms after the kill`);
    }
    const log = await upstreamLog(instance.idInstance);
    assert.equal(log.length, 2, 'the holder’s request, then one request for both waiting processes');
    assert.ok(others.every((relay) => relay.alive()));
  });
});

describe('Redis goes away', () => {
  test('every process keeps answering and says so once; all share again when Redis is back', async () => {
    const during = await createInstance(server.url);
    const afterwards = await createInstance(server.url);
    const three = await startRelays(3, [during, afterwards], 'outage');
    /** Polls `idInstance` from every process for `ms`, 25 ms apart per process. */
    const poll = async (idInstance, ms) => {
      const until = Date.now() + ms;
      const statuses = [];
      await Promise.all(
        three.map(async (relay) => {
          while (Date.now() < until) {
            statuses.push((await ask(relay, idInstance)).status);
            await sleep(25);
          }
        }),
      );
      return statuses;
    };
    assert.deepEqual(new Set(await poll(during.idInstance, 500)), new Set([200]));
    await cluster.redis.stop();
    let statuses;
    try {
      statuses = await poll(during.idInstance, 1500);
    } finally {
      await cluster.redis.start();
    }
    // Alone, each process keeps the limits for itself only: three may meet GREEN-API's 429, passed on as it is.
    assert.ok(
      statuses.every((status) => status === 200 || status === 429),
      `never a 5xx: ${[...new Set(statuses)]}`,
    );
    for (const relay of three)
      assert.deepEqual(
        relay.errors.map((error) => error.code),
        ['store-unavailable'],
        relay.output(),
      );

    const inspector = createClient({ url: cluster.redis.url });
    await inspector.connect();
    try {
      // Back on Redis: what they ask leaves its answer there, and three processes polling meet no 429.
      await waitFor(async () => (await poll(afterwards.idInstance, 100), (await inspector.keys('outage:*')).length > 0), 5000);
      // Each process is back once its client has reconnected (at most 500 ms apart) and its probe (every 500 ms) answered.
      await sleep(1200);
      const start = Date.now();
      const shared = await poll(afterwards.idInstance, 1500);
      assert.deepEqual(new Set(shared), new Set([200]));
      const log = (await upstreamLog(afterwards.idInstance)).filter((entry) => entry.startedAt >= start);
      assert.equal(log.filter((entry) => entry.status === 429).length, 0);
      assert.ok(log.length <= 5, `${log.length} upstream requests in 1.5 s`);
    } finally {
      inspector.destroy();
    }
    for (const relay of three) assert.equal(relay.errors.length, 1, 'nothing more to report once Redis is back');
  });
});
