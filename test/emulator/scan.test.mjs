// The phone-scan simulation: POST /_emulator/instances/{id}/scan links the instance, but only
// when a QR is actually on offer, and (if a payload is given) only for a code that could still
// be on screen.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PREVIOUS_CODE_GRACE_MS, QrSession } from '../../src/emulator/qr-session.js';
import { callApi, control, createInstance, decodeQrPng, useEmulator } from './helpers.mjs';

const server = useEmulator({ logoutProcessMs: 10000 }); // long: the test below must land inside it

/**
 * @param {string} idInstance
 * @param {Record<string, unknown>} [body]
 */
function scan(idInstance, body = {}) {
  return control(server.url, `/instances/${idInstance}/scan`, { body });
}

describe('scanning over the control API', () => {
  test('without a payload: the instance becomes authorized and qr says alreadyLogged', async () => {
    const instance = await createInstance(server.url);
    const res = await scan(instance.idInstance);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { stateInstance: 'authorized' });
    assert.deepEqual((await callApi(server.url, instance, 'getStateInstance')).json, { stateInstance: 'authorized' });
    assert.equal((await callApi(server.url, instance, 'qr')).json.type, 'alreadyLogged');
  });

  test('with the payload decoded from the served picture: accepted', async () => {
    const instance = await createInstance(server.url);
    const picture = (await callApi(server.url, instance, 'qr')).json.message;
    const payload = decodeQrPng(picture).text;
    assert.equal((await scan(instance.idInstance, { payload })).status, 200);
  });

  test('with an unknown payload: 409 "stale or unknown QR payload", state unchanged', async () => {
    const instance = await createInstance(server.url);
    const res = await scan(instance.idInstance, { payload: '2@nope,a,b,c' });
    assert.equal(res.status, 409);
    assert.deepEqual(res.json, { error: 'stale or unknown QR payload' });
    assert.equal((await control(server.url, `/instances/${instance.idInstance}`)).json.stateInstance, 'notAuthorized');
  });

  test('the previous code is still accepted right after a rotation, the one before it is not', async () => {
    const instance = await createInstance(server.url);
    const original = (await control(server.url, `/instances/${instance.idInstance}`)).json.qr.payload;
    const rotated = (await control(server.url, `/instances/${instance.idInstance}/rotate`, { body: {} })).json.payload;
    await control(server.url, `/instances/${instance.idInstance}/rotate`, { body: {} });
    assert.equal((await scan(instance.idInstance, { payload: original })).status, 409, 'two codes back');
    assert.equal((await scan(instance.idInstance, { payload: rotated })).status, 200, 'one code back, just replaced');
  });

  test('refused unless notAuthorized, without needsLogout and outside the logout process', async () => {
    const authorized = await createInstance(server.url, { stateInstance: 'authorized' });
    assert.equal((await scan(authorized.idInstance)).status, 409);

    const starting = await createInstance(server.url, { stateInstance: 'starting' });
    assert.equal((await scan(starting.idInstance)).status, 409);

    const stale = await createInstance(server.url);
    await control(server.url, `/instances/${stale.idInstance}/state`, { body: { needsLogout: true } });
    const staleRes = await scan(stale.idInstance);
    assert.equal(staleRes.status, 409);
    assert.match(staleRes.json.error, /logout/);

    const loggingOut = await createInstance(server.url, { stateInstance: 'authorized' });
    await callApi(server.url, loggingOut, 'logout');
    assert.equal((await scan(loggingOut.idInstance)).status, 409);
  });

  test('bad input → 400, unknown instance → 404', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await scan(instance.idInstance, { payload: 42 })).status, 400);
    assert.equal((await scan(instance.idInstance, { code: 'x' })).status, 400);
    assert.equal((await scan('123')).status, 404);
  });
});

describe('QrSession grace period (synthetic clock)', () => {
  test(`the replaced code counts as on screen for ${PREVIOUS_CODE_GRACE_MS} ms only`, () => {
    const session = new QrSession(20000, 0);
    const first = session.codeAt(0).payload;
    session.rotateNow(5000);
    const second = session.codeAt(5000).payload;
    assert.equal(session.accepts(second, 5000), true);
    assert.equal(session.accepts(first, 5000 + PREVIOUS_CODE_GRACE_MS - 1), true);
    assert.equal(session.accepts(first, 5000 + PREVIOUS_CODE_GRACE_MS), false);
  });

  test('a scheduled rotation starts the grace period at the rotation time, not at the next look', () => {
    const session = new QrSession(1000, 0);
    const first = session.codeAt(0).payload;
    assert.equal(session.accepts(first, 2999), false, 'two rotations passed unseen: not remembered');
    const third = new QrSession(5000, 0);
    const old = third.codeAt(0).payload;
    assert.equal(third.accepts(old, 6999), true, 'replaced at 5000, still on screen at 6999');
    assert.equal(third.accepts(old, 7000), false);
  });
});
