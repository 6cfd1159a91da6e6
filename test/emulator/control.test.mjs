// The control API (/_emulator/...) and the emulator's lifecycle.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { DEMO_INSTANCE, startEmulator } from '../../src/emulator/server.js';
import { REQUEST_LOG_LIMIT, RequestStats, trackRequest } from '../../src/emulator/request-tracker.js';
import { callApi, control, createInstance, useEmulator, waitFor } from './helpers.mjs';

const server = useEmulator();

describe('lifecycle', () => {
  test('startEmulator gives a URL without a trailing slash and the demo credentials are exported', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.emulator().port, Number(new URL(server.url).port));
    assert.deepEqual(
      { ...DEMO_INSTANCE },
      {
        idInstance: '1101000001',
        apiTokenInstance: '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f',
      },
    );
  });

  test('close() returns promptly even with a hanging request and a keep-alive socket open', async () => {
    const emulator = await startEmulator();
    await control(emulator.url, `/instances/${DEMO_INSTANCE.idInstance}/faults`, { body: { hang: true } });
    const hanging = callApi(emulator.url, DEMO_INSTANCE, 'qr').catch((error) => error);
    await waitFor(async () => (await control(emulator.url, `/instances/${DEMO_INSTANCE.idInstance}`)).json.stats.inFlight === 1);
    const started = Date.now();
    await emulator.close();
    // Well under the 5 s keep-alive timeout: close() must not wait for idle or hanging sockets.
    assert.ok(Date.now() - started < 2000, `close took ${Date.now() - started} ms`);
    assert.ok((await hanging) instanceof Error, 'the hanging client sees the connection drop');
    await emulator.close(); // idempotent
  });
});

describe('instances', () => {
  test('GET /health → {ok: true}', async () => {
    const res = await control(server.url, '/health');
    assert.deepEqual([res.status, res.json], [200, { ok: true }]);
  });

  test('POST /instances without input → 201 with a 1101… id and a 50-hex token that work', async () => {
    const res = await control(server.url, '/instances', { body: {} });
    assert.equal(res.status, 201);
    assert.match(res.json.idInstance, /^1101\d{6}$/);
    assert.match(res.json.apiTokenInstance, /^[0-9a-f]{50}$/);
    assert.equal((await callApi(server.url, res.json, 'getStateInstance')).status, 200);
  });

  test('POST /instances with id, token and state uses them (numeric ids are accepted)', async () => {
    const res = await control(server.url, '/instances', { body: { idInstance: 7103000042, apiTokenInstance: 'tok-1', stateInstance: 'authorized' } });
    assert.deepEqual(res.json, { idInstance: '7103000042', apiTokenInstance: 'tok-1' });
    assert.deepEqual((await callApi(server.url, res.json, 'getStateInstance')).json, { stateInstance: 'authorized' });
  });

  test('creating an existing id resets it and keeps its token unless a new one is given', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { status: 500 } });
    await callApi(server.url, instance, 'getWaSettings').catch(() => {});
    const again = await createInstance(server.url, { idInstance: instance.idInstance });
    assert.equal(again.apiTokenInstance, instance.apiTokenInstance);
    const summary = (await control(server.url, `/instances/${instance.idInstance}`)).json;
    assert.equal(summary.stateInstance, 'notAuthorized');
    assert.deepEqual(summary.faults, []);
    assert.deepEqual(summary.stats.requests, {});
  });

  test('bad create input → 400 {error}', async () => {
    for (const body of [{ idInstance: 'abc' }, { idInstance: '12345678901' }, { apiTokenInstance: 'a/b' }, { stateInstance: 5 }, { extra: 1 }]) {
      const res = await control(server.url, '/instances', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(typeof res.json.error, 'string');
    }
    assert.equal((await control(server.url, '/instances', { rawBody: '{not json' })).status, 400);
    assert.equal((await control(server.url, '/instances', { rawBody: '[1]' })).status, 400);
  });

  test('GET /instances/{id} → summary with exactly the documented fields and no token', async () => {
    const instance = await createInstance(server.url);
    const res = await control(server.url, `/instances/${instance.idInstance}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json).sort(), [
      'faults',
      'idInstance',
      'logoutProcess',
      'needsLogout',
      'nextStateAt',
      'pairing',
      'passkeyPending',
      'qr',
      'stateInstance',
      'stats',
    ]);
    assert.deepEqual(Object.keys(res.json.qr).sort(), ['payload', 'rotatesAt', 'version']);
    assert.deepEqual(res.json.stats, { requests: {}, inFlight: 0, maxInFlight: 0, aborted: 0, sockets: { opened: 0, open: 0, maxOpen: 0, refused: 0 } });
    assert.equal(res.text.includes(instance.apiTokenInstance), false);
  });

  test('GET /instances lists every instance', async () => {
    const instance = await createInstance(server.url);
    const ids = (await control(server.url, '/instances')).json.map((/** @type {{ idInstance: string }} */ s) => s.idInstance);
    assert.ok(ids.includes(instance.idInstance));
    assert.ok(ids.includes(DEMO_INSTANCE.idInstance));
  });

  test('unknown instance → 404 {error}; unknown endpoint → 404; wrong verb → 405 with Allow', async () => {
    const missing = await control(server.url, '/instances/5550001');
    assert.equal(missing.status, 404);
    assert.match(missing.json.error, /unknown instance/);
    assert.equal((await control(server.url, '/nope')).status, 404);
    const wrongVerb = await control(server.url, `/instances/${DEMO_INSTANCE.idInstance}/rotate`, { method: 'GET' });
    assert.equal(wrongVerb.status, 405);
    assert.equal(wrongVerb.headers.get('allow'), 'POST');
  });

  test('DELETE /instances/{id} removes it (403 afterwards); the demo instance cannot be removed', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await control(server.url, `/instances/${instance.idInstance}`, { method: 'DELETE' })).status, 200);
    assert.equal((await callApi(server.url, instance, 'qr')).status, 403);
    assert.equal((await control(server.url, `/instances/${DEMO_INSTANCE.idInstance}`, { method: 'DELETE' })).status, 409);
  });
});

describe('state and resets', () => {
  test('POST /state sets stateInstance and needsLogout and returns the summary', async () => {
    const instance = await createInstance(server.url);
    const res = await control(server.url, `/instances/${instance.idInstance}/state`, { body: { stateInstance: 'blocked', needsLogout: true } });
    assert.equal(res.status, 200);
    assert.equal(res.json.stateInstance, 'blocked');
    assert.equal(res.json.needsLogout, true);
    const cleared = await control(server.url, `/instances/${instance.idInstance}/state`, { body: { stateInstance: null } });
    assert.equal(cleared.json.stateInstance, null);
    for (const body of [{ stateInstance: 3 }, { needsLogout: 'yes' }, { state: 'x' }]) {
      assert.equal((await control(server.url, `/instances/${instance.idInstance}/state`, { body })).status, 400);
    }
  });

  test('going back to notAuthorized starts a new pairing session', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    const before = (await control(server.url, `/instances/${instance.idInstance}`)).json.qr.payload;
    const after = (await control(server.url, `/instances/${instance.idInstance}/state`, { body: { stateInstance: 'notAuthorized' } })).json;
    assert.notEqual(after.qr.payload, before);
  });

  test('POST /instances/{id}/reset → notAuthorized, fresh QR, no faults, empty stats and log', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    await control(server.url, `/instances/${instance.idInstance}/state`, { body: { needsLogout: true } });
    await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { status: 500, times: 1 } });
    await callApi(server.url, instance, 'qr');
    const before = (await control(server.url, `/instances/${instance.idInstance}`)).json;
    const res = await control(server.url, `/instances/${instance.idInstance}/reset`, { body: {} });
    assert.equal(res.json.stateInstance, 'notAuthorized');
    assert.equal(res.json.needsLogout, false);
    assert.notEqual(res.json.qr.payload, before.qr.payload);
    assert.deepEqual(res.json.faults, []);
    assert.deepEqual(res.json.stats, { requests: {}, inFlight: 0, maxInFlight: 0, aborted: 0, sockets: { opened: 0, open: 0, maxOpen: 0, refused: 0 } });
    assert.deepEqual((await control(server.url, `/instances/${instance.idInstance}/requests`)).json, []);
  });

  test('POST /reset removes every instance but the demo one, which is reset', async () => {
    const emulator = await startEmulator();
    try {
      const extra = await createInstance(emulator.url);
      await control(emulator.url, `/instances/${DEMO_INSTANCE.idInstance}/scan`, { body: {} });
      assert.deepEqual((await control(emulator.url, '/reset', { body: {} })).json, { ok: true });
      assert.equal((await callApi(emulator.url, extra, 'qr')).status, 403);
      assert.deepEqual((await callApi(emulator.url, DEMO_INSTANCE, 'getStateInstance')).json, { stateInstance: 'notAuthorized' });
      assert.equal((await control(emulator.url, '/instances')).json.length, 1);
    } finally {
      await emulator.close();
    }
  });
});

describe('request accounting', () => {
  test('the log lists GREEN-API requests in start order with method, times, status and aborted', async () => {
    const instance = await createInstance(server.url);
    await callApi(server.url, instance, 'qr');
    await callApi(server.url, instance, 'getStateInstance');
    await callApi(server.url, { ...instance, apiTokenInstance: 'wrong' }, 'getWaSettings');
    await control(server.url, `/instances/${instance.idInstance}`); // control requests are not logged
    const log = (await control(server.url, `/instances/${instance.idInstance}/requests`)).json;
    assert.deepEqual(
      log.map((/** @type {{ method: string, status: number }} */ e) => [e.method, e.status]),
      [
        ['qr', 200],
        ['getStateInstance', 200],
        ['getWaSettings', 401],
      ],
    );
    for (const entry of log) {
      assert.deepEqual(Object.keys(entry).sort(), ['aborted', 'endedAt', 'method', 'startedAt', 'status']);
      assert.ok(entry.endedAt >= entry.startedAt);
      assert.equal(entry.aborted, false);
    }
    assert.ok(log[0].startedAt <= log[1].startedAt && log[1].startedAt <= log[2].startedAt);
  });

  test('inFlight and maxInFlight follow concurrent requests; a reset keeps inFlight truthful', async () => {
    const instance = await createInstance(server.url);
    await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { hang: true, times: 2 } });
    const controller = new AbortController();
    const pending = [1, 2].map(() => callApi(server.url, instance, 'qr', { signal: controller.signal }).catch(() => null));
    const summaryOf = async () => (await control(server.url, `/instances/${instance.idInstance}`)).json;
    await waitFor(async () => (await summaryOf()).stats.inFlight === 2);
    assert.equal((await summaryOf()).stats.maxInFlight, 2);

    const afterReset = (await control(server.url, `/instances/${instance.idInstance}/reset`, { body: {} })).json;
    assert.equal(afterReset.stats.inFlight, 2, 'the two requests are still open');
    assert.equal(afterReset.stats.maxInFlight, 2);

    controller.abort();
    await Promise.all(pending);
    const settled = await waitFor(async () => {
      const s = await summaryOf();
      return s.stats.inFlight === 0 ? s : null;
    });
    assert.equal(settled.stats.aborted, 0, 'aborts of requests from before the reset do not count in the new stats');
  });

  test(`the log keeps the last ${REQUEST_LOG_LIMIT} entries`, () => {
    const owner = { stats: new RequestStats(), open: new Set() };
    for (let i = 0; i < REQUEST_LOG_LIMIT + 5; i += 1) {
      const res = /** @type {import('node:http').ServerResponse} */ (/** @type {unknown} */ (Object.assign(new EventEmitter(), { statusCode: 200 })));
      trackRequest(owner, `m${i}`, res, new Set());
      res.emit('finish');
      res.emit('close');
    }
    assert.equal(owner.stats.log.length, REQUEST_LOG_LIMIT);
    assert.equal(owner.stats.log[0].method, 'm5');
    assert.equal(owner.stats.log.at(-1)?.method, `m${REQUEST_LOG_LIMIT + 4}`);
    assert.equal(owner.open.size, 0);
  });
});
