// What exactly reaches GREEN-API and what comes back: headers, query, bodies, redirects, limits,
// timeouts. A recording upstream shows what the emulator cannot (the raw URL and headers).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, recordingUpstream, relayFor } from './helpers.mjs';

const ID = '1101000001';
const TOKEN = 'a'.repeat(50);
const upstreams = [];
after(() => Promise.all(upstreams.map((upstream) => upstream.close())));

/** @param {Parameters<typeof recordingUpstream>[0]} respond */
async function upstreamAnswering(respond) {
  const upstream = await recordingUpstream(respond);
  upstreams.push(upstream);
  return upstream;
}

const json =
  (body, status = 200, headers = {}) =>
  (_req, res) =>
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('the request GREEN-API gets', () => {
  test('is the path with the token, no query string, and no header of the browser but Accept', async () => {
    const upstream = await upstreamAnswering(json({ type: 'qrCode', message: 'iVBORw0KGgo=' }));
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    await call(handler, `/waInstance${ID}/qr?apiUrl=http://evil.test&token=x`, {
      headers: { Cookie: 'session=s3cret', Authorization: 'Bearer user-jwt', 'X-CSRF-Token': 'csrf', 'X-Forwarded-For': '1.2.3.4', Accept: 'application/json' },
    });
    assert.equal(upstream.seen.length, 1);
    const [seen] = upstream.seen;
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, `/waInstance${ID}/qr/${TOKEN}`);
    for (const header of ['cookie', 'authorization', 'x-csrf-token', 'x-forwarded-for']) assert.equal(seen.headers[header], undefined, header);
    assert.equal(seen.headers.accept, 'application/json');
  });

  test('getAuthorizationCode carries the number as JSON and nothing else', async () => {
    const upstream = await upstreamAnswering(json({ status: true, code: 'ABCD1234' }));
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    const answer = await call(handler, `/waInstance${ID}/getAuthorizationCode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'session=s3cret' },
      body: '{ "phoneNumber" : 79001234567 }',
    });
    assert.equal(answer.json.code, 'ABCD1234');
    const [seen] = upstream.seen;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, '{"phoneNumber":79001234567}');
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.headers.cookie, undefined);
  });
});

describe('the answer the browser gets', () => {
  test('has only the status, a JSON Content-Type with nosniff, and the body: no upstream header, and the token scrubbed from the body', async () => {
    const upstream = await upstreamAnswering(
      json({ message: `no such path /waInstance${ID}/qr/${TOKEN} (${encodeURIComponent(TOKEN)})` }, 400, { 'Set-Cookie': 'upstream=1', 'X-Powered-By': 'x' }),
    );
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    const answer = await call(handler, `/waInstance${ID}/qr`);
    assert.equal(answer.status, 400);
    assert.ok(!answer.text.includes(TOKEN));
    assert.match(answer.json.message, /\/qr\/\*\*\*/);
    assert.deepEqual([...answer.headers.keys()].sort(), ['cache-control', 'content-type', 'x-content-type-options']);
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a redirect is not followed: 502', async () => {
    const upstream = await upstreamAnswering((_req, res) => res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' }).end());
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    assert.equal((await call(handler, `/waInstance${ID}/qr`)).status, 502);
    assert.equal(upstream.seen.length, 1);
  });

  test('an answer over 512 KB is not passed on: 502', async () => {
    const upstream = await upstreamAnswering((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ type: 'qrCode', message: 'A'.repeat(600_000) })),
    );
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    const answer = await call(handler, `/waInstance${ID}/qr`);
    assert.equal(answer.status, 502);
    assert.equal(answer.text, '');
  });

  test('an upstream slower than upstreamTimeoutMs: 504', async () => {
    const upstream = await upstreamAnswering(() => {});
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN }, { upstreamTimeoutMs: 200 });
    const started = Date.now();
    const answer = await call(handler, `/waInstance${ID}/qr`);
    assert.equal(answer.status, 504);
    assert.ok(Date.now() - started < 2000);
  });

  test('an unreachable upstream: 502, and nothing of the error', async () => {
    const { handler } = relayFor('http://127.0.0.1:9', { [ID]: TOKEN });
    const answer = await call(handler, `/waInstance${ID}/qr`);
    assert.equal(answer.status, 502);
    assert.equal(answer.text, '');
  });
});

describe('answers a Response cannot carry, or that are not JSON', () => {
  /** An upstream whose first answer is `first` and every later one a good QR. */
  async function upstreamFirstAnswering(first) {
    return upstreamAnswering((req, res) =>
      upstreams.at(-1).seen.length === 1 ? first(req, res) : json({ type: 'qrCode', message: 'iVBORw0KGgo=' })(req, res),
    );
  }

  const cases = {
    '204 No Content': (_req, res) => res.writeHead(204).end(),
    '205 Reset Content': (_req, res) => res.writeHead(205).end(),
    '605, past what HTTP defines': (_req, res) => res.writeHead(605, { 'Content-Type': 'application/json' }).end('{}'),
    '200 with an HTML page': (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<script>alert(document.cookie)</script>'),
    '200 with garbage bytes': (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(Buffer.from([0xff, 0xfe, 0x00, 0x7b])),
    '200 with nothing': (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(),
  };
  for (const [what, answer] of Object.entries(cases)) {
    test(`${what}: 502 with an empty body, told to onError, and not shared with the next caller`, async () => {
      const upstream = await upstreamFirstAnswering(answer);
      const { handler, errors } = relayFor(upstream.url, { [ID]: TOKEN });
      const failed = await call(handler, `/waInstance${ID}/qr`);
      assert.equal(failed.status, 502);
      assert.equal(failed.text, '');
      assert.equal(errors.at(-1)?.code, 'upstream-answer-unusable');
      const next = await call(handler, `/waInstance${ID}/qr`);
      assert.equal(next.status, 200, 'the next caller asks again instead of sharing the failure');
      assert.equal(next.json.type, 'qrCode');
      assert.equal(upstream.seen.length, 2);
    });
  }

  test("GREEN-API's refusals keep their status with an empty body when theirs is not JSON (an HTML 466, a bare 429)", async () => {
    const upstream = await upstreamAnswering((req, res) =>
      req.url?.includes('/qr/') ? res.writeHead(466, { 'Content-Type': 'text/html' }).end('<h1>Quota exceeded</h1>') : res.writeHead(429).end(),
    );
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    const quota = await call(handler, `/waInstance${ID}/qr`);
    assert.deepEqual([quota.status, quota.text, quota.headers.get('content-type')], [466, '', null]);
    const limited = await call(handler, `/waInstance${ID}/getStateInstance`);
    assert.deepEqual([limited.status, limited.text], [429, '']);
  });
});

describe('CORS', () => {
  test('none by default, even for a request with an Origin', async () => {
    const upstream = await upstreamAnswering(json({ type: 'qrCode', message: 'iVBORw0KGgo=' }));
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN });
    const answer = await call(handler, `/waInstance${ID}/qr`, { headers: { Origin: 'https://other.test' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    const preflight = await call(handler, `/waInstance${ID}/qr`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://other.test', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('allowedOrigins: exactly those origins, with credentials, and a preflight for the headers the page adds', async () => {
    const upstream = await upstreamAnswering(json({ type: 'qrCode', message: 'iVBORw0KGgo=' }));
    const { handler } = relayFor(upstream.url, { [ID]: TOKEN }, { allowedOrigins: ['https://app.test'] });
    const allowed = await call(handler, `/waInstance${ID}/qr`, { headers: { Origin: 'https://app.test' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.test');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(allowed.headers.get('vary'), 'Origin');
    for (const origin of ['https://app.test.evil.test', 'http://app.test', 'null']) {
      const refused = await call(handler, `/waInstance${ID}/qr`, { headers: { Origin: origin } });
      assert.equal(refused.headers.get('access-control-allow-origin'), null, origin);
    }
    const preflight = await call(handler, `/waInstance${ID}/qr`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-csrf-token' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'x-csrf-token');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, POST');
    assert.equal(upstream.seen.length, 1, 'one qr upstream: the other answers shared it, and preflights reach nothing');
  });
});
