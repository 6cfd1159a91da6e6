// The scanqrcode WebSocket: ws://HOST/waInstance{id}/scanqrcode/{token}. Upgrade checks, the
// frames per instance state, rotation, scan, timeout, the one-session rule, the socket faults
// of the control API and the socket counters. Each test runs its own emulator, so the tests
// can run side by side (the 1/s upgrade limit makes some of them wait a second).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/server.js';
import { SECOND_SESSION_CLOSE_CODE } from '../../src/emulator/scanqrcode-session.js';
import { callApi, connectSocket as connect, control, createInstance, decodeQrPng, sleep, waitFor, withEmulator } from './helpers.mjs';

/**
 * @param {string} url
 * @param {string} idInstance
 */
async function socketStats(url, idInstance) {
  return (await control(url, `/instances/${idInstance}`)).json.stats.sockets;
}

describe('scanqrcode WebSocket', { concurrency: true }, () => {
  test('upgrades are checked like HTTP calls: unknown id 403, wrong token 401, other paths 404', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const unknown = await connect(url, { ...instance, idInstance: '9999999999' }).opened;
      assert.deepEqual([unknown.status, unknown.body], [403, 'Forbidden']);
      const wrongToken = await connect(url, { ...instance, apiTokenInstance: 'f'.repeat(50) }).opened;
      assert.deepEqual([wrongToken.status, wrongToken.body], [401, 'Unauthorized']);
      assert.equal(wrongToken.headers['access-control-allow-origin'], '*', 'same headers as every response');
      assert.equal((await connect(url, instance, 'qr').opened).status, 404);
      assert.deepEqual(
        await socketStats(url, instance.idInstance),
        { opened: 0, open: 0, maxOpen: 0, refused: 1 },
        'no socket was opened; the wrong token was refused',
      );
    });
  });

  test('the method name is case-insensitive and repeated slashes are merged', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(`${url}/`, instance, 'ScanQrCode');
      assert.equal((await socket.opened).status, 101);
      assert.equal((await socket.frame(0)).type, 'qrCode');
      socket.ws.close();
    });
  });

  test('notAuthorized: a qrCode frame at once, with the same picture the HTTP qr method gives', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      const frame = await socket.frame(0);
      assert.deepEqual(Object.keys(frame).sort(), ['message', 'type']);
      assert.equal(frame.type, 'qrCode');
      assert.equal(frame.message, (await callApi(url, instance, 'qr')).json.message);
      const payload = (await control(url, `/instances/${instance.idInstance}`)).json.qr.payload;
      assert.equal(decodeQrPng(frame.message).text, payload);
      socket.ws.close();
      await socket.closed;
    });
  });

  test('other states: alreadyLogged, or an error frame with the same message as qr', async () => {
    await withEmulator({ logoutProcessMs: 5000 }, async ({ url }) => {
      /** @type {Array<[string | null, boolean, object]>} */
      const cases = [
        ['authorized', false, { type: 'alreadyLogged', message: 'instance account already authorized' }],
        ['sleepMode', false, { type: 'alreadyLogged', message: 'instance account already authorized' }],
        ['notAuthorized', true, { type: 'error', message: 'Instance has auth. You need to make log out' }],
        ['starting', false, { type: 'error', message: 'instance in starting process try later' }],
        ['blocked', false, { type: 'error', message: 'instance is blocked' }],
        [null, false, { type: 'error', message: 'instance in starting process try later' }],
      ];
      for (const [stateInstance, needsLogout, expected] of cases) {
        const instance = await createInstance(url, { stateInstance });
        if (needsLogout) await control(url, `/instances/${instance.idInstance}/state`, { body: { needsLogout } });
        const socket = connect(url, instance);
        assert.deepEqual(await socket.frame(0), expected, String(stateInstance));
        socket.ws.close();
      }
      const loggingOut = await createInstance(url, { stateInstance: 'authorized' });
      await callApi(url, loggingOut, 'logout');
      assert.deepEqual(await connect(url, loggingOut).frame(0), { type: 'error', message: 'instance in starting process try later' });
    });
  });

  test('a lingering client is closed (1000) closeGraceMs after a final frame', async () => {
    await withEmulator({ closeGraceMs: 100 }, async ({ url }) => {
      const instance = await createInstance(url, { stateInstance: 'authorized' });
      const socket = connect(url, instance);
      assert.equal((await socket.frame(0)).type, 'alreadyLogged');
      assert.equal((await socket.closed).code, 1000);
    });
  });

  test('every rotation sends exactly one new qrCode frame', async () => {
    await withEmulator({ qrRotateMs: 150 }, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(3, 3000);
      socket.ws.close();
      const pictures = socket.frames.map((text) => JSON.parse(text).message);
      assert.equal(new Set(pictures).size, pictures.length, 'no picture is sent twice');
    });
  });

  test('a control-API rotate is pushed at once', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      await control(url, `/instances/${instance.idInstance}/rotate`, { body: {} });
      assert.equal((await socket.frame(1)).message, (await callApi(url, instance, 'qr')).json.message, 'the new picture');
      socket.ws.close();
    });
  });

  test('a scan while the socket is open sends accountData (2021 docs shape); the client closes', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      assert.deepEqual(await socket.frame(1), { type: 'accountData', wid: '79001234567@c.us', pushname: 'GREEN-API Emulator', proxy: '', webhookUrl: '' });
      socket.ws.close(1000);
      assert.equal((await socket.closed).code, 1000);
      await waitFor(async () => (await socketStats(url, instance.idInstance)).open === 0);
    });
  });

  test('scan timeout: timeoutExpired frame, then close 1000', async () => {
    await withEmulator({ scanTimeoutMs: 150 }, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      assert.equal((await socket.frame(0)).type, 'qrCode');
      assert.deepEqual(await socket.frame(1), { type: 'timeoutExpired', message: 'timeoutExpired' });
      assert.equal((await socket.closed).code, 1000);
    });
  });

  test("the timeout frame's type is 'timeout' by option or per-instance switch", async () => {
    await withEmulator({ scanTimeoutMs: 150, wsTimeoutType: 'timeout' }, async ({ url }) => {
      const byOption = connect(url, await createInstance(url));
      assert.deepEqual(await byOption.frame(1), { type: 'timeout', message: 'timeoutExpired' });
      const instance = await createInstance(url);
      const change = await control(url, `/instances/${instance.idInstance}/state`, { body: { wsTimeoutType: 'timeoutExpired' } });
      assert.equal(change.status, 200);
      assert.equal((await connect(url, instance).frame(1)).type, 'timeoutExpired');
      const bad = await control(url, `/instances/${instance.idInstance}/state`, { body: { wsTimeoutType: 'expired' } });
      assert.equal(bad.status, 400);
    });
    await assert.rejects(startEmulator({ wsTimeoutType: /** @type {any} */ ('later') }), RangeError);
  });

  test('one session per instance: a second socket gets an error frame and close 1008', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const first = connect(url, instance);
      await first.frame(0);
      await sleep(1000); // the 1/s upgrade limit
      const second = connect(url, instance);
      assert.deepEqual(await second.frame(0), { type: 'error', message: 'only 1 session is allowed for scanqrcode' });
      assert.equal((await second.closed).code, SECOND_SESSION_CLOSE_CODE);
      const stats = await waitFor(async () => {
        const current = await socketStats(url, instance.idInstance);
        return current.open === 1 ? current : null;
      });
      assert.deepEqual(stats, { opened: 2, open: 1, maxOpen: 2, refused: 0 });
      await control(url, `/instances/${instance.idInstance}/scan`, { body: {} });
      assert.equal((await first.frame(1)).type, 'accountData', 'the first socket carries on');
      first.ws.close();
    });
  });

  test('upgrades are limited to 1/s per instance (429), other instances are not affected', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const first = connect(url, instance);
      assert.equal((await first.opened).status, 101);
      first.ws.close();
      await first.closed;
      const tooSoon = await connect(url, instance).opened;
      assert.deepEqual([tooSoon.status, tooSoon.body], [429, 'Too Many Requests']);
      assert.equal((await connect(url, await createInstance(url)).opened).status, 101);
      await sleep(1000);
      assert.equal((await connect(url, instance).opened).status, 101);
    });
  });

  test('wsRefuse: upgrades fail with 503 while HTTP polling keeps working', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      await control(url, `/instances/${instance.idInstance}/state`, { body: { wsRefuse: true } });
      const refused = await connect(url, instance).opened;
      assert.deepEqual([refused.status, refused.body], [503, 'Service Unavailable']);
      assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode');
      const state = (await control(url, `/instances/${instance.idInstance}/state`)).json;
      assert.equal(state.wsRefuse, true);
      await control(url, `/instances/${instance.idInstance}/state`, { body: { wsRefuse: false } });
      assert.equal((await connect(url, instance).opened).status, 101, 'a refused upgrade does not use up the rate limit');
      const { sockets } = (await control(url, `/instances/${instance.idInstance}`)).json.stats;
      assert.deepEqual({ opened: sockets.opened, refused: sockets.refused }, { opened: 1, refused: 1 }, 'the refused upgrade is counted');
    });
  });

  test('control drop: the TCP connection dies without a close frame (client sees 1006)', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      const res = await control(url, `/instances/${instance.idInstance}/ws`, { body: { action: 'drop' } });
      assert.deepEqual([res.status, res.json], [200, { sockets: 1 }]);
      assert.equal((await socket.closed).code, 1006);
      await waitFor(async () => (await socketStats(url, instance.idInstance)).open === 0);
    });
  });

  test('control close: a normal close with the given code and reason', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      await control(url, `/instances/${instance.idInstance}/ws`, { body: { action: 'close', code: 4000, reason: 'bye' } });
      assert.deepEqual(await socket.closed, { code: 4000, reason: 'bye' });
    });
  });

  test('control send: any raw text frame, e.g. one that is not JSON', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      await control(url, `/instances/${instance.idInstance}/ws`, { body: { action: 'send', frame: '<<not json' } });
      await waitFor(async () => socket.frames.length === 2);
      assert.equal(socket.frames[1], '<<not json');
      socket.ws.close();
    });
  });

  test('socket controls: 409 without an open socket, 400 on bad input', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const path = `/instances/${instance.idInstance}/ws`;
      assert.equal((await control(url, path, { body: { action: 'drop' } })).status, 409);
      for (const body of [
        {},
        { action: 'explode' },
        { action: 'close', code: 1006 },
        { action: 'close', code: 1000, reason: 'x'.repeat(124) },
        { action: 'send' },
        { action: 'drop', extra: 1 },
      ]) {
        assert.equal((await control(url, path, { body })).status, 400, JSON.stringify(body));
      }
    });
  });

  test('socket counters: opened/open/maxOpen; a reset keeps open truthful; DELETE closes with 1001', async () => {
    await withEmulator({}, async ({ url }) => {
      const instance = await createInstance(url);
      const summaryBefore = (await control(url, `/instances/${instance.idInstance}`)).json;
      assert.deepEqual(summaryBefore.stats.sockets, { opened: 0, open: 0, maxOpen: 0, refused: 0 }, 'all zero before any socket was opened');
      const socket = connect(url, instance);
      await socket.frame(0);
      assert.deepEqual(await socketStats(url, instance.idInstance), { opened: 1, open: 1, maxOpen: 1, refused: 0 });
      const reset = (await control(url, `/instances/${instance.idInstance}/reset`, { body: {} })).json;
      assert.deepEqual(reset.stats.sockets, { opened: 0, open: 1, maxOpen: 1, refused: 0 });
      assert.equal((await socket.frame(1)).type, 'qrCode', 'the reset started a new QR session');
      await control(url, `/instances/${instance.idInstance}`, { method: 'DELETE' });
      assert.equal((await socket.closed).code, 1001);
    });
  });

  test('closing the emulator closes every socket (1001) promptly', async () => {
    const emulator = await startEmulator();
    const instance = await createInstance(emulator.url);
    const socket = connect(emulator.url, instance);
    await socket.frame(0);
    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 1500, `close took ${Date.now() - started} ms`);
    assert.equal((await socket.closed).code, 1001);
  });

  test('upgrade log lines (quiet: false) redact the token', async (t) => {
    /** @type {string[]} */
    const lines = [];
    t.mock.method(console, 'log', (/** @type {string} */ line) => lines.push(line));
    await withEmulator({ quiet: false }, async ({ url }) => {
      const instance = await createInstance(url);
      const socket = connect(url, instance);
      await socket.frame(0);
      socket.ws.close();
      await socket.closed;
      await connect(url, { ...instance, apiTokenInstance: 'e'.repeat(50) }).opened;
      await waitFor(async () => lines.some((line) => line.includes('401')));
      const socketLines = lines.filter((line) => line.includes('scanqrcode'));
      assert.ok(socketLines.some((line) => /scanqrcode\/\*\*\* → 101/.test(line)));
      assert.ok(socketLines.some((line) => /websocket closed/.test(line)));
      for (const line of lines) {
        assert.equal(line.includes(instance.apiTokenInstance), false, line);
        assert.equal(line.includes('e'.repeat(50)), false, line);
      }
    });
  });
});
