// Linking by phone number: GREEN-API getAuthorizationCode, the control API's enter-code (the
// user typing the code on the phone), code expiry, the modelled abuse problems of
// green-api/issues#460 and #518, and the pairingFails switch. Also the instance states the
// control API can put an instance in, as getStateInstance, getWaSettings and this method see
// them. Each test runs its own emulator, so the tests can run side by side (the 1/s rate
// limit makes some of them wait).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { ABUSE_MAX_CODES, ABUSE_WINDOW_MS, PairingCodes } from '../../src/emulator/pairing-code.js';
import { Instance } from '../../src/emulator/instances.js';
import { callApi, control, createInstance, sleep, waitFor, withEmulator } from './helpers.mjs';

/** @typedef {{ idInstance: string, apiTokenInstance: string }} Credentials */

const PHONE = 79001234567;
const CODE_FORMAT = /^[A-Z0-9]{8}$/;
const VALIDATION_FAILED = { message: 'Bad Request Validation failed' };
const STARTING = { message: 'instance in starting process try later' };

/** @type {import('../../src/emulator/instance-config.js').InstanceOptions} */
const INSTANCE_OPTIONS = {
  qrRotateMs: 20000,
  logoutProcessMs: 1500,
  scanTimeoutMs: 100000,
  closeGraceMs: 5000,
  wsTimeoutType: 'timeoutExpired',
  pairingCodeTtlMs: 150000,
  startingAfterAbuseMs: 600000,
};

/**
 * POST getAuthorizationCode. `raw` replaces the JSON body; `contentType: null` lets fetch pick
 * its default (text/plain for a string body).
 * @param {string} url
 * @param {Credentials} instance
 * @param {{ body?: unknown, raw?: string, contentType?: string | null }} [options]
 */
function requestCode(url, instance, { body = { phoneNumber: PHONE }, raw, contentType = 'application/json' } = {}) {
  return callApi(url, instance, 'getAuthorizationCode', {
    method: 'POST',
    headers: contentType === null ? {} : { 'Content-Type': contentType },
    body: raw ?? JSON.stringify(body),
  });
}

/**
 * @param {string} url
 * @param {string} idInstance
 * @param {string} code
 */
function enterCode(url, idInstance, code) {
  return control(url, `/instances/${idInstance}/enter-code`, { body: { code } });
}

/**
 * @param {string} url
 * @param {string} idInstance
 */
async function summaryOf(url, idInstance) {
  return (await control(url, `/instances/${idInstance}`)).json;
}

// One outer suite so that the inner ones run side by side too.
describe('phone-number linking', { concurrency: true }, () => {
  describe('getAuthorizationCode', { concurrency: true }, () => {
    test('notAuthorized → {status: true, code} with 8 uppercase letters and digits, valid ≈2.5 min', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        assert.deepEqual(
          (await summaryOf(url, instance.idInstance)).pairing,
          { code: null, expiresAt: null, requests: 0, wrongEntries: 0, phoneNumber: null },
          'empty before first use',
        );
        const before = Date.now();
        const res = await requestCode(url, instance);
        assert.equal(res.status, 200);
        assert.deepEqual(Object.keys(res.json).sort(), ['code', 'status']);
        assert.equal(res.json.status, true);
        assert.match(res.json.code, CODE_FORMAT);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        const { pairing } = await summaryOf(url, instance.idInstance);
        assert.deepEqual(
          { ...pairing, expiresAt: 0 },
          { code: res.json.code, expiresAt: 0, requests: 1, wrongEntries: 0, phoneNumber: PHONE },
          'the number the request asked for, as its JSON gave it',
        );
        assert.ok(pairing.expiresAt >= before + 150000 && pairing.expiresAt <= Date.now() + 150000);
      });
    });

    test('an invalid body → 400 "Bad Request Validation failed"', async () => {
      await withEmulator({}, async ({ url }) => {
        /** @type {Array<[string, Parameters<typeof requestCode>[2]]>} */
        const cases = [
          ['not JSON', { raw: '{phoneNumber: 1' }],
          ['empty body', { raw: '' }],
          ['a JSON array', { raw: '[79001234567]' }],
          ['no phoneNumber', { body: { phone: PHONE } }],
          ['phoneNumber as a string', { body: { phoneNumber: '79001234567' } }],
          ['phoneNumber with a +', { body: { phoneNumber: '+79001234567' } }],
          ['a fraction', { body: { phoneNumber: 7900123456.5 } }],
          ['a negative number', { body: { phoneNumber: -79001234567 } }],
          ['too few digits (6)', { body: { phoneNumber: 123456 } }],
          ['too many digits (16)', { body: { phoneNumber: 1234567890123456 } }],
          ['not declared as JSON', { contentType: null }],
        ];
        for (const [label, options] of cases) {
          // A fresh instance per case: each gets its own 1/s window.
          const res = await requestCode(url, await createInstance(url), options);
          assert.deepEqual([res.status, res.json], [400, VALIDATION_FAILED], label);
        }
        const shortest = await requestCode(url, await createInstance(url), { body: { phoneNumber: 6831234 } });
        assert.equal(shortest.json.status, true, '7 digits are enough');
        const charset = await requestCode(url, await createInstance(url), { contentType: 'application/json; charset=utf-8' });
        assert.equal(charset.json.status, true);
      });
    });

    test('only POST; limited to 1/s per instance', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        assert.equal((await callApi(url, instance, 'getAuthorizationCode')).status, 404, 'GET');
        const [first, second] = await Promise.all([requestCode(url, instance), requestCode(url, instance)]);
        assert.deepEqual([first.status, second.status].sort(), [200, 429]);
        assert.equal((await requestCode(url, await createInstance(url))).status, 200, 'other instances have their own window');
      });
    });

    test('CORS: the preflight for a JSON POST passes, and the answer is readable', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        const path = `/waInstance${instance.idInstance}/getAuthorizationCode/${instance.apiTokenInstance}`;
        const preflight = await fetch(`${url}${path}`, {
          method: 'OPTIONS',
          headers: { Origin: 'http://page.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
        assert.ok((preflight.headers.get('access-control-allow-methods') ?? '').split(',').includes('POST'));
        const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
        assert.ok(allowed.includes('content-type'));
        const res = await requestCode(url, instance);
        assert.equal(res.headers.get('access-control-allow-origin'), '*');
        assert.deepEqual((await summaryOf(url, instance.idInstance)).stats.requests, { getAuthorizationCode: 1 }, 'the preflight is not counted');
      });
    });

    test('{status: false, code: ""} when the instance cannot pair; 400 while it starts or is being created', async () => {
      await withEmulator({ logoutProcessMs: 5000 }, async ({ url }) => {
        for (const stateInstance of ['authorized', 'blocked', 'yellowCard', 'sleepMode']) {
          const res = await requestCode(url, await createInstance(url, { stateInstance }));
          assert.deepEqual([res.status, res.json], [200, { status: false, code: '' }], String(stateInstance));
        }
        const stale = await createInstance(url);
        await control(url, `/instances/${stale.idInstance}/state`, { body: { needsLogout: true } });
        assert.deepEqual((await requestCode(url, stale)).json, { status: false, code: '' }, 'needsLogout');
        for (const stateInstance of ['starting', null]) {
          const starting = await requestCode(url, await createInstance(url, { stateInstance }));
          assert.deepEqual([starting.status, starting.json], [400, STARTING], String(stateInstance));
        }
        const loggingOut = await createInstance(url, { stateInstance: 'authorized' });
        await callApi(url, loggingOut, 'logout');
        assert.deepEqual((await requestCode(url, loggingOut)).json, STARTING, 'during the logout process');
      });
    });

    test('pairingFails switch → {status: false, code: ""} until switched off', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        const path = `/instances/${instance.idInstance}/state`;
        assert.equal((await control(url, path, { body: { pairingFails: true } })).status, 200);
        assert.equal((await control(url, path)).json.pairingFails, true);
        assert.deepEqual((await requestCode(url, instance)).json, { status: false, code: '' });
        await control(url, path, { body: { pairingFails: false } });
        await sleep(1000);
        assert.equal((await requestCode(url, instance)).json.status, true);
        assert.equal((await control(url, path, { body: { pairingFails: 'yes' } })).status, 400);
      });
    });
  });

  describe('enter-code (the user types the code on the phone)', { concurrency: true }, () => {
    test('the right code links the instance, in any case and with a dash; an open socket gets accountData', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/waInstance${instance.idInstance}/scanqrcode/${instance.apiTokenInstance}`);
        /** @type {Array<{ type: string }>} */
        const frames = [];
        socket.on('message', (data) => frames.push(JSON.parse(String(data))));
        await waitFor(async () => frames.length === 1);

        const { code } = (await requestCode(url, instance)).json;
        const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
        const res = await enterCode(url, instance.idInstance, typed);
        assert.deepEqual([res.status, res.json], [200, { stateInstance: 'authorized' }]);
        assert.deepEqual((await callApi(url, instance, 'getStateInstance')).json, { stateInstance: 'authorized' });
        await waitFor(async () => frames.length === 2);
        assert.equal(frames[1].type, 'accountData');
        socket.close();
        assert.equal((await summaryOf(url, instance.idInstance)).pairing.code, null, 'a code links once');
        assert.equal((await enterCode(url, instance.idInstance, code)).status, 409, 'already authorized');
      });
    });

    test('a wrong code → 409 and is remembered; the next request puts the instance into starting (#518)', async () => {
      await withEmulator({ startingAfterAbuseMs: 300 }, async ({ url }) => {
        const instance = await createInstance(url);
        await requestCode(url, instance);
        const wrong = await enterCode(url, instance.idInstance, 'AAAA0000');
        assert.deepEqual([wrong.status, wrong.json], [409, { error: 'wrong pairing code' }]);
        assert.equal((await summaryOf(url, instance.idInstance)).pairing.wrongEntries, 1);
        assert.equal((await callApi(url, instance, 'getStateInstance')).json.stateInstance, 'notAuthorized');

        await sleep(1000);
        assert.deepEqual((await requestCode(url, instance)).json, STARTING);
        assert.deepEqual((await callApi(url, instance, 'getStateInstance')).json, { stateInstance: 'starting' });
        assert.equal((await callApi(url, instance, 'qr')).status, 400);

        await waitFor(async () => (await summaryOf(url, instance.idInstance)).stateInstance === 'notAuthorized', 2000);
        assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode', 'back to normal after startingAfterAbuseMs');
      });
    });

    test('an expired code → 409 "pairing code expired", counted as a wrong entry', async () => {
      await withEmulator({ pairingCodeTtlMs: 100 }, async ({ url }) => {
        const instance = await createInstance(url);
        const { code } = (await requestCode(url, instance)).json;
        await sleep(150);
        const res = await enterCode(url, instance.idInstance, code);
        assert.deepEqual([res.status, res.json], [409, { error: 'pairing code expired' }]);
        const summary = await summaryOf(url, instance.idInstance);
        assert.equal(summary.stateInstance, 'notAuthorized');
        assert.equal(summary.pairing.wrongEntries, 1);
      });
    });

    test('no code requested, bad input, unknown instance', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        assert.equal((await enterCode(url, instance.idInstance, 'ABCD1234')).status, 409);
        assert.equal((await control(url, `/instances/${instance.idInstance}/enter-code`, { body: { code: 12345678 } })).status, 400);
        assert.equal((await control(url, `/instances/${instance.idInstance}/enter-code`, { body: { code: 'x', extra: 1 } })).status, 400);
        assert.equal((await enterCode(url, '5550001', 'ABCD1234')).status, 404);
      });
    });
  });

  describe('code-request abuse (#460) and the strictPairing switch', { concurrency: true }, () => {
    // Over HTTP the 1/s limit makes every extra request cost a second, so the repeated-requests
    // rule is checked on the instance model with a synthetic clock, and over HTTP only once.
    test(`strict (default): a code request ${ABUSE_MAX_CODES + 1} within 60 s → starting (model, synthetic clock)`, () => {
      const instance = new Instance('1101000002', 'token', INSTANCE_OPTIONS);
      // Based on the real clock: the instance ends its `starting` by comparing with Date.now().
      const t0 = Date.now();
      for (let i = 0; i < ABUSE_MAX_CODES; i += 1) assert.equal(instance.requestPairingCode(PHONE, t0 + i * 1000).outcome, 'code');
      assert.equal(instance.requestPairingCode(PHONE, t0 + ABUSE_MAX_CODES * 1000).outcome, 'starting');
      assert.equal(instance.stateInstance, 'starting');
      assert.equal(instance.pairing.requests, ABUSE_MAX_CODES + 1);
    });

    test('strictPairing: false → repeated requests keep getting codes (model, synthetic clock)', () => {
      const instance = new Instance('1101000003', 'token', INSTANCE_OPTIONS);
      instance.setState({ strictPairing: false }, 0);
      for (let i = 0; i <= ABUSE_MAX_CODES * 2; i += 1) assert.equal(instance.requestPairingCode(PHONE, i * 1000).outcome, 'code');
      assert.equal(instance.stateInstance, 'notAuthorized');
    });

    test('strictPairing: false over HTTP → a wrong code does not cause starting either', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url);
        const state = await control(url, `/instances/${instance.idInstance}/state`, { body: { strictPairing: false } });
        assert.equal(state.status, 200);
        assert.equal((await control(url, `/instances/${instance.idInstance}/state`)).json.strictPairing, false);
        await requestCode(url, instance);
        assert.equal((await enterCode(url, instance.idInstance, 'WRONG123')).status, 409);
        await sleep(1000);
        assert.equal((await requestCode(url, instance)).json.status, true);
        assert.equal((await summaryOf(url, instance.idInstance)).stateInstance, 'notAuthorized');
      });
    });

    test('the abuse rule on a synthetic clock', () => {
      const codes = new PairingCodes(150000);
      for (let i = 0; i < ABUSE_MAX_CODES; i += 1) {
        assert.equal(codes.isAbuse(i * 1000), false);
        codes.issue(i * 1000);
      }
      assert.equal(codes.isAbuse(ABUSE_WINDOW_MS - 1), true, 'the first code is still inside the window');
      assert.equal(codes.isAbuse(ABUSE_WINDOW_MS), false, 'the first code has left the window');
      const last = /** @type {string} */ (codes.code);
      assert.equal(codes.enter('nope', ABUSE_WINDOW_MS), 'wrong');
      assert.equal(codes.isAbuse(ABUSE_WINDOW_MS), true, 'a wrong entry makes the next request abuse');
      assert.equal(codes.enter(last.toLowerCase(), 2000 + 150000 - 1), 'accepted', 'still valid 1 ms before expiry');
      codes.forgetAbuse();
      assert.equal(codes.isAbuse(ABUSE_WINDOW_MS), false);
      assert.equal(codes.enter(last, 0), 'wrong', 'a used code is gone');
    });
  });

  describe('instance states on demand (POST /state) as the account methods see them', { concurrency: true }, () => {
    test('getStateInstance reports every documented value, SDK-only values, null and unknown names', async () => {
      await withEmulator({}, async ({ url }) => {
        const states = ['notAuthorized', 'authorized', 'blocked', 'sleepMode', 'starting', 'yellowCard', 'suspended', 'pendingCode', 'somethingNew'];
        for (const stateInstance of [...states, null]) {
          // A fresh instance per value: getStateInstance is limited to 1/s per instance.
          const instance = await createInstance(url, { stateInstance: stateInstance === 'notAuthorized' ? 'authorized' : 'notAuthorized' });
          const set = await control(url, `/instances/${instance.idInstance}/state`, { body: { stateInstance } });
          assert.equal(set.status, 200);
          const res = await callApi(url, instance, 'getStateInstance');
          if (stateInstance === null) assert.equal(res.text, 'null');
          else assert.deepEqual(res.json, { stateInstance }, stateInstance);
        }
      });
    });

    test('getWaSettings when authorized: the documented fields only, phone and a real avatar', async () => {
      await withEmulator({}, async ({ url }) => {
        const instance = await createInstance(url, { stateInstance: 'authorized' });
        const { json } = await callApi(url, instance, 'getWaSettings');
        assert.deepEqual(Object.keys(json).sort(), [
          'avatar',
          'base64Avatar',
          'chatId',
          'deviceId',
          'historySyncProgress',
          'logoutProcess',
          'phone',
          'stateInstance',
        ]);
        assert.equal(json.phone, '79001234567');
        const avatar = await fetch(json.avatar);
        assert.equal(avatar.headers.get('content-type'), 'image/png');
        assert.equal(Buffer.from(await avatar.arrayBuffer()).toString('base64'), json.base64Avatar);
      });
    });

    test('logout: a short logoutProcess during which getWaSettings says so and qr answers starting', async () => {
      await withEmulator({ logoutProcessMs: 300 }, async ({ url }) => {
        const instance = await createInstance(url, { stateInstance: 'authorized' });
        assert.deepEqual((await callApi(url, instance, 'logout')).json, { isLogout: true });
        assert.equal((await callApi(url, instance, 'getWaSettings')).json.logoutProcess, true);
        assert.deepEqual((await callApi(url, instance, 'qr')).json, STARTING);
        await waitFor(async () => !(await summaryOf(url, instance.idInstance)).logoutProcess, 2000);
        assert.equal((await callApi(url, instance, 'qr')).json.type, 'qrCode');
        await sleep(1000);
        assert.equal((await callApi(url, instance, 'getWaSettings')).json.logoutProcess, false);
      });
    });
  });
});
