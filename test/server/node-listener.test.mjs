// The relay on Node's own http server: the (req, res) listener, end to end against the emulator.
// The scanqrcode socket relay's tests are in socket-relay.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { control, createInstance, useEmulator } from '../emulator/helpers.mjs';
import { createQrProxy, toNodeListener } from '../../src/server/index.js';

const emulator = useEmulator();
/** Instances this relay's users may link: id → token. */
const allowed = new Map();
/** @type {import('node:http').Server} */
let server;
let base = '';

async function linkable() {
  const instance = await createInstance(emulator.url);
  allowed.set(instance.idInstance, instance.apiTokenInstance);
  return instance;
}

describe('toNodeListener', () => {
  // Inside the block: the emulator's root hook has run by then.
  before(async () => {
    const resolveInstance = (request, idInstance) =>
      request.headers.get('cookie') === 'session=alice' && allowed.has(idInstance) ? { apiUrl: emulator.url, apiTokenInstance: allowed.get(idInstance) } : null;
    const listener = toNodeListener(createQrProxy({ resolveInstance, upstreamOrigins: [emulator.url] }));
    server = createServer((req, res) => (req.url?.startsWith('/api/whatsapp/') ? listener(req, res) : res.writeHead(404).end()));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    base = `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

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
