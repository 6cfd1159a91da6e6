// Server-side request forgery: resolveInstance's apiUrl often comes from what a tenant typed in,
// so the relay calls only GREEN-API's own hosts unless the integrator names more.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isGreenApiOrigin } from '../../src/protocol/index.js';
import { createQrProxy } from '../../src/server/index.js';
import { call, recordingUpstream, relayFor } from './helpers.mjs';

const ID = '1101000001';
const TOKEN = 'b'.repeat(50);
const upstream = await recordingUpstream((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stateInstance":"notAuthorized"}'));
after(() => upstream.close());

describe("GREEN-API's hosts, and nothing else, by default", () => {
  test('https: hosts under green-api.com and greenapi.com on the default port', () => {
    for (const origin of ['https://api.green-api.com', 'https://7103.api.greenapi.com', 'https://api.p03.green-api.com', 'https://greenapi.com'])
      assert.ok(isGreenApiOrigin(origin), origin);
    for (const origin of [
      'http://api.green-api.com',
      'https://api.green-api.com:8443',
      'https://green-api.com.evil.test',
      'https://evilgreen-api.com',
      'https://127.0.0.1',
      'https://169.254.169.254',
      'https://api.green-api.com/',
      'not a url',
    ]) {
      assert.ok(!isGreenApiOrigin(origin), origin);
    }
  });

  test('an apiUrl on loopback (or any host not allowed) is 502: nothing is sent, and onError tells the integrator how to allow it', async () => {
    const errors = [];
    const handler = createQrProxy({ resolveInstance: () => ({ apiUrl: upstream.url, apiTokenInstance: TOKEN }), onError: (error) => errors.push(error) });
    const answer = await call(handler, `/waInstance${ID}/getStateInstance`);
    assert.deepEqual([answer.status, answer.text], [502, '']);
    assert.equal(upstream.seen.length, 0);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 'upstream-not-allowed');
    assert.ok(errors[0].message.includes(`upstreamOrigins: ['${new URL(upstream.url).origin}']`), errors[0].message);
    assert.ok(!errors[0].message.includes(TOKEN));
  });

  test('an onError or upstreamOrigins that throws, or an async one that rejects, does not take the request or the process down', async () => {
    const handler = createQrProxy({
      resolveInstance: () => ({ apiUrl: upstream.url, apiTokenInstance: TOKEN }),
      onError: () => {
        throw new Error('boom');
      },
    });
    assert.equal((await call(handler, `/waInstance${ID}/getStateInstance`)).status, 502);
    const unhandled = [];
    const record = (reason) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const rejecting = async () => {
        throw new Error('the logger is down');
      };
      const asyncHooks = createQrProxy({
        resolveInstance: () => ({ apiUrl: upstream.url, apiTokenInstance: TOKEN }),
        onError: rejecting,
        upstreamOrigins: rejecting,
      });
      assert.equal((await call(asyncHooks, `/waInstance${ID}/getStateInstance`)).status, 502, 'a promise is not a yes');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});

describe('upstreamOrigins', () => {
  test('exact origins: the emulator or a test double is allowed, and only it', async () => {
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    assert.equal((await call(handler, `/waInstance${ID}/getStateInstance`)).status, 200);
    const other = createQrProxy({
      resolveInstance: () => ({ apiUrl: upstream.url.replace('127.0.0.1', 'localhost'), apiTokenInstance: TOKEN }),
      upstreamOrigins: [upstream.url],
      onError: () => {},
    });
    assert.equal((await call(other, `/waInstance${ID}/getStateInstance`)).status, 502, 'localhost is another origin than 127.0.0.1');
  });

  test('a function decides alone: it may allow a host and refuse GREEN-API itself', async () => {
    const seen = [];
    const decide = (origin) => (seen.push(origin), origin === new URL(upstream.url).origin);
    const handler = createQrProxy({ resolveInstance: () => ({ apiUrl: upstream.url, apiTokenInstance: TOKEN }), upstreamOrigins: decide });
    assert.equal((await call(handler, `/waInstance${ID}/getStateInstance`)).status, 200);
    const greenApi = createQrProxy({ resolveInstance: () => ({ apiTokenInstance: TOKEN }), upstreamOrigins: decide, onError: () => {} });
    assert.equal((await call(greenApi, `/waInstance${ID}/getStateInstance`)).status, 502);
    assert.deepEqual(seen, [new URL(upstream.url).origin, 'https://api.green-api.com']);
  });

  test('options that are not what they should be fail at start-up, not on the first request', () => {
    for (const bad of [
      { upstreamOrigins: 'http://x' },
      { upstreamOrigins: [1] },
      { upstreamOrigins: ['127.0.0.1:7300'] },
      { upstreamOrigins: ['localhost:7300'] },
      { allowedOrigins: 'https://a' },
      { onError: 'log' },
      { basePath: 'api/whatsapp' },
      { basePath: '/api?x' },
    ]) {
      assert.throws(() => createQrProxy({ resolveInstance: () => null, ...bad }), TypeError, JSON.stringify(bad));
    }
  });
});
