// WhatsApp's passkey gate (the `passkeyRequired` switch): the phone's scan (or a right pairing
// code) does not link; the instance stays notAuthorized, the scan socket sends a
// `passkeyRequired` frame, and `qr` answers an error naming the passkey until the switch is off
// or the instance reset. Each test runs its own emulator, so the tests can run side by side.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSKEY_TEXT } from '../../src/protocol/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { callApi, connectSocket, control, createInstance, withEmulator } from './helpers.mjs';

/**
 * @param {string} url
 * @param {string} idInstance
 * @param {boolean} passkeyRequired
 */
function setPasskey(url, idInstance, passkeyRequired) {
  return control(url, `/instances/${idInstance}/state`, { body: { passkeyRequired } });
}

describe('passkey required', { concurrency: true }, () => {
  test('a scan meets the gate: notAuthorized, a passkeyRequired frame on the socket, then qr errors naming the passkey', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { rateLimits: false });
      assert.equal((await setPasskey(url, instance.idInstance, true)).status, 200);
      assert.equal((await control(url, `/instances/${instance.idInstance}/state`)).json.passkeyRequired, true);

      // Before the scan nothing shows: codes as usual.
      assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode');
      const socket = connectSocket(url, instance);
      assert.equal((await socket.frame(0)).type, 'qrCode');

      const scan = await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      assert.deepEqual([scan.status, scan.json], [200, { stateInstance: 'notAuthorized', passkeyRequired: true }]);
      const frame = await socket.frame(1);
      assert.deepEqual(Object.keys(frame).sort(), ['message', 'type']);
      assert.equal(frame.type, 'passkeyRequired');
      assert.match(frame.message, PASSKEY_TEXT);
      assert.match(frame.message, /link/);
      socket.ws.close();

      assert.deepEqual((await callApi(url, instance, 'getStateInstance')).json, { stateInstance: 'notAuthorized' });
      const qr = await callApi(url, instance, 'qr');
      assert.equal(qr.status, 200);
      assert.equal(qr.json.type, 'error');
      assert.match(qr.json.message, PASSKEY_TEXT);
      assert.equal(qr.json.message, frame.message, 'the same text on both');
      assert.equal((await callApi(url, instance, 'getWaSettings')).json.phone, '', 'no account linked');
      assert.equal((await control(url, `/instances/${instance.idInstance}`)).json.passkeyPending, true);

      // A new socket hears the same.
      const again = connectSocket(url, instance);
      assert.deepEqual(await again.frame(0), frame);
      again.ws.close();
    });
  });

  test('turning the switch off ends it: a new code, and the next scan links', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { rateLimits: false });
      await setPasskey(url, instance.idInstance, true);
      const before = (await control(url, `/instances/${instance.idInstance}`)).json.qr.payload;
      await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      const off = (await setPasskey(url, instance.idInstance, false)).json;
      assert.equal(off.passkeyPending, false);
      assert.notEqual(off.qr.payload, before, 'a new pairing session');
      assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode');
      const scan = await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      assert.deepEqual(scan.json, { stateInstance: 'authorized' });
    });
  });

  test('a reset ends it too, and turns the switch off', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { rateLimits: false });
      await setPasskey(url, instance.idInstance, true);
      await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      const reset = (await control(url, `/instances/${instance.idInstance}/reset`, { body: {} })).json;
      assert.equal(reset.passkeyPending, false);
      assert.equal((await control(url, `/instances/${instance.idInstance}/state`)).json.passkeyRequired, false);
      assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode');
    });
  });

  test('a right pairing code meets the gate as a scan does', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url, { rateLimits: false });
      await setPasskey(url, instance.idInstance, true);
      const { code } = (
        await callApi(url, instance, 'getAuthorizationCode', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ phoneNumber: 79001234567 }),
        })
      ).json;
      const entered = await control(url, `/instances/${instance.idInstance}/enter-code`, { body: { code } });
      assert.deepEqual([entered.status, entered.json], [200, { stateInstance: 'notAuthorized', passkeyRequired: true }]);
      assert.match((await callApi(url, instance, 'qr')).json.message, PASSKEY_TEXT);
    });
  });

  test('the switch must be a boolean', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const res = await control(url, `/instances/${instance.idInstance}/state`, { body: { passkeyRequired: 'yes' } });
      assert.equal(res.status, 400);
    });
  });

  test('EmulatorControl.setPasskeyRequired and scan', async () => {
    const emulator = await startEmulator();
    try {
      const { control: client } = emulator;
      const { idInstance } = await client.createInstance({ rateLimits: false });
      await client.setPasskeyRequired(idInstance, true);
      assert.deepEqual(await client.scan(idInstance), { stateInstance: 'notAuthorized', passkeyRequired: true });
      assert.equal((await client.instanceInfo(idInstance)).passkeyPending, true);
      await client.setPasskeyRequired(idInstance, false);
      assert.deepEqual(await client.scan(idInstance), { stateInstance: 'authorized' });
    } finally {
      await emulator.close();
    }
  });
});
