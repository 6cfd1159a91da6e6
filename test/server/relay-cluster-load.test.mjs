// The load: 3 relay processes sharing one Redis, 60 polling pages on each, spread over 3
// instances, for 20 s. GREEN-API (the emulator, its rate limits on and exact) must see each
// instance within its limits with not one 429, and every page must keep seeing new QR codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createInstance, decodeQrPng, sleep, useEmulator } from '../emulator/helpers.mjs';
import { useRelayCluster } from './relay-cluster.mjs';
import { SIGNED_IN } from './relay-process.mjs';
import { linkingMethod } from '../../src/protocol/index.js';

const PROCESSES = 3;
const PAGES_PER_PROCESS = 60;
const INSTANCES = 3;
const RUN_MS = 20_000;
/** QR codes rotate this often here (20 s on GREEN-API), so that 20 s show several. */
const QR_ROTATE_MS = 4000;
/**
 * How long after a code was replaced a page may still ask and get it: the relay shares an answer
 * for `qr`'s gap (350 ms); the rest is room for a loaded machine.
 */
const FRESH_MS = 1000;

const server = useEmulator({ qrRotateMs: QR_ROTATE_MS });
const cluster = useRelayCluster(server);

/** At most how many of `starts` fall within any `windowMs`. */
function busiestWindow(starts, windowMs) {
  let most = 0;
  for (let first = 0, last = 0; last < starts.length; last++) {
    while (starts[last] - starts[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

test(`${PROCESSES} processes × ${PAGES_PER_PROCESS} polling pages on ${INSTANCES} instances for ${RUN_MS / 1000} s: within GREEN-API's limits, no 429, fresh QR codes`, async (t) => {
  const instances = await Promise.all(Array.from({ length: INSTANCES }, () => createInstance(server.url)));
  const relays = await cluster.startRelays(PROCESSES, instances, 'load');

  const statuses = new Map();
  const count = (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const start = Date.now();
  const until = start + RUN_MS;
  /** When each code (its QR text) is replaced upstream, as the emulator says, watched beside the pages. */
  const replacedAt = new Map();
  const watching = (async () => {
    while (Date.now() < until + 400) {
      for (const { idInstance } of instances) {
        const { qr } = (await control(server.url, `/instances/${idInstance}`)).json;
        replacedAt.set(qr.payload, qr.rotatesAt);
      }
      await sleep(200);
    }
  })();
  /**
   * One page: qr, and getStateInstance every third time, 0.5 to 1 s apart (the element's default
   * is 1 s). Gives, for each code, when it last asked and got it: the time it asked, not the time
   * the answer was read, which this busy test process may read late.
   */
  const page = async (relay, idInstance) => {
    const lastGot = new Map();
    for (let i = 0; Date.now() < until; i++) {
      const askedAt = Date.now();
      const qr = await fetch(`${relay.url}/api/whatsapp/waInstance${idInstance}/qr`, { headers: SIGNED_IN });
      count(qr.status);
      if (qr.status === 200) lastGot.set((await qr.json()).message, askedAt);
      else await qr.arrayBuffer();
      if (i % 3 === 0) {
        const state = await fetch(`${relay.url}/api/whatsapp/waInstance${idInstance}/getStateInstance`, { headers: SIGNED_IN });
        count(state.status);
        await state.arrayBuffer();
      }
      await sleep(500 + Math.random() * 500);
    }
    return lastGot;
  };
  const pages = await Promise.all(
    relays.flatMap((relay) => Array.from({ length: PAGES_PER_PROCESS }, (_, i) => page(relay, instances[i % INSTANCES].idInstance))),
  );
  const elapsedS = (Date.now() - start) / 1000;
  await watching;

  assert.deepEqual(
    [...statuses.keys()],
    [200],
    `statuses the pages got: ${JSON.stringify(Object.fromEntries(statuses))}; onError: ${JSON.stringify(relays.map((relay) => relay.errors))}`,
  );
  // Fresh: no page asking later than FRESH_MS after GREEN-API replaced a code got it, and every
  // page kept getting new ones.
  const payloads = new Map();
  let stalest = 0;
  for (const lastGot of pages) {
    assert.ok(lastGot.size >= RUN_MS / QR_ROTATE_MS / 2, `a page got only ${lastGot.size} different QR codes`);
    for (const [message, at] of lastGot) {
      if (!payloads.has(message)) payloads.set(message, decodeQrPng(message).text);
      const replaced = replacedAt.get(payloads.get(message));
      assert.ok(replaced !== undefined, 'a code the emulator never offered');
      stalest = Math.max(stalest, at - replaced);
    }
  }
  assert.ok(stalest <= FRESH_MS, `a page asked ${stalest} ms after a code was replaced, and got it`);
  const rates = [];
  for (const instance of instances) {
    const log = await control(server.url, `/instances/${instance.idInstance}/requests`).then((answer) => answer.json);
    assert.equal(log.filter((entry) => entry.status === 429).length, 0, '429s upstream');
    for (const name of ['qr', 'getStateInstance']) {
      const starts = log
        .filter((entry) => entry.method === name)
        .map((entry) => entry.startedAt)
        .sort((a, b) => a - b);
      assert.ok(busiestWindow(starts, 1000) <= linkingMethod(name).perSecond, `${name}: ${busiestWindow(starts, 1000)} in one second`);
      rates.push(`${name} ${(starts.length / elapsedS).toFixed(2)}/s`);
    }
  }
  const requests = [...statuses.values()].reduce((sum, n) => sum + n, 0);
  t.diagnostic(
    `pages made ${requests} requests (${(requests / elapsedS).toFixed(0)}/s); upstream per instance: ${rates.join(', ')}; a page that asked at most ${Math.max(0, stalest)} ms after a code was replaced got it`,
  );
  for (const relay of relays) {
    assert.ok(relay.alive());
    assert.deepEqual(relay.errors, []);
  }
});
