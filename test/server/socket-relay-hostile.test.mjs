// The scanqrcode socket relay (createSocketRelay) as an attacker and a hostile upstream meet it,
// in a child process (a crash is an exit there), in front of a fake GREEN-API socket endpoint that
// counts every socket the relay asks for.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { waitFor } from '../emulator/helpers.mjs';
import { rawExchange, startRelayProcess } from './relay-process.mjs';
import { fakeUpstream, openBrowser, qrFrame, tokenFor, upgradeRequest } from './socket-peers.mjs';
import { MAX_FRAME_BYTES } from '../../src/server/index.js';
import { SCAN_QR_CODE } from '../../src/protocol/index.js';

describe('createSocketRelay in its own process', () => {
  /** @type {Awaited<ReturnType<typeof fakeUpstream>>} */
  let upstream;
  /** @type {Awaited<ReturnType<typeof startRelayProcess>>} */
  let relay;
  // 104's two-character token grows into `***` wherever it is scrubbed.
  const instances = {
    101: tokenFor('101'),
    102: tokenFor('102'),
    103: tokenFor('103'),
    104: 'ab',
    105: tokenFor('105'),
    106: tokenFor('106'),
    107: tokenFor('107'),
    108: tokenFor('108'),
    109: tokenFor('109'),
    110: tokenFor('110'),
    111: tokenFor('111'),
  };

  before(async () => {
    upstream = await fakeUpstream();
    relay = await startRelayProcess({ upstreamUrl: upstream.url, instances });
  });
  after(async () => {
    await relay.stop();
    await upstream.close();
  });

  test('fifty bad handshakes open nothing upstream, and the next good socket is relayed', async () => {
    const target = '/api/whatsapp/waInstance101/scanqrcode';
    const bad = [
      upgradeRequest(relay.url, { target, headers: { 'Sec-WebSocket-Key': undefined } }),
      upgradeRequest(relay.url, { target, headers: { 'Sec-WebSocket-Key': 'short' } }),
      upgradeRequest(relay.url, { target, headers: { 'Sec-WebSocket-Version': '12' } }),
      upgradeRequest(relay.url, { target, method: 'POST', headers: { 'Content-Length': '0' } }),
      upgradeRequest(relay.url, { target, headers: { Upgrade: 'h2c' } }),
      // Without Upgrade it is a plain GET, for the HTTP relay, which would keep the connection alive.
      upgradeRequest(relay.url, { target, headers: { Upgrade: undefined, Connection: 'close' } }),
      `GARBAGE ${target}\r\n\r\n`,
    ];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => rawExchange(relay.url, bad[i % bad.length])));
    for (const { answer, hung } of answers) {
      assert.equal(hung, false, 'the relay closes a refused connection itself');
      assert.doesNotMatch(answer, /^HTTP\/1\.1 101/);
    }
    assert.equal(upstream.asked('101').length, 0);
    const browser = openBrowser(relay.url, '101');
    assert.equal(await browser.opened, 101);
    await waitFor(async () => browser.frames.length === 1);
    assert.equal(browser.frames[0].text, qrFrame('101'));
    assert.equal(upstream.asked('101').length, 1);
    browser.socket.close();
    assert.ok(relay.alive());
  });

  test('hostile request targets and methods are refused without reaching upstream or crashing the relay', async () => {
    const hostile = [
      { target: 'http://%zz/api/whatsapp/waInstance102/scanqrcode' },
      { target: 'http://[x/api/whatsapp/waInstance102/scanqrcode' },
      { target: `${relay.url}/api/whatsapp/waInstance102/scanqrcode` },
      { target: '//evil.test/api/whatsapp/waInstance102/scanqrcode' },
      { target: '/api/whatsapp/x/waInstance102/scanqrcode' },
      { target: '/api/whatsapp/waInstance102/scanqrcode/x' },
      { target: '/api/whatsapp/waInstance102%2Fscanqrcode' },
      { target: '/api/whatsapp/waInstance%EF%BC%91%EF%BC%90%EF%BC%92/scanqrcode' },
      { target: '/api/whatsapp/waInstance102/scanqrcode', method: 'get' },
      { target: '/api/whatsapp/waInstance102/scanqrcode', method: 'TRACE' },
      { target: '/api/whatsapp/waInstance102/scanqrcode', method: 'CONNECT' },
    ];
    for (const request of hostile) {
      const { answer, hung } = await rawExchange(relay.url, upgradeRequest(relay.url, request));
      assert.equal(hung, false, `${request.method ?? 'GET'} ${request.target} is closed`);
      assert.doesNotMatch(answer, /^HTTP\/1\.1 101/, `${request.method ?? 'GET'} ${request.target}`);
    }
    assert.equal(upstream.asked('102').length, 0);
    assert.ok(relay.alive());
  });

  test('the token never reaches the browser: text and binary frames and the close reason are scrubbed', async () => {
    const token = instances[103];
    upstream.scripts.set('103', (ws) => {
      ws.send(JSON.stringify({ type: 'qrCode', message: `png-for-${token}` }));
      ws.send(`GET /waInstance103/scanqrcode/${encodeURIComponent(token)} failed`);
      ws.send(Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from(token), Buffer.from([0x80])]));
      ws.close(4000, `bad token ${token}`);
    });
    const browser = openBrowser(relay.url, '103');
    const { code, reason } = await browser.closed;
    assert.deepEqual(
      browser.frames.map(({ text, isBinary }) => (isBinary ? null : text)),
      [JSON.stringify({ type: 'qrCode', message: 'png-for-***' }), 'GET /waInstance103/scanqrcode/*** failed', null],
    );
    assert.deepEqual(browser.frames[2].data, Buffer.from([0xff, 0x00, ...Buffer.from('***'), 0x80]));
    assert.equal(code, 4000);
    assert.equal(reason.toString(), 'bad token ***');
    assert.ok(relay.alive());
  });

  test("a close reason the upstream cut at 123 bytes in the middle of the token loses the token's first characters too", async () => {
    const token = instances[111];
    const prefix = `GET /waInstance111/scanqrcode/`.padEnd(100, '.');
    upstream.scripts.set('111', (ws) => ws.close(4002, `${prefix}${token}`.slice(0, 123)));
    const { code, reason } = await openBrowser(relay.url, '111').closed;
    assert.equal(code, 4002);
    assert.equal(reason.toString(), `${prefix}***`);
    assert.ok(relay.alive());
  });

  test('garbage from upstream (non-JSON, binary, a reason that outgrows 123 bytes when scrubbed) does not crash the relay', async () => {
    upstream.scripts.set('104', (ws) => {
      ws.send('not json {');
      ws.send(Buffer.from([0, 1, 2, 255]));
      ws.send('€');
      // 117 + 6 bytes; the token `ab` becomes `***` three times: 126 bytes, over a close frame's 123.
      ws.close(4001, '€'.repeat(39) + 'ababab');
    });
    const browser = openBrowser(relay.url, '104');
    const { code, reason } = await browser.closed;
    assert.deepEqual(
      browser.frames.map(({ text, isBinary }) => (isBinary ? null : text)),
      ['not json {', null, '€'],
    );
    assert.equal(code, 4001);
    assert.ok(reason.length <= 123);
    assert.ok(reason.toString().startsWith('€'.repeat(39) + '***'));
    assert.ok(relay.alive());
  });

  test('an upstream frame over MAX_FRAME_BYTES ends the upstream and its browsers, and nothing else', async () => {
    upstream.scripts.set('107', (ws) => {
      ws.send(qrFrame('107'));
      ws.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x61));
    });
    const browser = openBrowser(relay.url, '107');
    const { code } = await browser.closed;
    assert.notEqual(code, 1000, 'the element falls back to polling');
    assert.deepEqual(
      browser.frames.map(({ text }) => text),
      [qrFrame('107')],
    );
    await (
      await upstream.opened('107')
    ).closed;
    assert.ok(relay.alive());
  });

  test('thirty browser sockets of one instance share one upstream socket, which closes when the last leaves', async () => {
    const browsers = Array.from({ length: 30 }, () => openBrowser(relay.url, '105'));
    assert.deepEqual(new Set(await Promise.all(browsers.map(({ opened }) => opened))), new Set([101]));
    await waitFor(async () => browsers.every(({ frames }) => frames.length === 1));
    assert.equal(upstream.asked('105').length, 1);
    const shared = await upstream.opened('105');
    shared.socket?.send(qrFrame('105', 2));
    await waitFor(async () => browsers.every(({ frames }) => frames.length === 2));
    assert.ok(browsers.every(({ frames }) => frames[1].text === qrFrame('105', 2)));

    // A late joiner is shown the current code at once, without a new upstream socket.
    const late = openBrowser(relay.url, '105');
    await waitFor(async () => late.frames.length === 1);
    assert.equal(late.frames[0].text, qrFrame('105', 2));
    assert.equal(upstream.asked('105').length, 1);

    // Another instance has its own upstream, which the first one's leaving does not touch.
    const other = openBrowser(relay.url, '106');
    await waitFor(async () => other.frames.length === 1);
    assert.equal(upstream.asked('106').length, 1);

    for (const { socket } of [...browsers, late]) socket.close();
    assert.equal(await shared.closed, 1000);
    assert.equal((await upstream.opened('106')).socket?.readyState, WebSocket.OPEN);
    other.socket.close();
    assert.ok(relay.alive());
  });

  test("upstream sockets of one instance open at least scanQrCode's 1 s apart; a browser that comes sooner waits", async () => {
    const first = openBrowser(relay.url, '108');
    await waitFor(async () => first.frames.length === 1);
    first.socket.close();
    await (
      await upstream.opened('108')
    ).closed;
    const second = openBrowser(relay.url, '108');
    assert.equal(await second.opened, 101);
    await waitFor(async () => second.frames.length === 1, SCAN_QR_CODE.gapMs + 1000);
    const [a, b] = upstream.asked('108');
    assert.ok(b.at - a.at >= SCAN_QR_CODE.gapMs - 20, `${b.at - a.at} ms apart`);
    second.socket.close();
    assert.ok(relay.alive());
  });

  test('frames a browser sends never go upstream; a browser that errors ends its upstream', async () => {
    const browser = openBrowser(relay.url, '109');
    await waitFor(async () => browser.frames.length === 1);
    browser.socket.send('hello upstream');
    // Over what the relay reads from a browser: its side of the socket fails.
    browser.socket.send('x'.repeat(64 * 1024));
    const shared = await upstream.opened('109');
    await waitFor(async () => shared.socket?.readyState === WebSocket.CLOSED);
    assert.deepEqual(shared.received, []);
    assert.equal((await browser.closed).code, 1009);
    assert.ok(relay.alive());
  });

  test('GREEN-API refusing the upstream socket closes every waiting browser with 1013, so the element polls', async () => {
    /** @type {(value: unknown) => void} */
    let refuse = () => {};
    upstream.refusing.set('110', new Promise((resolve) => (refuse = resolve)));
    const browsers = Array.from({ length: 3 }, () => openBrowser(relay.url, '110'));
    assert.deepEqual(await Promise.all(browsers.map(({ opened }) => opened)), [101, 101, 101]);
    refuse(undefined);
    const closes = await Promise.all(browsers.map(({ closed }) => closed));
    assert.deepEqual(
      closes.map(({ code }) => code),
      [1013, 1013, 1013],
    );
    assert.equal(upstream.asked('110').length, 1);
    assert.ok(relay.alive());
  });
});
