// The relay as an attacker meets it: its own process on plain node:http (createQrProxy behind
// toNodeListener, createSocketRelay on `upgrade`), fed requests no browser would send. Each test
// ends by checking the process is alive and still serves a good request, so a crash fails it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInstance, useEmulator } from '../emulator/helpers.mjs';
import { askOddRequests, README_ODD_REQUESTS } from './odd-requests.mjs';
import { rawExchange, SIGNED_IN, startRelayProcess } from './relay-process.mjs';

const emulator = useEmulator();
/** @type {Awaited<ReturnType<typeof startRelayProcess>>} */
let relay;
/** @type {{ idInstance: string, apiTokenInstance: string }} */
let instance;

/** Starts the relay process for the enclosing describe block (the emulator's root hook has run by then). */
function useRelayProcess() {
  before(async () => {
    instance = await createInstance(emulator.url, { rateLimits: false });
    relay = await startRelayProcess({ upstreamUrl: emulator.url, instances: { [instance.idInstance]: instance.apiTokenInstance } });
  });
  after(() => relay?.stop());
}

/**
 * The status the relay answers `raw` with, or 'closed' when it closed the connection without one;
 * a connection it leaves open fails the test.
 * @param {string | Buffer} raw
 */
async function sendRaw(raw) {
  const { status, hung } = await rawExchange(relay.url, raw);
  assert.equal(hung, false, `the relay answers and closes: ${JSON.stringify(String(raw).slice(0, 60))}`);
  return status ?? 'closed';
}

async function stillServes() {
  assert.ok(relay.alive(), `the relay process exited:\n${relay.output()}`);
  const answer = await fetch(`${relay.url}/api/whatsapp/waInstance${instance.idInstance}/getStateInstance`, { headers: SIGNED_IN });
  assert.equal(answer.status, 200, 'and it serves the next request');
}

const path = (method = 'qr') => `/api/whatsapp/waInstance${instance?.idInstance}/${method}`;
const request = (line, headers = {}) =>
  `${line}\r\n${Object.entries({ Host: relay.host, Cookie: SIGNED_IN.Cookie, Connection: 'close', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

describe('nothing a client sends takes the relay down', () => {
  useRelayProcess();
  test('a verb a Request cannot carry (TRACE) is 405, CONNECT is dropped, and unknown or lowercase verbs are refused', async () => {
    assert.equal(await sendRaw(request(`TRACE ${path()} HTTP/1.1`)), 405);
    assert.equal(await sendRaw(request(`TRACK ${path()} HTTP/1.1`)), 400, "Node's parser knows no TRACK");
    assert.ok([400, 'closed'].includes(await sendRaw(request(`CONNECT ${relay.host} HTTP/1.1`))));
    assert.equal(await sendRaw(request(`get ${path()} HTTP/1.1`)), 400);
    for (const verb of ['PUT', 'DELETE', 'PATCH', 'HEAD', 'PROPFIND']) assert.equal(await sendRaw(request(`${verb} ${path()} HTTP/1.1`)), 405, verb);
    await stillServes();
  });

  test('targets URL rejects (`http://%zz/…`, `http://[x/…`) are 400; an absolute-form target is read for its path only', async () => {
    assert.equal(await sendRaw(request(`GET http://%zz${path()} HTTP/1.1`)), 400);
    assert.equal(await sendRaw(request(`GET http://[x${path()} HTTP/1.1`)), 400);
    assert.equal(await sendRaw(request(`GET http://evil.example${path('getStateInstance')} HTTP/1.1`)), 200);
    await stillServes();
  });

  test('oversized headers, garbage bytes, a half-sent request and an oversized body get an answer or a closed socket', async () => {
    assert.equal(await sendRaw(request(`GET ${path()} HTTP/1.1`, { 'X-Big': 'x'.repeat(64 * 1024) })), 431);
    assert.ok([400, 'closed'].includes(await sendRaw(Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]))));
    assert.ok([400, 'closed'].includes(await sendRaw('GET /api/whatsapp HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n')));
    const body = 'x'.repeat(4096);
    assert.equal(
      await sendRaw(
        `${request(`POST ${path('getAuthorizationCode')} HTTP/1.1`, { 'Content-Type': 'application/json', 'Content-Length': body.length }).slice(0, -2)}\r\n${body}`,
      ),
      413,
    );
    await stillServes();
  });

  test('a socket upgrade to a target URL rejects, a bad handshake or another path never throws in the upgrade listener', async () => {
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    for (const target of [`http://%zz${path('scanqrcode')}`, `http://[x${path('scanqrcode')}`, '/elsewhere', `/api/whatsapp/x${path('scanqrcode')}`]) {
      assert.ok([400, 403, 404, 'closed'].includes(await sendRaw(request(`GET ${target} HTTP/1.1`, upgrade))), target);
    }
    assert.ok([400, 'closed'].includes(await sendRaw(request(`GET ${path('scanqrcode')} HTTP/1.1`, { ...upgrade, 'Sec-WebSocket-Key': 'short' }))));
    await stillServes();
  });
});

describe('routes exactly as documented', () => {
  useRelayProcess();

  test("odd requests get the answers the README's table gives for Node's http", async () => {
    assert.deepEqual(await askOddRequests(relay.url, instance.idInstance, SIGNED_IN.Cookie), README_ODD_REQUESTS.node);
    await stillServes();
  });
  test('only {basePath}/waInstance{id}/{method}: extra segments before or after are 404 and reach nothing', async () => {
    const before = relay.errors.length;
    for (const target of [
      `/api/whatsapp/x/y/waInstance${instance.idInstance}/qr`,
      `/x/api/whatsapp/waInstance${instance.idInstance}/qr`,
      `/waInstance${instance.idInstance}/qr`,
      `/api/whatsappx/waInstance${instance.idInstance}/qr`,
    ]) {
      const answer = await fetch(`${relay.url}${target}`, { headers: SIGNED_IN });
      assert.equal(answer.status, 404, target);
      assert.match(await answer.text(), /\/api\/whatsapp\/waInstance\{idInstance\}\/\{method\}/, 'the 404 says which route the relay answers');
    }
    assert.equal(relay.errors.length, before);
    await stillServes();
  });
});
