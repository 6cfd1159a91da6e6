// onStateChange from what the relay sees: real relay processes in front of the emulator, pages
// polling through them while the phone scans; with two processes on one real Redis, the change is
// told once across both.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createInstance, sleep, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { useRelayCluster } from './relay-cluster.mjs';
import { SIGNED_IN, startRelayProcess } from './relay-process.mjs';

const server = useEmulator();
const cluster = useRelayCluster(server);

/** A relay process whose onStateChange is heard (`stateChanges`: what the handler does after it logs). */
async function start({ instances, webhookToken, redis, stateChanges = 'log' }) {
  const relay = await startRelayProcess({
    upstreamUrl: server.url,
    instances,
    stateChanges,
    relayOptions: webhookToken ? { webhookToken } : {},
    ...(redis && { redis: { ...redis, connectFirst: true } }),
  });
  cluster.relays.push(relay);
  return relay;
}

/** A page polling `getStateInstance` and `qr` through `relay`, 100 ms apart, until `stop()`. */
function page(relay, idInstance) {
  let polling = true;
  const statuses = [];
  const done = (async () => {
    while (polling) {
      for (const method of ['getStateInstance', 'qr']) {
        const response = await fetch(`${relay.url}/api/whatsapp/waInstance${idInstance}/${method}`, { headers: SIGNED_IN });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      await sleep(100);
    }
  })();
  return {
    statuses,
    async stop() {
      polling = false;
      await done;
    },
  };
}

/** Pages poll every relay, the phone scans, pages poll on for a getStateInstance gap: every change any relay told. */
async function scanWhilePolling(relays, instance) {
  const pages = relays.map((relay) => page(relay, instance.idInstance));
  const all = () => relays.flatMap((relay) => relay.changes);
  await waitFor(async () => all().some((change) => change.stateInstance === 'notAuthorized'), 10_000);
  const scan = await control(server.url, `/instances/${instance.idInstance}/scan`, { body: {} });
  assert.equal(scan.status, 200, scan.text);
  await waitFor(async () => all().some((change) => change.stateInstance === 'authorized'), 10_000);
  // Every process goes on seeing `authorized` (getStateInstance, then qr's alreadyLogged).
  await sleep(1200);
  await Promise.all(pages.map((one) => one.stop()));
  for (const one of pages)
    assert.ok(
      one.statuses.every((status) => status === 200),
      `pages got ${[...new Set(one.statuses)]}`,
    );
  return all();
}

describe('onStateChange from what the relay sees', { concurrency: true }, () => {
  test('one scan while a page polls: notAuthorized, then authorized with the account, each once; never the token', async () => {
    const instance = await createInstance(server.url);
    const relay = await start({ instances: { [instance.idInstance]: instance.apiTokenInstance } });
    const changes = await scanWhilePolling([relay], instance);
    assert.deepEqual(
      changes.map(({ stateInstance, previous, source }) => ({ stateInstance, previous, source })),
      [
        { stateInstance: 'notAuthorized', previous: undefined, source: 'relay' },
        { stateInstance: 'authorized', previous: 'notAuthorized', source: 'relay' },
      ],
    );
    const linked = changes[1];
    assert.equal(linked.idInstance, instance.idInstance);
    assert.ok(Math.abs(Date.parse(linked.at) - Date.now()) < 5000);
    assert.match(linked.account?.phone ?? '', /^\d{5,20}$/);
    assert.ok(!relay.output().includes(instance.apiTokenInstance), 'the token never reaches onStateChange');
    assert.deepEqual(relay.errors, []);
  });

  test('two processes on one Redis, pages on both: each change is told once across the cluster, and each notification', async () => {
    const instance = await createInstance(server.url);
    const instances = { [instance.idInstance]: instance.apiTokenInstance };
    const processes = await Promise.all([0, 1].map(() => start({ instances, webhookToken: 'hook-2b', redis: { url: cluster.redis.url, prefix: 'states' } })));
    const changes = await scanWhilePolling(processes, instance);
    assert.deepEqual(changes.map(({ stateInstance }) => stateInstance).sort(), ['authorized', 'notAuthorized'], `told: ${JSON.stringify(changes)}`);
    assert.ok(processes.every((relay) => relay.alive() && relay.errors.length === 0));

    // Both processes get the same notification: told once; an hour-old one after it, not at all.
    const notify = (relay, stateInstance, timestamp) =>
      fetch(`${relay.url}/api/whatsapp/webhook`, {
        method: 'POST',
        headers: { Authorization: 'Bearer hook-2b', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          typeWebhook: 'stateInstanceChanged',
          instanceData: { idInstance: 1101000777, wid: '', typeInstance: 'whatsapp' },
          timestamp,
          stateInstance,
        }),
      }).then((response) => response.status);
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(await Promise.all(processes.map((relay) => notify(relay, 'notAuthorized', now))), [200, 200]);
    assert.deepEqual(await Promise.all(processes.map((relay) => notify(relay, 'authorized', now - 3600))), [200, 200]);
    await sleep(200);
    assert.deepEqual(
      processes
        .flatMap((relay) => relay.changes.filter((change) => change.idInstance === '1101000777'))
        .map(({ stateInstance, source }) => ({ stateInstance, source })),
      [{ stateInstance: 'notAuthorized', source: 'webhook' }],
    );
  });

  test('a handler that throws: onError hears it, pages go on being answered', async () => {
    const instance = await createInstance(server.url);
    const relay = await start({ instances: { [instance.idInstance]: instance.apiTokenInstance }, stateChanges: 'throw' });
    const first = await fetch(`${relay.url}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: SIGNED_IN });
    assert.deepEqual([first.status, await first.json()], [200, { stateInstance: 'notAuthorized' }]);
    await waitFor(async () => relay.errors.length > 0, 10_000);
    assert.equal(relay.errors[0].code, 'state-change-failed');
    await control(server.url, `/instances/${instance.idInstance}/scan`, { body: {} });
    await sleep(1100);
    const next = await fetch(`${relay.url}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: SIGNED_IN });
    assert.deepEqual([next.status, await next.json()], [200, { stateInstance: 'authorized' }]);
    await waitFor(async () => relay.changes.length === 2, 10_000);
    assert.ok(relay.alive());
  });
});
