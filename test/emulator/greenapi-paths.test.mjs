// The GREEN-API side: paths, auth errors, method answers per state, getWaSettings and logout.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { startEmulator } from '../../src/emulator/server.js';
import { LINKED_STATES, STARTING_TEXT } from '../../src/protocol/index.js';
import { DEMO_INSTANCE, callApi, control, createInstance, useEmulator, waitFor } from './helpers.mjs';

const LOGOUT_PROCESS_MS = 1000;
const server = useEmulator({ logoutProcessMs: LOGOUT_PROCESS_MS });

describe('routing and authentication', () => {
  test('the seeded demo instance answers getStateInstance', async () => {
    const res = await callApi(server.url, DEMO_INSTANCE, 'getStateInstance');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(res.json, { stateInstance: 'notAuthorized' });
  });

  test('method names are case-insensitive', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await callApi(server.url, instance, 'QR')).json.type, 'qrCode');
    assert.deepEqual((await callApi(server.url, instance, 'GetStateInstance')).json, { stateInstance: 'notAuthorized' });
    assert.equal((await callApi(server.url, instance, 'GETWASETTINGS')).json.stateInstance, 'notAuthorized');
    assert.deepEqual((await callApi(server.url, instance, 'Logout')).json, { isLogout: true });
  });

  test('unknown idInstance → 403 Forbidden (plain text)', async () => {
    const res = await callApi(server.url, { idInstance: '9999999999', apiTokenInstance: DEMO_INSTANCE.apiTokenInstance }, 'qr');
    assert.equal(res.status, 403);
    assert.equal(res.text, 'Forbidden');
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  });

  test('known id with a wrong token → 401 Unauthorized (plain text)', async () => {
    const res = await callApi(server.url, { idInstance: DEMO_INSTANCE.idInstance, apiTokenInstance: 'a'.repeat(50) }, 'qr');
    assert.equal(res.status, 401);
    assert.equal(res.text, 'Unauthorized');
  });

  test('unknown method and wrong HTTP verb → 404', async () => {
    const instance = await createInstance(server.url);
    assert.equal((await callApi(server.url, instance, 'sendMessage')).status, 404);
    assert.equal((await callApi(server.url, instance, 'qr', { method: 'POST' })).status, 404);
    assert.equal((await callApi(server.url, instance, 'getStateInstance', { method: 'DELETE' })).status, 404);
  });

  test('logout also accepts POST', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    const res = await callApi(server.url, instance, 'logout', { method: 'POST', body: '{}' });
    assert.deepEqual(res.json, { isLogout: true });
  });

  test('an apiUrl with a trailing slash still works (slashes are merged, as nginx does)', async () => {
    const instance = await createInstance(server.url);
    const res = await fetch(`${server.url}//waInstance${instance.idInstance}//getStateInstance/${instance.apiTokenInstance}`);
    assert.equal(res.status, 200);
  });

  test('paths that are neither GREEN-API nor control → 404', async () => {
    for (const path of ['/', '/waInstance1101000001/qr', '/favicon.ico']) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
    }
  });
});

describe('qr answers per instance state', () => {
  /**
   * @param {string | null} stateInstance
   * @param {boolean} [needsLogout]
   */
  async function qrFor(stateInstance, needsLogout = false) {
    const instance = await createInstance(server.url, { stateInstance });
    if (needsLogout) await control(server.url, `/instances/${instance.idInstance}/state`, { body: { needsLogout } });
    return callApi(server.url, instance, 'qr');
  }

  test('notAuthorized → qrCode with a bare base64 PNG', async () => {
    const res = await qrFor('notAuthorized');
    assert.equal(res.status, 200);
    assert.equal(res.json.type, 'qrCode');
    assert.doesNotMatch(res.json.message, /^data:/);
    assert.ok(Buffer.from(res.json.message, 'base64').subarray(1, 4).equals(Buffer.from('PNG')));
  });

  test('every linked state (authorized, yellowCard, sleepMode: LINKED_STATES) → alreadyLogged', async () => {
    for (const state of LINKED_STATES) {
      assert.deepEqual((await qrFor(state)).json, { type: 'alreadyLogged', message: 'instance account already authorized' }, String(state));
    }
  });

  test('needsLogout → error asking for logout', async () => {
    const res = await qrFor('notAuthorized', true);
    assert.deepEqual(res.json, { type: 'error', message: 'Instance has auth. You need to make log out' });
  });

  test('starting, and null (being created) → HTTP 400 with the documented JSON message', async () => {
    for (const state of ['starting', null]) {
      const res = await qrFor(state);
      assert.equal(res.status, 400, String(state));
      assert.deepEqual(res.json, { message: 'instance in starting process try later' }, String(state));
      assert.match(res.json.message, STARTING_TEXT);
    }
  });

  test('other states → error "instance is <state>"', async () => {
    for (const state of ['blocked', 'suspended', 'pendingCode', 'someNewState']) {
      assert.deepEqual((await qrFor(state)).json, { type: 'error', message: `instance is ${state}` }, String(state));
    }
  });

  test('getStateInstance of an instance still being created → body null', async () => {
    const instance = await createInstance(server.url, { stateInstance: null });
    const res = await callApi(server.url, instance, 'getStateInstance');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'null');
  });
});

describe('getWaSettings', () => {
  test('not authorized → account fields are empty strings', async () => {
    const instance = await createInstance(server.url);
    const res = await callApi(server.url, instance, 'getWaSettings');
    assert.deepEqual(res.json, {
      avatar: '',
      base64Avatar: '',
      chatId: '',
      phone: '',
      stateInstance: 'notAuthorized',
      deviceId: '',
      logoutProcess: false,
      historySyncProgress: 0,
    });
  });

  test('authorized → phone, ids and an avatar that is a real PNG served by the emulator', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    const { json } = await callApi(server.url, instance, 'getWaSettings');
    assert.equal(json.phone, '79001234567');
    assert.equal(json.chatId, '79001234567@c.us');
    assert.match(json.deviceId, /^79001234567:\d+@s\.whatsapp\.net$/);
    assert.equal(json.stateInstance, 'authorized');
    assert.equal(json.logoutProcess, false);
    assert.equal(typeof json.historySyncProgress, 'number');
    assert.equal('name' in json, false);
    assert.equal(json.avatar, `${server.url}/_emulator/avatar/${instance.idInstance}.png`);

    const avatarRes = await fetch(json.avatar);
    assert.equal(avatarRes.status, 200);
    assert.equal(avatarRes.headers.get('content-type'), 'image/png');
    assert.equal(avatarRes.headers.get('access-control-allow-origin'), '*');
    const bytes = Buffer.from(await avatarRes.arrayBuffer());
    assert.equal(bytes.toString('base64'), json.base64Avatar);
    const image = PNG.sync.read(bytes);
    assert.deepEqual([image.width, image.height], [96, 96]);
  });

  test('the avatar of an unknown instance → 404', async () => {
    assert.equal((await fetch(`${server.url}/_emulator/avatar/42.png`)).status, 404);
  });
});

describe('logout', () => {
  test('unlinks, reports logoutProcess for a while (qr answers "starting"), then offers a new QR', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    await control(server.url, `/instances/${instance.idInstance}/state`, { body: { needsLogout: true } });
    const before = (await control(server.url, `/instances/${instance.idInstance}`)).json.qr.payload;

    assert.deepEqual((await callApi(server.url, instance, 'logout')).json, { isLogout: true });
    assert.deepEqual((await callApi(server.url, instance, 'getStateInstance')).json, { stateInstance: 'notAuthorized' });
    const settings = (await callApi(server.url, instance, 'getWaSettings')).json;
    assert.equal(settings.logoutProcess, true);
    assert.equal(settings.phone, '');
    const during = await callApi(server.url, instance, 'qr');
    assert.equal(during.status, 400);
    assert.deepEqual(during.json, { message: 'instance in starting process try later' });

    const summary = (await control(server.url, `/instances/${instance.idInstance}`)).json;
    assert.equal(summary.needsLogout, false);
    assert.equal(summary.logoutProcess, true);
    assert.notEqual(summary.qr.payload, before, 'a new pairing session starts');

    await waitFor(async () => !(await control(server.url, `/instances/${instance.idInstance}`)).json.logoutProcess, LOGOUT_PROCESS_MS + 2000);
    assert.equal((await callApi(server.url, instance, 'qr')).json.type, 'qrCode');
  });

  test('the cleanup ends at once with the control switch logoutProcess: false, and a code is offered', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    await callApi(server.url, instance, 'logout');
    assert.equal((await callApi(server.url, instance, 'getWaSettings')).json.logoutProcess, true);
    const ended = await control(server.url, `/instances/${instance.idInstance}/state`, { body: { logoutProcess: false } });
    assert.equal(ended.json.logoutProcess, false);
    assert.equal((await callApi(server.url, instance, 'qr')).json.type, 'qrCode');
    const refused = await control(server.url, `/instances/${instance.idInstance}/state`, { body: { logoutProcess: true } });
    assert.equal(refused.status, 400, 'a cleanup can only be ended, not started');
  });
});

describe('token hygiene', () => {
  test('no response body or header ever contains the token', async () => {
    const instance = await createInstance(server.url, { stateInstance: 'authorized' });
    const wrong = { idInstance: instance.idInstance, apiTokenInstance: 'f'.repeat(50) };
    const results = [
      await callApi(server.url, instance, 'getStateInstance'),
      await callApi(server.url, instance, 'getWaSettings'),
      await callApi(server.url, instance, 'qr'),
      await callApi(server.url, instance, 'nope'),
      await callApi(server.url, instance, 'getStateInstance'), // 429
      await callApi(server.url, wrong, 'qr'),
      await control(server.url, `/instances/${instance.idInstance}`),
      await control(server.url, `/instances/${instance.idInstance}/requests`),
      await control(server.url, '/instances'),
    ];
    for (const res of results) {
      const headerText = [...res.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      for (const token of [instance.apiTokenInstance, wrong.apiTokenInstance]) {
        assert.equal(res.text.includes(token), false, `body leaks a token: ${res.text.slice(0, 80)}`);
        assert.equal(headerText.includes(token), false, 'headers leak a token');
      }
    }
  });

  test('request log lines (quiet: false) redact the token', async (t) => {
    /** @type {string[]} */
    const lines = [];
    t.mock.method(console, 'log', (/** @type {string} */ line) => lines.push(line));
    const noisy = await startEmulator({ quiet: false });
    try {
      await callApi(noisy.url, DEMO_INSTANCE, 'getStateInstance');
      await callApi(noisy.url, { ...DEMO_INSTANCE, apiTokenInstance: 'e'.repeat(50) }, 'qr');
      await waitFor(async () => lines.length >= 2);
    } finally {
      await noisy.close();
    }
    assert.match(lines[0], /GET \/waInstance1101000001\/getStateInstance\/\*\*\* → 200/);
    assert.match(lines[1], /→ 401/);
    for (const line of lines) {
      assert.equal(line.includes(DEMO_INSTANCE.apiTokenInstance), false);
      assert.equal(line.includes('e'.repeat(50)), false);
    }
  });
});
