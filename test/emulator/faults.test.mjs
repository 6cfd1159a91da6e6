// Injected faults: realistic error bodies, malformed-answer presets, latency, hangs, ordering
// and use counts.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { callApi, control, createInstance, useEmulator, waitFor } from './helpers.mjs';

const server = useEmulator();

/**
 * Creates an instance with the given faults installed.
 * @param {Array<Record<string, unknown>>} faults
 * @param {{ stateInstance?: string }} [input]
 */
async function instanceWithFaults(faults, input = {}) {
  const instance = await createInstance(server.url, input);
  for (const fault of faults) {
    const res = await control(server.url, `/instances/${instance.idInstance}/faults`, { body: fault });
    assert.equal(res.status, 201, res.text);
  }
  return instance;
}

describe('status-only faults get the realistic body for that status', () => {
  const textCases = [
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [504, 'Gateway Timeout'],
  ];
  for (const [status, text] of textCases) {
    test(`${status} → text "${text}"`, async () => {
      const instance = await instanceWithFaults([{ status, times: 1 }]);
      const res = await callApi(server.url, instance, 'qr');
      assert.equal(res.status, status);
      assert.equal(res.text, text);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal((await callApi(server.url, instance, 'qr')).json.type, 'qrCode', 'times: 1 is used up');
    });
  }

  test('400 → the "starting" JSON message', async () => {
    const instance = await instanceWithFaults([{ status: 400 }]);
    const res = await callApi(server.url, instance, 'qr');
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { message: 'instance in starting process try later' });
  });

  test('466 → the documented quota JSON, naming the method', async () => {
    const instance = await instanceWithFaults([{ method: 'getStateInstance', status: 466 }]);
    const res = await callApi(server.url, instance, 'getStateInstance');
    assert.equal(res.status, 466);
    assert.equal(res.json.invokeStatus.status, 'QUOTE_EXCEEDED');
    assert.equal(res.json.invokeStatus.method, 'getstateinstance');
    assert.equal(typeof res.json.invokeStatus.description, 'string');
  });
});

describe('presets', () => {
  const cases = {
    'not-json': { type: /^text\/plain/, check: (/** @type {string} */ text) => assert.equal(text, '<<garbage>>') },
    html: { type: /^text\/html/, check: (/** @type {string} */ text) => assert.match(text, /^<html>[\s\S]*<\/html>\s*$/) },
    empty: { type: /^application\/json/, check: (/** @type {string} */ text) => assert.equal(text, '') },
    'unknown-type': {
      type: /^application\/json/,
      check: (/** @type {string} */ text) => assert.deepEqual(JSON.parse(text), { type: 'somethingNew', message: 'x' }),
    },
    'bad-base64': {
      type: /^application\/json/,
      check: (/** @type {string} */ text) => assert.deepEqual(JSON.parse(text), { type: 'qrCode', message: '@@not base64@@' }),
    },
    'wrong-shape': { type: /^application\/json/, check: (/** @type {string} */ text) => assert.deepEqual(JSON.parse(text), { foo: 1 }) },
    'not-png': {
      type: /^application\/json/,
      check: (/** @type {string} */ text) => {
        const { type, message } = JSON.parse(text);
        assert.equal(type, 'qrCode');
        assert.match(message, /^[A-Za-z0-9+/]+=*$/, 'valid base64');
        const bytes = Buffer.from(message, 'base64');
        assert.equal(bytes.subarray(1, 4).toString('latin1') === 'PNG', false, 'but not a PNG');
      },
    },
  };
  for (const [preset, { type, check }] of Object.entries(cases)) {
    test(preset, async () => {
      const instance = await instanceWithFaults([{ preset }]);
      const res = await callApi(server.url, instance, 'qr');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', type);
      check(res.text);
    });
  }

  test('a preset with a status keeps its body but changes the status', async () => {
    const instance = await instanceWithFaults([{ preset: 'html', status: 502 }]);
    const res = await callApi(server.url, instance, 'qr');
    assert.equal(res.status, 502);
    assert.match(res.text, /<html>/);
  });
});

describe('explicit bodies', () => {
  test('string → text/plain, object → JSON, null → JSON null, contentType overrides', async () => {
    const instance = await instanceWithFaults([
      { body: 'hello', times: 1 },
      { body: { type: 'qrCode' }, status: 201, times: 1 },
      { body: null, times: 1 },
    ]);
    const text = await callApi(server.url, instance, 'qr');
    assert.deepEqual([text.status, text.text], [200, 'hello']);
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
    const object = await callApi(server.url, instance, 'qr');
    assert.deepEqual([object.status, object.json], [201, { type: 'qrCode' }]);
    const nul = await callApi(server.url, instance, 'qr');
    assert.equal(nul.text, 'null');

    const typed = await instanceWithFaults([{ body: '{"type":"qrCode"}', contentType: 'application/json' }]);
    const res = await callApi(server.url, typed, 'qr');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(res.json, { type: 'qrCode' });
  });
});

describe('matching and use counts', () => {
  test('faults apply in order of addition and each match uses one `times`', async () => {
    const instance = await instanceWithFaults([
      { status: 500, times: 1 },
      { status: 502, times: 1 },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await callApi(server.url, instance, 'qr')).status);
    assert.deepEqual(statuses, [500, 502, 200]);
    assert.deepEqual((await control(server.url, `/instances/${instance.idInstance}`)).json.faults, []);
  });

  test('without `times` a fault stays until cleared with DELETE', async () => {
    const instance = await instanceWithFaults([{ status: 503 }]);
    assert.equal((await callApi(server.url, instance, 'qr')).status, 503);
    assert.equal((await callApi(server.url, instance, 'qr')).status, 503);
    const cleared = await control(server.url, `/instances/${instance.idInstance}/faults`, { method: 'DELETE' });
    assert.deepEqual(cleared.json, []);
    assert.equal((await callApi(server.url, instance, 'qr')).status, 200);
  });

  test('a fault only hits its method; "*" hits every method', async () => {
    const instance = await instanceWithFaults([{ method: 'getStateInstance', status: 500, times: 1 }]);
    assert.equal((await callApi(server.url, instance, 'qr')).status, 200);
    assert.equal((await callApi(server.url, instance, 'getStateInstance')).status, 500);

    const wild = await instanceWithFaults([{ method: '*', status: 502 }], { stateInstance: 'authorized' });
    for (const method of ['qr', 'getStateInstance', 'getWaSettings', 'logout']) {
      assert.equal((await callApi(server.url, wild, method)).status, 502, method);
    }
  });

  test('fault answers are counted in stats and logged with their status', async () => {
    const instance = await instanceWithFaults([{ status: 504, times: 1 }]);
    await callApi(server.url, instance, 'qr');
    const summary = (await control(server.url, `/instances/${instance.idInstance}`)).json;
    assert.equal(summary.stats.requests.qr, 1);
    const log = (await control(server.url, `/instances/${instance.idInstance}/requests`)).json;
    assert.equal(log[0].status, 504);
  });
});

describe('latency and hangs', () => {
  test('latencyMs delays a normal answer', async () => {
    const instance = await instanceWithFaults([{ latencyMs: 200, times: 1 }]);
    const started = Date.now();
    const res = await callApi(server.url, instance, 'qr');
    assert.ok(Date.now() - started >= 190, `answered after ${Date.now() - started} ms`);
    assert.equal(res.json.type, 'qrCode');
  });

  test('latencyMs with a status delays the fault answer', async () => {
    const instance = await instanceWithFaults([{ latencyMs: 150, status: 502, times: 1 }]);
    const started = Date.now();
    const res = await callApi(server.url, instance, 'qr');
    assert.ok(Date.now() - started >= 140);
    assert.equal(res.status, 502);
  });

  test('hang never answers; the client giving up is recorded as aborted', async () => {
    const instance = await instanceWithFaults([{ hang: true, times: 1 }]);
    const summaryOf = async () => (await control(server.url, `/instances/${instance.idInstance}`)).json;
    const controller = new AbortController();
    const pending = callApi(server.url, instance, 'qr', { signal: controller.signal });
    await waitFor(async () => (await summaryOf()).stats.inFlight === 1);
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });

    const summary = await waitFor(async () => {
      const s = await summaryOf();
      return s.stats.aborted === 1 ? s : null;
    });
    assert.equal(summary.stats.inFlight, 0);
    assert.equal(summary.stats.maxInFlight, 1);
    const [entry] = (await control(server.url, `/instances/${instance.idInstance}/requests`)).json;
    assert.equal(entry.aborted, true);
    assert.equal(entry.status, null);
    assert.equal(typeof entry.endedAt, 'number');
  });

  test('aborting during latencyMs drops the pending answer', async () => {
    const instance = await instanceWithFaults([{ latencyMs: 60000, times: 1 }]);
    const controller = new AbortController();
    const pending = callApi(server.url, instance, 'qr', { signal: controller.signal });
    await waitFor(async () => (await control(server.url, `/instances/${instance.idInstance}`)).json.stats.inFlight === 1);
    controller.abort();
    await assert.rejects(pending);
    await waitFor(async () => (await control(server.url, `/instances/${instance.idInstance}`)).json.stats.aborted === 1);
    const [entry] = (await control(server.url, `/instances/${instance.idInstance}/requests`)).json;
    assert.deepEqual([entry.aborted, entry.status], [true, null]);
  });
});

describe('validation', () => {
  const bad = [
    { method: 'sendMessage', status: 500 },
    { status: 99 },
    { status: 'x' },
    { times: 0, status: 500 },
    { times: 1.5, status: 500 },
    { preset: 'nope' },
    { latencyMs: -1 },
    { hang: 'yes' },
    { stauts: 500 },
    { method: 'qr' },
    { body: 5 },
    { contentType: '', status: 500 },
  ];
  for (const body of bad) {
    test(`rejects ${JSON.stringify(body)} with 400 {error}`, async () => {
      const instance = await createInstance(server.url);
      const res = await control(server.url, `/instances/${instance.idInstance}/faults`, { body });
      assert.equal(res.status, 400);
      assert.equal(typeof res.json.error, 'string');
    });
  }

  test('method names are accepted in any case and reported canonically', async () => {
    const instance = await createInstance(server.url);
    const res = await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { method: 'GETSTATEINSTANCE', status: 500 } });
    assert.equal(res.status, 201);
    assert.equal(res.json[0].method, 'getStateInstance');
  });
});
