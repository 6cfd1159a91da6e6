// The scan timeout frame on demand: the control API's `timeout` socket action ends the wait for
// a scan now, as the 100 s would, with the frame in the instance's spelling (`timeoutExpired`, the
// default as on the current EN page, or `timeout`), then close 1000. Each test runs its own
// emulator, so the tests can run side by side.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCAN_TIMEOUT_TYPES } from '../../src/protocol/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { connectSocket, control, createInstance, withEmulator } from './helpers.mjs';

describe('scan timeout on demand (POST /instances/{id}/ws {action: "timeout"})', { concurrency: true }, () => {
  for (const type of SCAN_TIMEOUT_TYPES) {
    test(`spelling ${type}: the frame {type: "${type}", message: "timeoutExpired"}, then close 1000`, async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        const state = await control(url, `/instances/${instance.idInstance}/state`, { body: { wsTimeoutType: type } });
        assert.equal(state.status, 200);
        assert.equal((await control(url, `/instances/${instance.idInstance}/state`)).json.wsTimeoutType, type);
        const socket = connectSocket(url, instance);
        assert.equal((await socket.frame(0)).type, 'qrCode');
        const res = await control(url, `/instances/${instance.idInstance}/ws`, { body: { action: 'timeout' } });
        assert.deepEqual([res.status, res.json], [200, { sockets: 1 }]);
        assert.deepEqual(await socket.frame(1), { type, message: 'timeoutExpired' });
        assert.equal((await socket.closed).code, 1000);
        assert.equal(socket.frames.length, 2, 'nothing after the timeout frame');
      });
    });
  }

  test('the default spelling is timeoutExpired, and a reset brings it back', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const path = `/instances/${instance.idInstance}/state`;
      assert.equal((await control(url, path)).json.wsTimeoutType, 'timeoutExpired');
      await control(url, path, { body: { wsTimeoutType: 'timeout' } });
      await control(url, `/instances/${instance.idInstance}/reset`, { body: {} });
      assert.equal((await control(url, path)).json.wsTimeoutType, 'timeoutExpired');
    });
  });

  test('a socket that no longer waits for a scan sends nothing more; no socket → 409; extra fields → 400', async () => {
    await withEmulator({ closeGraceMs: 60_000 }, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: 'authorized' });
      const path = `/instances/${instance.idInstance}/ws`;
      assert.equal((await control(url, path, { body: { action: 'timeout' } })).status, 409);
      const socket = connectSocket(url, instance);
      assert.equal((await socket.frame(0)).type, 'alreadyLogged');
      assert.equal((await control(url, path, { body: { action: 'timeout', code: 1000 } })).status, 400);
      assert.equal((await control(url, path, { body: { action: 'timeout' } })).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(socket.frames.length, 1, 'no timeout frame after the final one');
      socket.ws.close();
      await socket.closed;
    });
  });

  test('EmulatorControl.setScanTimeoutType and expireScan', async () => {
    const emulator = await startEmulator();
    try {
      const { control: client, url } = emulator;
      const instance = await client.createInstance();
      await client.setScanTimeoutType(instance.idInstance, 'timeout');
      const socket = connectSocket(url, instance);
      await socket.frame(0);
      assert.deepEqual(await client.expireScan(instance.idInstance), { sockets: 1 });
      assert.deepEqual(await socket.frame(1), { type: 'timeout', message: 'timeoutExpired' });
      await socket.closed;
      await assert.rejects(client.expireScan(instance.idInstance), /HTTP 409/);
    } finally {
      await emulator.close();
    }
  });
});
