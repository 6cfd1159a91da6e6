// CORS: every response, including errors, preflights and the control API, carries the headers
// recorded on the real API, so a browser page on another origin can read all of them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_INSTANCE, callApi, control, createInstance, useEmulator } from './helpers.mjs';

const server = useEmulator();

/**
 * @param {Headers} headers
 * @param {string} label
 */
function assertCorsHeaders(headers, label) {
  assert.equal(headers.get('access-control-allow-origin'), '*', label);
  assert.equal(headers.get('access-control-allow-methods'), 'GET,PUT,POST,DELETE', label);
  assert.equal(headers.get('access-control-allow-headers'), 'Content-Type, Accept', label);
  const vary = (headers.get('vary') ?? '').split(/\s*,\s*/);
  for (const value of ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']) {
    assert.ok(vary.includes(value), `${label}: Vary lacks ${value}`);
  }
  // The real API exposes no headers to scripts; the emulator must not pretend otherwise.
  assert.equal(headers.get('access-control-expose-headers'), null, label);
}

test('successful GREEN-API answers carry the CORS headers', async () => {
  const instance = await createInstance(server.url);
  for (const method of ['qr', 'getStateInstance', 'getWaSettings', 'logout']) {
    const res = await callApi(server.url, instance, method);
    assert.equal(res.status, 200, method);
    assertCorsHeaders(res.headers, method);
  }
});

test('error answers (401, 403, 404, 429, 400) carry the CORS headers', async () => {
  const instance = await createInstance(server.url);
  const starting = await createInstance(server.url, { stateInstance: 'starting' });
  const pair = await Promise.all([1, 2].map(() => callApi(server.url, instance, 'getStateInstance')));
  const cases = [
    [401, await callApi(server.url, { ...instance, apiTokenInstance: '0'.repeat(50) }, 'qr')],
    [403, await callApi(server.url, { ...instance, idInstance: '1' }, 'qr')],
    [404, await callApi(server.url, instance, 'noSuchMethod')],
    [429, pair.find((res) => res.status === 429)],
    [400, await callApi(server.url, starting, 'qr')],
    [404, await fetch(`${server.url}/nowhere`)],
  ];
  for (const [status, res] of /** @type {Array<[number, { status: number, headers: Headers }]>} */ (cases)) {
    assert.equal(res.status, status);
    assertCorsHeaders(res.headers, `HTTP ${status}`);
  }
});

test('injected faults carry the CORS headers too', async () => {
  const instance = await createInstance(server.url);
  await control(server.url, `/instances/${instance.idInstance}/faults`, { body: { status: 502, times: 1 } });
  const res = await callApi(server.url, instance, 'qr');
  assert.equal(res.status, 502);
  assertCorsHeaders(res.headers, 'fault 502');
});

test('control API answers and its errors carry the CORS headers', async () => {
  assertCorsHeaders((await control(server.url, '/health')).headers, 'health');
  assertCorsHeaders((await control(server.url, '/instances/404404')).headers, 'control 404');
  assertCorsHeaders((await control(server.url, '/instances', { rawBody: '{oops' })).headers, 'control 400');
  assertCorsHeaders((await control(server.url, `/instances/${DEMO_INSTANCE.idInstance}/scan`, { method: 'GET' })).headers, 'control 405');
});

test('OPTIONS on any path → 204 with the CORS headers and no body', async () => {
  const paths = [
    `/waInstance${DEMO_INSTANCE.idInstance}/qr/${DEMO_INSTANCE.apiTokenInstance}`,
    '/waInstance0/qr/whatever',
    '/_emulator/instances',
    '/anything/else',
  ];
  for (const path of paths) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(res.status, 204, path);
    assert.equal(await res.text(), '');
    assertCorsHeaders(res.headers, `OPTIONS ${path}`);
  }
});

test('preflights are not counted as GREEN-API requests', async () => {
  const instance = await createInstance(server.url);
  await fetch(`${server.url}/waInstance${instance.idInstance}/qr/${instance.apiTokenInstance}`, { method: 'OPTIONS' });
  const summary = (await control(server.url, `/instances/${instance.idInstance}`)).json;
  assert.deepEqual(summary.stats.requests, {});
});
