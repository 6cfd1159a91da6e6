// `POST {basePath}/webhook`: GREEN-API's stateInstanceChanged notification feeds onStateChange, for
// instances no page has open; nothing else does, and no request without the token reaches it. A real
// relay process for what a hostile sender may post; the handler in-process for the token function.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, waitFor } from '../emulator/helpers.mjs';
import { createQrProxy, MAX_WEBHOOK_BYTES } from '../../src/server/index.js';
import { MAX_REMEMBERED, MemoryLedger } from '../../src/server/state-ledger.js';
import { call } from './helpers.mjs';
import { startRelayProcess } from './relay-process.mjs';

const TOKEN = 'hook-7f3a9c2e51d04b8a';
const WID = '79001234567@c.us';

/** A stateInstanceChanged notification as GREEN-API posts it (idInstance a number). */
function stateNotification(idInstance, stateInstance, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    typeWebhook: 'stateInstanceChanged',
    instanceData: { idInstance: Number(idInstance), wid: stateInstance === 'authorized' ? WID : '', typeInstance: 'whatsapp' },
    timestamp,
    stateInstance,
  };
}

/** @type {Awaited<ReturnType<typeof startRelayProcess>>} */
let relay;
before(async () => {
  // No instance a page may open: the webhook needs none.
  relay = await startRelayProcess({ upstreamUrl: 'http://127.0.0.1:9', instances: {}, stateChanges: 'log', relayOptions: { webhookToken: TOKEN } });
});
after(() => relay.stop());

async function post(body, headers = { Authorization: `Bearer ${TOKEN}` }) {
  const response = await fetch(`${relay.url}/api/whatsapp/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

const told = (idInstance) => relay.changes.filter((change) => change.idInstance === idInstance);

describe('the webhook route in a relay process', () => {
  test('Bearer token: the change is told once with the account, for an instance no page has open; a retried notification is not told again', async () => {
    const notification = stateNotification('1101000101', 'authorized');
    assert.equal(await post(notification), 200);
    await waitFor(async () => told('1101000101').length === 1, 5000);
    const [change] = told('1101000101');
    assert.deepEqual(
      { ...change, at: undefined },
      { idInstance: '1101000101', stateInstance: 'authorized', account: { phone: '79001234567', wid: WID }, source: 'webhook', at: undefined },
    );
    assert.equal(Date.parse(change.at), notification.timestamp * 1000);
    assert.equal(await post(notification), 200);
    // A notification an hour old arrives late: stale, not told.
    assert.equal(await post(stateNotification('1101000101', 'notAuthorized', notification.timestamp - 3600)), 200);
    await sleep(100);
    assert.equal(told('1101000101').length, 1);
    assert.equal(await post(stateNotification('1101000101', 'notAuthorized')), 200);
    await waitFor(async () => told('1101000101').length === 2);
    assert.equal(told('1101000101')[1].previous, 'authorized');
  });

  test('the bare token is accepted too', async () => {
    assert.equal(await post(stateNotification('1101000102', 'blocked'), { Authorization: TOKEN }), 200);
    await waitFor(async () => told('1101000102').length === 1);
  });

  test('no token, a wrong one, another scheme: 401 and nothing told', async () => {
    const notification = stateNotification('1101000103', 'authorized');
    for (const headers of [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: `${TOKEN}x` },
      { Authorization: `Basic ${TOKEN}` },
      { Authorization: TOKEN.slice(1) },
    ]) {
      assert.equal(await post(notification, headers), 401, JSON.stringify(headers));
    }
    await sleep(100);
    assert.deepEqual(told('1101000103'), []);
  });

  test('a body over 64 KB is 413, one that is not JSON 400, a non-notification 400; 60 KB passes; the relay lives on', async () => {
    const padded = { ...stateNotification('1101000104', 'authorized'), padding: 'x'.repeat(MAX_WEBHOOK_BYTES) };
    assert.equal(await post(padded), 413);
    // Other notifications (an incoming message) may be far larger than a page's request.
    assert.equal(await post({ typeWebhook: 'incomingMessageReceived', padding: 'x'.repeat(60 * 1024) }), 200);
    assert.equal(await post('{"typeWebhook": '), 400);
    assert.equal(await post('[1,2]'), 400);
    assert.equal(await post({ ...stateNotification('1101000104', 'authorized'), instanceData: { idInstance: 'x' } }), 400);
    await sleep(100);
    assert.deepEqual(told('1101000104'), []);
    assert.ok(relay.alive());
  });

  test('any other notification is 200 at once and tells nothing; GET is 405', async () => {
    const message = {
      typeWebhook: 'incomingMessageReceived',
      instanceData: { idInstance: 1101000105, wid: WID, typeInstance: 'whatsapp' },
      timestamp: 1,
      idMessage: 'A1',
    };
    assert.equal(await post(message), 200);
    assert.equal((await fetch(`${relay.url}/api/whatsapp/webhook`)).status, 405);
    await sleep(100);
    assert.deepEqual(told('1101000105'), []);
    assert.deepEqual(relay.errors, []);
  });
});

describe('the webhook route in-process', () => {
  const resolveInstance = () => null;
  const webhook = (handler, body, headers = {}) => call(handler, '/webhook', { method: 'POST', headers, body: JSON.stringify(body) });

  test('without webhookToken the path is 404 as before; webhookToken needs onStateChange and a non-empty token', async () => {
    assert.equal((await webhook(createQrProxy({ resolveInstance, onStateChange: () => {} }), stateNotification('1', 'authorized'))).status, 404);
    assert.throws(() => createQrProxy({ resolveInstance, webhookToken: TOKEN }), TypeError);
    assert.throws(() => createQrProxy({ resolveInstance, onStateChange: () => {}, webhookToken: '' }), TypeError);
    assert.throws(() => createQrProxy({ resolveInstance, onStateChange: 'yes' }), TypeError);
  });

  test('a huge body without the token is 401, unread', async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(MAX_WEBHOOK_BYTES));
      },
    });
    const handler = createQrProxy({ resolveInstance, onStateChange: () => {}, webhookToken: TOKEN });
    const answer = await call(handler, '/webhook', { method: 'POST', headers: { Authorization: 'Bearer wrong' }, body, duplex: 'half' });
    assert.equal(answer.status, 401);
    assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
  });

  test("a token per instance: the instance's own passes, another's is 401; a throwing lookup is 500 and onError; cross-site headers change nothing", async () => {
    const changes = [];
    const errors = [];
    const tokens = { 1101000201: 'one-token', 1101000202: 'two-token' };
    const handler = createQrProxy({
      resolveInstance,
      onStateChange: (change) => changes.push(change),
      onError: (error) => errors.push(error),
      webhookToken: async (idInstance) => {
        if (idInstance === '1101000203') throw new Error('database down');
        return tokens[idInstance];
      },
    });
    const crossSite = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    assert.equal((await webhook(handler, stateNotification('1101000201', 'authorized'), { Authorization: 'Bearer one-token', ...crossSite })).status, 200);
    assert.equal((await webhook(handler, stateNotification('1101000202', 'authorized'), { Authorization: 'Bearer one-token' })).status, 401);
    assert.equal((await webhook(handler, stateNotification('1101000209', 'authorized'), { Authorization: 'Bearer one-token' })).status, 401);
    assert.equal((await webhook(handler, stateNotification('1101000203', 'authorized'), { Authorization: 'Bearer x' })).status, 500);
    assert.deepEqual(
      changes.map((change) => change.idInstance),
      ['1101000201'],
    );
    assert.deepEqual(
      errors.map((error) => error.code),
      ['webhook-token-failed'],
    );
  });

  test('a handler that rejects: 200 all the same, onError hears it, nothing unhandled', async () => {
    const errors = [];
    const handler = createQrProxy({
      resolveInstance,
      onStateChange: () => Promise.reject(new Error('database down')),
      onError: () => Promise.reject(new Error('and the logger too')).finally(() => errors.push('told')),
      webhookToken: TOKEN,
    });
    assert.equal((await webhook(handler, stateNotification('1101000301', 'authorized'), { Authorization: TOKEN })).status, 200);
    await waitFor(async () => errors.length === 1);
  });
});

describe('the in-memory ledger', () => {
  test(`remembers ${MAX_REMEMBERED} instances at most, the one heard of longest ago forgotten first`, async () => {
    const ledger = new MemoryLedger();
    const at = Date.now();
    for (let id = 0; id <= MAX_REMEMBERED; id++) await ledger.record(String(id), { stateInstance: 'authorized', at });
    assert.deepEqual(await ledger.record('1', { stateInstance: 'authorized', at }), { changed: false, previous: 'authorized' });
    assert.deepEqual(await ledger.record('0', { stateInstance: 'authorized', at }), { changed: true, previous: undefined });
  });

  test("alreadyLogged's authorized says nothing new after sleepMode; an older observation is stale", async () => {
    const ledger = new MemoryLedger();
    await ledger.record('7', { stateInstance: 'sleepMode', at: 2000 });
    assert.equal((await ledger.record('7', { stateInstance: 'authorized', at: 3000, covered: ['authorized', 'sleepMode'] })).changed, false);
    assert.equal((await ledger.record('7', { stateInstance: 'notAuthorized', at: 1000 })).changed, false);
    assert.equal((await ledger.record('7', { stateInstance: 'notAuthorized', at: 1000, toleranceMs: 1000 })).changed, false, 'the later 3000 counts');
    assert.deepEqual(await ledger.record('7', { stateInstance: 'notAuthorized', at: 3000 }), { changed: true, previous: 'sleepMode' });
  });
});
