// The scanqrcode socket relay (createSocketRelay) in this process, where a test can watch
// resolveInstance and onError: who may open a socket and where it goes; then against the emulator,
// for the frames and refusals of the real protocol. Its hostile tests are in socket-relay-hostile.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { control, createInstance, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { fakeUpstream, openBrowser, relayInProcess, upgradeRequest } from './socket-peers.mjs';

describe('createSocketRelay: who may open a socket, and where it goes', () => {
  /** @type {Awaited<ReturnType<typeof fakeUpstream>>} */
  let upstream;
  before(async () => {
    upstream = await fakeUpstream();
  });
  after(() => upstream.close());

  /** resolveInstance for the fake upstream: `session=alice` and `session=bob` hold different tokens for every instance. */
  function hook() {
    /** @type {string[]} */
    const calls = [];
    /** @type {import('../../src/server/relay-options.js').ResolveInstance} */
    const resolveInstance = (request, idInstance) => {
      calls.push(idInstance);
      const user = /session=(alice|bob)/.exec(request.headers.get('cookie') ?? '')?.[1];
      return user ? { apiUrl: upstream.url, apiTokenInstance: `${user}-token-${idInstance}` } : null;
    };
    return { calls, resolveInstance };
  }

  test('a page of another site is refused (403) before resolveInstance runs, and nothing goes upstream', async () => {
    const { calls, resolveInstance } = hook();
    const relay = await relayInProcess({ resolveInstance, upstreamOrigins: [upstream.url] });
    const alice = { Cookie: 'session=alice' };
    for (const headers of [
      { Origin: 'https://evil.test' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.test', 'Sec-Fetch-Site': 'same-site' },
    ]) {
      assert.equal(await openBrowser(relay.url, '201', { ...alice, ...headers }).opened, 403, JSON.stringify(headers));
    }
    assert.deepEqual(calls, []);
    assert.equal(upstream.asked('201').length, 0);
    const same = openBrowser(relay.url, '201', { ...alice, Origin: relay.url });
    assert.equal(await same.opened, 101);
    same.socket.close();
    await relay.close();
  });

  test('browsers share an upstream only with the same token: another token gets its own', async () => {
    const relay = await relayInProcess({ resolveInstance: hook().resolveInstance, upstreamOrigins: [upstream.url] });
    const alice = openBrowser(relay.url, '202', { Cookie: 'session=alice' });
    const bob = openBrowser(relay.url, '202', { Cookie: 'session=bob' });
    await waitFor(async () => alice.frames.length === 1 && bob.frames.length === 1);
    assert.deepEqual(
      upstream
        .asked('202')
        .map(({ token }) => token)
        .sort(),
      ['alice-token-202', 'bob-token-202'],
    );
    await relay.close();
  });

  test('a browser that leaves while resolveInstance is awaited opens nothing upstream', async () => {
    /** @type {(value: unknown) => void} */
    let release = () => {};
    const gate = new Promise((resolve) => (release = resolve));
    const { calls, resolveInstance } = hook();
    const relay = await relayInProcess({ resolveInstance: async (request, id) => (await gate, resolveInstance(request, id)), upstreamOrigins: [upstream.url] });
    const client = connect(Number(new URL(relay.url).port), '127.0.0.1');
    client.on('error', () => {});
    client.write(upgradeRequest(relay.url, { target: '/api/whatsapp/waInstance203/scanqrcode', headers: { Cookie: 'session=alice' } }));
    await waitFor(async () => relay.upgrades.length === 1);
    const [serverSide] = relay.upgrades;
    const ended = new Promise((resolve) => serverSide.once('end', resolve));
    client.end();
    await ended;
    release(undefined);
    await new Promise((resolve) => serverSide.once('close', resolve));
    assert.deepEqual(calls, ['203']);
    assert.equal(upstream.asked('203').length, 0);
    await relay.close();
  });

  test('an upstream origin not in upstreamOrigins is refused with 502, nothing is sent, and onError hears why', async () => {
    /** @type {{ code: string, message: string }[]} */
    const errors = [];
    const relay = await relayInProcess({ resolveInstance: hook().resolveInstance, onError: (error) => errors.push(error) });
    assert.equal(await openBrowser(relay.url, '204', { Cookie: 'session=alice' }).opened, 502);
    assert.equal(upstream.asked('204').length, 0);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, 'upstream-not-allowed');
    assert.ok(errors[0].message.includes(new URL(upstream.url).origin));
    assert.ok(!errors[0].message.includes('alice-token-204'));
    await relay.close();
  });

  test('a resolveInstance and an onError that throw get 500, and the relay goes on', async () => {
    const relay = await relayInProcess({
      resolveInstance: () => {
        throw new Error('database down');
      },
      onError: () => {
        throw new Error('logger down');
      },
    });
    assert.equal(await openBrowser(relay.url, '205', { Cookie: 'session=alice' }).opened, 500);
    assert.equal(await openBrowser(relay.url, '205', { Cookie: 'session=alice' }).opened, 500);
    await relay.close();
  });

  test('close() ends every browser and upstream socket', async () => {
    const relay = await relayInProcess({ resolveInstance: hook().resolveInstance, upstreamOrigins: [upstream.url] });
    const browsers = ['206', '206', '207'].map((id) => openBrowser(relay.url, id, { Cookie: 'session=alice' }));
    await waitFor(async () => browsers.every(({ frames }) => frames.length === 1));
    await relay.close();
    await Promise.all(browsers.map(({ closed }) => closed));
    await Promise.all(['206', '207'].map(async (id) => (await upstream.opened(id)).closed));
  });
});

describe('createSocketRelay against the emulator', () => {
  const emulator = useEmulator();
  /** Instances this relay's users may link: id → token. */
  const allowed = new Map();
  /** @type {Awaited<ReturnType<typeof relayInProcess>>} */
  let relay;

  before(async () => {
    relay = await relayInProcess({
      resolveInstance: (request, idInstance) =>
        request.headers.get('cookie') === 'session=alice' && allowed.has(idInstance)
          ? { apiUrl: emulator.url, apiTokenInstance: allowed.get(idInstance) }
          : null,
      upstreamOrigins: [emulator.url],
    });
  });
  after(() => relay.close());

  async function linkable() {
    const instance = await createInstance(emulator.url);
    allowed.set(instance.idInstance, instance.apiTokenInstance);
    return instance;
  }
  /** @param {string} idInstance */
  const socketStats = async (idInstance) => (await control(emulator.url, `/instances/${idInstance}`)).json.stats.sockets;

  test("passes GREEN-API's qr frames to the browser, and closing it closes the upstream socket", async () => {
    const instance = await linkable();
    const { socket, frames, opened } = openBrowser(relay.url, instance.idInstance, { Cookie: 'session=alice' });
    assert.equal(await opened, 101);
    await waitFor(async () => frames.length > 0);
    assert.equal(JSON.parse(frames[0].text).type, 'qrCode');
    assert.ok(!frames[0].text.includes(instance.apiTokenInstance));
    assert.equal((await socketStats(instance.idInstance)).open, 1);
    socket.close();
    await waitFor(async () => (await socketStats(instance.idInstance)).open === 0);
  });

  test('a user resolveInstance refuses gets 403 and no upstream socket', async () => {
    const instance = await linkable();
    assert.equal(await openBrowser(relay.url, instance.idInstance, { Cookie: 'session=mallory' }).opened, 403);
    assert.equal((await socketStats(instance.idInstance)).opened, 0);
  });

  test('a page of another site is refused (403) even with the cookie: no cross-site socket hijacking', async () => {
    const instance = await linkable();
    assert.equal(await openBrowser(relay.url, instance.idInstance, { Cookie: 'session=alice', Origin: 'https://evil.test' }).opened, 403);
    const same = openBrowser(relay.url, instance.idInstance, { Cookie: 'session=alice', Origin: relay.url });
    assert.equal(await same.opened, 101);
    same.socket.close();
  });

  test('GREEN-API refusing the socket closes the browser with 1013, so the element falls back to polling', async () => {
    const instance = await linkable();
    await control(emulator.url, `/instances/${instance.idInstance}/state`, { body: { wsRefuse: true } });
    const browser = openBrowser(relay.url, instance.idInstance, { Cookie: 'session=alice' });
    assert.equal((await browser.closed).code, 1013);
    assert.equal((await socketStats(instance.idInstance)).refused, 1);
  });

  test("GREEN-API closing the socket closes the browser's with the same code", async () => {
    const instance = await linkable();
    const { frames, closed } = openBrowser(relay.url, instance.idInstance, { Cookie: 'session=alice' });
    await waitFor(async () => frames.length > 0);
    await control(emulator.url, `/instances/${instance.idInstance}/ws`, { body: { action: 'close', code: 1011, reason: 'bye' } });
    const { code, reason } = await closed;
    assert.equal(code, 1011);
    assert.equal(reason.toString(), 'bye');
  });
});
