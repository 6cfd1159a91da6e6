// What the relay forwards and what it refuses, against the emulator over real HTTP.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createInstance, useEmulator } from '../emulator/helpers.mjs';
import { call, relayFor } from './helpers.mjs';
import { createQrProxy } from '../../src/server/index.js';

const server = useEmulator();

/** An instance, and a relay allowed to link it. */
async function linkable(state = {}) {
  const instance = await createInstance(server.url, state);
  const relay = relayFor(server.url, { [instance.idInstance]: instance.apiTokenInstance });
  return { instance, ...relay };
}

async function upstreamRequests(idInstance) {
  return (await control(server.url, `/instances/${idInstance}/requests`)).json;
}

describe('forwarding', () => {
  test('GET …/waInstance{id}/qr answers the code from GREEN-API, with no token in it', async () => {
    const { instance, handler, resolved } = await linkable();
    const answer = await call(handler, `/waInstance${instance.idInstance}/qr`);
    assert.equal(answer.status, 200);
    assert.equal(answer.json.type, 'qrCode');
    assert.match(answer.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.ok(!answer.text.includes(instance.apiTokenInstance));
    assert.deepEqual(
      resolved.map((r) => r.idInstance),
      [instance.idInstance],
      'resolveInstance asked once, with the id',
    );
    assert.deepEqual(
      (await upstreamRequests(instance.idInstance)).map((r) => r.method),
      ['qr'],
    );
  });

  test("each method the element uses goes upstream with GREEN-API's verb (logout is POST at the relay, GET upstream)", async () => {
    const { instance, handler } = await linkable({ stateInstance: 'notAuthorized', rateLimits: false });
    assert.deepEqual((await call(handler, `/waInstance${instance.idInstance}/getStateInstance`)).json, { stateInstance: 'notAuthorized' });
    assert.equal((await call(handler, `/waInstance${instance.idInstance}/getWaSettings`)).status, 200);
    const code = await call(handler, `/waInstance${instance.idInstance}/getAuthorizationCode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phoneNumber: 79001234567 }),
    });
    assert.equal(code.json.status, true);
    assert.equal((await control(server.url, `/instances/${instance.idInstance}`)).json.pairing.phoneNumber, 79001234567, 'the number reached GREEN-API');
    assert.deepEqual((await call(handler, `/waInstance${instance.idInstance}/logout`, { method: 'POST' })).json, { isLogout: true });
    assert.deepEqual(
      (await upstreamRequests(instance.idInstance)).map((r) => r.method),
      ['getStateInstance', 'getWaSettings', 'getAuthorizationCode', 'logout'],
    );
  });

  test('GREEN-API refusing the token resolveInstance gave (401) is 502 for the page and a message for the integrator: the page reads 401 and 403 as its own backend refusing the user', async () => {
    const instance = await createInstance(server.url);
    const { handler, errors } = relayFor(server.url, { [instance.idInstance]: 'f'.repeat(50) });
    const answer = await call(handler, `/waInstance${instance.idInstance}/qr`);
    assert.deepEqual([answer.status, answer.text], [502, '']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 'instance-record-unusable');
    assert.match(errors[0].message, /HTTP 401/);
    assert.ok(!errors[0].message.includes('f'.repeat(50)));
  });
});

describe('refusals that reach nothing upstream', () => {
  test('an instance resolveInstance does not allow: 403', async () => {
    const instance = await createInstance(server.url);
    const { handler, resolved } = relayFor(server.url, {});
    const answer = await call(handler, `/waInstance${instance.idInstance}/qr`);
    assert.equal(answer.status, 403);
    assert.equal(resolved.length, 1);
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('resolveInstance throws: a bare 500 that carries nothing of the error', async () => {
    const instance = await createInstance(server.url);
    const handler = createQrProxy({
      resolveInstance: () => {
        throw new Error(`database password hunter2 for ${instance.apiTokenInstance}`);
      },
    });
    const answer = await call(handler, `/waInstance${instance.idInstance}/qr`);
    assert.equal(answer.status, 500);
    assert.equal(answer.text, '');
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('resolveInstance gives an unusable host or token: a bare 500', async () => {
    const instance = await createInstance(server.url);
    for (const resolved of [
      { apiUrl: 'ftp://x', apiTokenInstance: instance.apiTokenInstance },
      { apiUrl: server.url, apiTokenInstance: 'a/b' },
      { apiUrl: server.url },
    ]) {
      const handler = createQrProxy({ resolveInstance: () => /** @type {any} */ (resolved) });
      const answer = await call(handler, `/waInstance${instance.idInstance}/qr`);
      assert.equal(answer.status, 500, JSON.stringify(resolved));
      assert.equal(answer.text, '');
    }
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('methods the element does not use answer 404, whatever their spelling', async () => {
    const { instance, handler, resolved } = await linkable();
    for (const method of ['sendMessage', 'reboot', 'setSettings', 'QR', 'Logout', 'getstateinstance', '']) {
      const answer = await call(handler, `/waInstance${instance.idInstance}/${method}`);
      assert.equal(answer.status, 404, method);
    }
    assert.equal(resolved.length, 0);
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('a method with the wrong verb answers 405 with Allow', async () => {
    const { instance, handler } = await linkable();
    const post = await call(handler, `/waInstance${instance.idInstance}/qr`, { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    const get = await call(handler, `/waInstance${instance.idInstance}/getAuthorizationCode`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('path tricks: dot segments, encoded slashes, double encoding, extra segments, a non-digit id', async () => {
    const { instance, handler, resolved } = await linkable();
    const id = instance.idInstance;
    const tricks = {
      [`/waInstance${id}/qr/..`]: 404,
      [`/waInstance${id}/qr/${instance.apiTokenInstance}`]: 404,
      [`/waInstance${id}/qr/`]: 404,
      [`/waInstance${id}%2Fqr`]: 404,
      [`/waInstance${id}/qr%2F..%2FsendMessage`]: 404,
      [`/waInstance${id}/%71r`]: 200,
      [`/waInstance${id}/qr%252F`]: 404,
      [`/waInstance${id}%2F..%2F1/qr`]: 400,
      [`/waInstance${id}x/qr`]: 400,
      [`/waInstance-1/qr`]: 400,
      [`/waInstance12345678901/qr`]: 400,
      [`/waInstance/qr`]: 400,
      [`/waInstance${id}/q%ZZ`]: 400,
      [`/qr`]: 404,
    };
    for (const [path, status] of Object.entries(tricks)) {
      assert.equal((await call(handler, path)).status, status, path);
    }
    assert.deepEqual(
      resolved.map((r) => r.idInstance),
      [id],
      'only the plainly encoded `qr` reached resolveInstance',
    );
    assert.deepEqual(
      (await upstreamRequests(id)).map((r) => r.method),
      ['qr'],
    );
  });

  test('getAuthorizationCode takes only {"phoneNumber": digits} as JSON, of at most 1 KB', async () => {
    const { instance, handler, resolved } = await linkable();
    const post = (body, contentType = 'application/json') =>
      call(handler, `/waInstance${instance.idInstance}/getAuthorizationCode`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    assert.equal((await post('{"phoneNumber": 79001234567, "extra": 1}')).status, 400);
    assert.equal((await post('{"phoneNumber": "+7 900"}')).status, 400);
    assert.equal((await post('not json')).status, 400);
    assert.equal((await post('{"phoneNumber": 79001234567}', 'text/plain')).status, 415);
    assert.equal((await post(JSON.stringify({ phoneNumber: 79001234567, pad: 'x'.repeat(2000) }))).status, 413);
    assert.equal(resolved.length, 0);
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });

  test('getAuthorizationCode takes only a number GREEN-API can take: 7 to 15 digits, the first not 0', async () => {
    const { instance, handler, resolved } = await linkable({ stateInstance: 'notAuthorized' });
    const post = (body) =>
      call(handler, `/waInstance${instance.idInstance}/getAuthorizationCode`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const outsideTheRule = [12, 123456, 1234567890123456, 0, -79001234567, 7900123456.5];
    for (const body of outsideTheRule.map((phoneNumber) => `{"phoneNumber": ${phoneNumber}}`)) {
      const answer = await post(body);
      assert.equal(answer.status, 400, body);
      assert.match(answer.text, /phoneNumber/, `${body}: the reason says what the body must be`);
    }
    assert.equal(resolved.length, 0, 'nothing reached resolveInstance');
    assert.deepEqual(await upstreamRequests(instance.idInstance), [], 'nothing went upstream');
    assert.equal((await post('{"phoneNumber": 1234567}')).status, 200, 'and 7 digits are taken');
  });

  test('a plain GET of scanqrcode asks for an upgrade (426) instead of going upstream', async () => {
    const { instance, handler } = await linkable();
    const answer = await call(handler, `/waInstance${instance.idInstance}/scanqrcode`);
    assert.equal(answer.status, 426);
    assert.deepEqual(await upstreamRequests(instance.idInstance), []);
  });
});
