// The relay on Node's own http server: the (req, res) listener and the scanqrcode socket relay,
// end to end against the emulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import WebSocket from 'ws';
import { control, createInstance, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { createQrProxy, createSocketRelay, toNodeListener } from '../../src/server/index.js';

const emulator = useEmulator();
/** Instances this relay's users may link: id → token. */
const allowed = new Map();
/** @type {import('node:http').Server} */
let server;
/** @type {Awaited<ReturnType<typeof createSocketRelay>>} */
let sockets;
let base = '';

before(async () => {
  const resolveInstance = (request, idInstance) =>
    request.headers.get('cookie') === 'session=alice' && allowed.has(idInstance) ? { apiUrl: emulator.url, apiTokenInstance: allowed.get(idInstance) } : null;
  const listener = toNodeListener(createQrProxy({ resolveInstance }));
  sockets = await createSocketRelay({ resolveInstance });
  server = createServer((req, res) => (req.url?.startsWith('/api/whatsapp/') ? listener(req, res) : res.writeHead(404).end()));
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head) || socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  base = `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
after(async () => {
  sockets.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function linkable() {
  const instance = await createInstance(emulator.url);
  allowed.set(instance.idInstance, instance.apiTokenInstance);
  return instance;
}

/** Opens the relay's socket for `idInstance`; resolves with it once open, or with the refusal's status. */
function openSocket(idInstance, headers = { Cookie: 'session=alice' }) {
  const socket = new WebSocket(`ws://${base}/api/whatsapp/waInstance${idInstance}/scanqrcode`, { headers });
  /** @type {string[]} */
  const frames = [];
  socket.on('message', (data) => frames.push(data.toString()));
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ socket, frames, status: 101 }));
    socket.once('unexpected-response', (_request, response) => resolve({ socket, frames, status: response.statusCode }));
    socket.once('error', () => resolve({ socket, frames, status: 0 }));
  });
}

describe('toNodeListener', () => {
  test('serves the route on a Node http server, with the cookie reaching resolveInstance', async () => {
    const instance = await linkable();
    const ok = await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`, { headers: { Cookie: 'session=alice' } });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).type, 'qrCode');
    const stranger = await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`, { headers: { Cookie: 'session=mallory' } });
    assert.equal(stranger.status, 403);
  });

  test('a request body over 1 KB is refused with 413 before anything is asked', async () => {
    const instance = await linkable();
    const answer = await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/getAuthorizationCode`, {
      method: 'POST',
      headers: { Cookie: 'session=alice', 'Content-Type': 'application/json' },
      body: JSON.stringify({ phoneNumber: 1, pad: 'x'.repeat(5000) }),
    });
    assert.equal(answer.status, 413);
    assert.deepEqual((await control(emulator.url, `/instances/${instance.idInstance}/requests`)).json, []);
  });
});

describe('createSocketRelay', () => {
  test("passes GREEN-API's qr frames to the browser, and closing it closes the upstream socket", async () => {
    const instance = await linkable();
    const { socket, frames, status } = await openSocket(instance.idInstance);
    assert.equal(status, 101);
    await waitFor(async () => frames.length > 0);
    assert.equal(JSON.parse(frames[0]).type, 'qrCode');
    assert.ok(!frames[0].includes(instance.apiTokenInstance));
    const stats = async () => (await control(emulator.url, `/instances/${instance.idInstance}`)).json.stats.sockets;
    assert.equal((await stats()).open, 1);
    socket.close();
    await waitFor(async () => (await stats()).open === 0);
  });

  test('a user resolveInstance refuses gets 403 and no upstream socket', async () => {
    const instance = await linkable();
    const { status } = await openSocket(instance.idInstance, { Cookie: 'session=mallory' });
    assert.equal(status, 403);
    assert.equal((await control(emulator.url, `/instances/${instance.idInstance}`)).json.stats.sockets.opened, 0);
  });

  test('a page of another site is refused (403) even with the cookie: no cross-site socket hijacking', async () => {
    const instance = await linkable();
    const { status } = await openSocket(instance.idInstance, { Cookie: 'session=alice', Origin: 'https://evil.test' });
    assert.equal(status, 403);
    const same = await openSocket(instance.idInstance, { Cookie: 'session=alice', Origin: `http://${base}` });
    assert.equal(same.status, 101);
    same.socket.close();
  });

  test('GREEN-API refusing the socket reaches the browser as the same status, so the element falls back to polling', async () => {
    const instance = await linkable();
    await control(emulator.url, `/instances/${instance.idInstance}/state`, { body: { wsRefuse: true } });
    const { status } = await openSocket(instance.idInstance);
    assert.equal(status, 503);
  });

  test("GREEN-API closing the socket closes the browser's with the same code", async () => {
    const instance = await linkable();
    const { socket, frames } = await openSocket(instance.idInstance);
    await waitFor(async () => frames.length > 0);
    const closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
    await control(emulator.url, `/instances/${instance.idInstance}/ws`, { body: { action: 'close', code: 1011, reason: 'bye' } });
    assert.equal(await closed, 1011);
  });
});
