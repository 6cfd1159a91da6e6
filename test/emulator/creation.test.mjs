// An instance being created: the `null` state (getStateInstance answers a null body, qr and
// getAuthorizationCode the 400 "instance in starting process", the socket an error frame saying
// so) and the control API's creation sequence, null → starting → notAuthorized, with its
// durations. Each test runs its own emulator, so the tests can run side by side.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STARTING_TEXT } from '../../src/protocol/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { callApi, connectSocket, control, createInstance, sleep, waitFor, withEmulator } from './helpers.mjs';

const STARTING = { message: 'instance in starting process try later' };

/**
 * @param {string} url
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 */
function requestCode(url, instance) {
  return callApi(url, instance, 'getAuthorizationCode', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phoneNumber: 79001234567 }),
  });
}

/**
 * @param {string} url
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 */
async function stateOf(url, instance) {
  const res = await callApi(url, instance, 'getStateInstance');
  assert.equal(res.status, 200);
  return res.json === null ? null : res.json.stateInstance;
}

describe('an instance being created (stateInstance null)', { concurrency: true }, () => {
  test('getStateInstance answers the body null; qr and getAuthorizationCode answer 400 "instance in starting process"', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: null });
      const state = await callApi(url, instance, 'getStateInstance');
      assert.deepEqual([state.status, state.text], [200, 'null']);
      const qr = await callApi(url, instance, 'qr');
      assert.deepEqual([qr.status, qr.json], [400, STARTING]);
      assert.match(qr.json.message, STARTING_TEXT);
      const code = await requestCode(url, instance);
      assert.deepEqual([code.status, code.json], [400, STARTING]);
      const settings = (await callApi(url, instance, 'getWaSettings')).json;
      assert.deepEqual([settings.stateInstance, settings.phone, settings.avatar], [null, '', ''], 'no account yet');
    });
  });

  test('the scan socket sends an error frame saying the instance is starting', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: null });
      const socket = connectSocket(url, instance);
      assert.deepEqual(await socket.frame(0), { type: 'error', ...STARTING });
      socket.ws.close();
      await socket.closed;
    });
  });

  test('the phone cannot link it: scan and enter-code → 409', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: null });
      const scan = await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      assert.equal(scan.status, 409);
      assert.match(scan.json.error, /only a notAuthorized instance can be linked/);
      assert.equal((await control(url, `/instances/${instance.idInstance}/enter-code`, { body: { code: 'AAAA1111' } })).status, 409);
    });
  });
});

describe('the creation sequence (POST /instances/{id}/creation)', { concurrency: true }, () => {
  test('null, then starting, then notAuthorized with a first QR code, each for the durations given', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: 'authorized', rateLimits: false });
      const started = Date.now();
      const res = await control(url, `/instances/${instance.idInstance}/creation`, { body: { creatingMs: 400, startingMs: 400 } });
      assert.equal(res.status, 200);
      assert.equal(res.json.stateInstance, null);
      assert.ok(res.json.nextStateAt >= started + 400 && res.json.nextStateAt <= Date.now() + 400, 'nextStateAt: when null ends');

      assert.equal(await stateOf(url, instance), null);
      assert.deepEqual((await callApi(url, instance, 'qr')).status, 400);
      await waitFor(async () => (await stateOf(url, instance)) === 'starting', 2000);
      assert.ok(Date.now() - started >= 400, 'starting comes after creatingMs');
      assert.deepEqual((await callApi(url, instance, 'qr')).json, STARTING);
      await waitFor(async () => (await stateOf(url, instance)) === 'notAuthorized', 2000);
      assert.ok(Date.now() - started >= 800, 'notAuthorized comes after both steps');

      const summary = (await control(url, `/instances/${instance.idInstance}`)).json;
      assert.equal(summary.nextStateAt, null, 'nothing passes by itself any more');
      const qr = await callApi(url, instance, 'qr');
      assert.equal(qr.json.type, 'qrCode');
      assert.equal((await control(url, `/instances/${instance.idInstance}/scan`, { body: {} })).json.stateInstance, 'authorized');
    });
  });

  test('a new instance has no auth data: needsLogout, the logout cleanup and a passkey step are gone; faults and switches stay', async () => {
    await withEmulator({ logoutProcessMs: 60_000 }, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: 'authorized' });
      const path = `/instances/${instance.idInstance}`;
      await control(url, `${path}/state`, { body: { needsLogout: true, wsRefuse: true } });
      await control(url, `${path}/faults`, { body: { method: 'getWaSettings', status: 502 } });
      await callApi(url, instance, 'logout');
      const summary = (await control(url, `${path}/creation`, { body: { creatingMs: 0, startingMs: 0 } })).json;
      assert.deepEqual([summary.stateInstance, summary.needsLogout, summary.logoutProcess, summary.passkeyPending], ['notAuthorized', false, false, false]);
      assert.equal(summary.faults.length, 1, 'faults are kept');
      assert.equal((await control(url, `${path}/state`)).json.wsRefuse, true, 'switches are kept');
    });
  });

  test('a state set during the sequence ends it', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { rateLimits: false });
      const path = `/instances/${instance.idInstance}`;
      await control(url, `${path}/creation`, { body: { creatingMs: 200, startingMs: 200 } });
      const set = (await control(url, `${path}/state`, { body: { stateInstance: 'blocked' } })).json;
      assert.deepEqual([set.stateInstance, set.nextStateAt], ['blocked', null]);
      await sleep(500);
      assert.equal(await stateOf(url, instance), 'blocked', 'the sequence does not come back');
    });
  });

  test('defaults: 6 s for each step; bad durations and unknown fields → 400', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const path = `/instances/${instance.idInstance}/creation`;
      const before = Date.now();
      const summary = (await control(url, path, { body: {} })).json;
      assert.equal(summary.stateInstance, null);
      assert.ok(summary.nextStateAt >= before + 6000 && summary.nextStateAt <= Date.now() + 6000, 'null lasts 6 s');
      for (const body of [{ creatingMs: -1 }, { startingMs: 'soon' }, { creatingMs: 11 * 60 * 1000 }, { steps: 2 }]) {
        const res = await control(url, path, { body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(typeof res.json.error, 'string');
      }
      assert.equal((await control(url, '/instances/5550001/creation', { body: {} })).status, 404);
    });
  });

  test('EmulatorControl.simulateCreation runs it; instanceInfo shows the state and when it moves on', async () => {
    const emulator = await startEmulator();
    try {
      const { control: client } = emulator;
      const instance = await client.createInstance({ rateLimits: false });
      const info = await client.simulateCreation(instance.idInstance, { creatingMs: 150, startingMs: 150 });
      assert.equal(info.stateInstance, null);
      assert.equal(typeof info.nextStateAt, 'number');
      await waitFor(async () => (await client.instanceInfo(instance.idInstance)).stateInstance === 'starting');
      await waitFor(async () => (await client.instanceInfo(instance.idInstance)).stateInstance === 'notAuthorized');
      assert.equal((await client.instanceInfo(instance.idInstance)).nextStateAt, null);
    } finally {
      await emulator.close();
    }
  });
});
