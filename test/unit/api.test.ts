import { expect } from '@open-wc/testing';
import {
  checkCredentials,
  missingCredentials,
  interpretFetchFailure,
  interpretHttpError,
  interpretQrResponse,
  methodUrl,
  normalizeApiUrl,
  parseJsonBody,
  redact,
} from '../../src/element/api.js';
import { interpretQrFrame, socketUrl } from '../../src/element/socket-api.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const valid = { apiUrl: 'https://api.green-api.com', idInstance: '1101000001', apiTokenInstance: TOKEN };
const qrBody = (message: unknown) => JSON.stringify({ type: 'qrCode', message });

describe('request building', () => {
  it('builds the documented qr path', () => {
    expect(methodUrl(valid, 'qr')).to.equal(`https://api.green-api.com/waInstance1101000001/qr/${TOKEN}`);
  });

  it('accepts a trailing slash and per-instance hosts', () => {
    expect(methodUrl({ ...valid, apiUrl: 'https://7103.api.greenapi.com/' }, 'qr')).to.equal(
      `https://7103.api.greenapi.com/waInstance1101000001/qr/${TOKEN}`,
    );
    expect(normalizeApiUrl('https://3100.api.green-api.com/v3//')).to.equal('https://3100.api.green-api.com/v3');
    expect(normalizeApiUrl('http://127.0.0.1:7300')).to.equal('http://127.0.0.1:7300');
  });

  it('builds the scanqrcode socket URL on the API host, https → wss and http → ws', () => {
    expect(socketUrl(valid)).to.equal(`wss://api.green-api.com/waInstance1101000001/scanqrcode/${TOKEN}`);
    expect(socketUrl({ ...valid, apiUrl: 'http://127.0.0.1:7300/' })).to.equal(`ws://127.0.0.1:7300/waInstance1101000001/scanqrcode/${TOKEN}`);
    expect(socketUrl({ ...valid, apiUrl: 'https://7103.api.greenapi.com/v3//' })).to.equal(
      `wss://7103.api.greenapi.com/v3/waInstance1101000001/scanqrcode/${TOKEN}`,
    );
  });

  it('keeps a partner token intact in the socket URL and only rewrites the scheme', () => {
    const url = socketUrl({ ...valid, apiUrl: 'https://http.example', apiTokenInstance: 'gac.abc-DEF_123~x' });
    expect(url).to.equal('wss://http.example/waInstance1101000001/scanqrcode/gac.abc-DEF_123~x');
  });

  it('rejects URLs that are not absolute http(s) or carry credentials, query or fragment', () => {
    for (const bad of ['', 'api.green-api.com', 'ftp://x.example', 'javascript:alert(1)', 'https://u:p@h.example', 'https://h.example/?a=1', 'https://h.example/#x']) {
      expect(normalizeApiUrl(bad), bad).to.equal(undefined);
    }
  });
});

describe('credential checks', () => {
  it('passes well-formed credentials', () => {
    expect(checkCredentials(valid)).to.equal(undefined);
    expect(checkCredentials({ ...valid, apiTokenInstance: 'gac.abc-DEF_123' })).to.equal(undefined);
  });

  it('names every problem in one config error, without echoing the token', () => {
    const error = checkCredentials({ apiUrl: 'nope', idInstance: 'abc', apiTokenInstance: `${TOKEN}/../x` })!;
    expect(error.code).to.equal('config');
    expect(error.retryable).to.equal(false);
    expect(error.message).to.include('id-instance must be 1 to 10 digits');
    expect(error.message).to.include('api-token-instance contains characters');
    expect(error.message).to.include('api-url must be an absolute http(s) URL');
    expect(error.message).not.to.include(TOKEN);
  });

  it('takes a missing id or token for not set yet, not for a problem', () => {
    expect(checkCredentials({ ...valid, idInstance: '', apiTokenInstance: '' })).to.equal(undefined);
    expect(missingCredentials({ ...valid, idInstance: '', apiTokenInstance: '' })).to.deep.equal(['id-instance', 'api-token-instance']);
    expect(missingCredentials({ ...valid, apiTokenInstance: '' })).to.deep.equal(['api-token-instance']);
    expect(missingCredentials(valid)).to.deep.equal([]);
  });

  it('still reports a value that is set but invalid while the other is missing', () => {
    expect(checkCredentials({ ...valid, idInstance: 'abc', apiTokenInstance: '' })?.message).to.include('id-instance must be 1 to 10 digits');
  });

  it('rejects ids longer than 10 digits', () => {
    expect(checkCredentials({ ...valid, idInstance: '12345678901' })?.code).to.equal('config');
  });
});

describe('qr response reading', () => {
  it('returns the image of a qrCode answer', () => {
    expect(interpretQrResponse(200, qrBody(PNG), TOKEN)).to.deep.equal({ kind: 'qr-code', image: PNG });
  });

  it('tolerates a data: prefix and line breaks in the base64', () => {
    const wrapped = `data:image/png;base64,${PNG.slice(0, 20)}\n${PNG.slice(20)}`;
    expect(interpretQrResponse(200, qrBody(wrapped), TOKEN)).to.deep.equal({ kind: 'qr-code', image: PNG });
  });

  it('reads alreadyLogged as authorized', () => {
    expect(interpretQrResponse(200, JSON.stringify({ type: 'alreadyLogged', message: 'instance account already authorized' }), TOKEN)).to.deep.equal({
      kind: 'authorized',
    });
  });

  const failures: Array<[string, number, string, string, boolean]> = [
    ['401', 401, 'Unauthorized', 'unauthorized', false],
    ['403', 403, 'Forbidden', 'forbidden', false],
    ['429', 429, 'Too Many Requests', 'rate-limited', true],
    ['466', 466, '{"invokeStatus":{"status":"QUOTE_EXCEEDED"}}', 'quota', false],
    ['400 starting', 400, '{"message":"instance in starting process try later"}', 'starting', true],
    ['400 other', 400, '{"message":"Instance is deleted"}', 'api', false],
    ['404', 404, 'Not Found', 'api', false],
    ['499', 499, 'Client Closed Request', 'server', true],
    ['500', 500, 'Internal Server Error', 'server', true],
    ['502', 502, 'Bad Gateway', 'server', true],
    ['504', 504, '<html>Gateway Timeout</html>', 'server', true],
  ];
  for (const [name, status, body, code, retryable] of failures) {
    it(`maps HTTP ${name} to ${code}`, () => {
      const outcome = interpretQrResponse(status, body, TOKEN);
      expect(outcome).to.deep.include({ kind: 'failure' });
      if (outcome.kind !== 'failure') return;
      expect(outcome.error).to.include({ code, status, retryable });
    });
  }

  it('maps the logout-needed error to needs-logout', () => {
    const outcome = interpretQrResponse(200, JSON.stringify({ type: 'error', message: 'Instance has auth. You need to make log out' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'needs-logout');
    expect(outcome).to.have.nested.property('error.retryable', false);
  });

  it('maps any other type:error to api with the server text', () => {
    const outcome = interpretQrResponse(200, JSON.stringify({ type: 'error', message: 'Multi-device beta not joined' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'api');
    expect(outcome).to.have.nested.property('error.message').that.includes('Multi-device beta not joined');
  });

  const malformed: Array<[string, string]> = [
    ['not JSON', '<<garbage>>'],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['JSON without type', '{"foo":1}'],
    ['an unknown type', '{"type":"somethingNew","message":"x"}'],
    ['a qrCode without message', '{"type":"qrCode"}'],
    ['a qrCode with a number', qrBody(42)],
    ['a qrCode that is not base64', qrBody('@@not base64@@')],
    ['a qrCode that is base64 but not PNG', qrBody(btoa('GIF89a....'))],
    ['a qrCode far too large', qrBody(`${PNG.slice(0, -2)}${'A'.repeat(1_000_000)}==`)],
  ];
  for (const [name, body] of malformed) {
    it(`calls ${name} a retryable bad-response`, () => {
      const outcome = interpretQrResponse(200, body, TOKEN);
      expect(outcome).to.have.nested.property('error.code', 'bad-response');
      expect(outcome).to.have.nested.property('error.retryable', true);
    });
  }

  it('never lets the token through from what the server says', () => {
    const echo = `bad token ${TOKEN} in /qr/${TOKEN}`;
    for (const [status, body] of [
      [400, JSON.stringify({ message: echo })],
      [500, echo],
      [200, JSON.stringify({ type: 'error', message: echo })],
      [200, JSON.stringify({ type: echo })],
    ] as Array<[number, string]>) {
      const outcome = interpretQrResponse(status, body, TOKEN);
      expect(JSON.stringify(outcome)).not.to.include(TOKEN);
    }
  });
});

describe('qr response reading: account data and timeouts', () => {
  it('reads accountData with wid and pushname beside type as authorized with the account', () => {
    const body = JSON.stringify({ type: 'accountData', wid: '79001234567@c.us', pushname: 'Ann' });
    expect(interpretQrResponse(200, body, TOKEN)).to.deep.equal({ kind: 'authorized', account: { wid: '79001234567@c.us', name: 'Ann' } });
  });

  it('reads accountData fields inside a message object', () => {
    const body = JSON.stringify({ type: 'accountData', message: { wid: '79001234567@c.us', pushname: 'Ann' } });
    expect(interpretQrResponse(200, body, TOKEN)).to.deep.equal({ kind: 'authorized', account: { wid: '79001234567@c.us', name: 'Ann' } });
  });

  for (const type of ['timeout', 'timeoutExpired']) {
    it(`calls a ${type} type over HTTP a retryable bad-response, never scan-timeout`, () => {
      const outcome = interpretQrResponse(200, JSON.stringify({ type, message: 'x' }), TOKEN);
      expect(outcome.kind).to.equal('failure');
      expect(outcome).to.have.nested.property('error.code', 'bad-response');
      expect(outcome).to.have.nested.property('error.retryable', true);
    });
  }
});

describe('scanqrcode frame reading', () => {
  const frame = (value: unknown) => JSON.stringify(value);

  it('returns the image of a qrCode frame', () => {
    expect(interpretQrFrame(frame({ type: 'qrCode', message: PNG }), TOKEN)).to.deep.equal({ kind: 'qr-code', image: PNG });
    expect(interpretQrFrame(frame({ type: 'qrCode', message: `data:image/png;base64,${PNG}` }), TOKEN)).to.deep.equal({
      kind: 'qr-code',
      image: PNG,
    });
  });

  it('reads alreadyLogged as authorized without an account', () => {
    expect(interpretQrFrame(frame({ type: 'alreadyLogged', message: 'instance account already authorized' }), TOKEN)).to.deep.equal({
      kind: 'authorized',
    });
  });

  it('reads accountData with wid and pushname beside type', () => {
    expect(interpretQrFrame(frame({ type: 'accountData', wid: '79001234567@c.us', pushname: 'Ann' }), TOKEN)).to.deep.equal({
      kind: 'authorized',
      account: { wid: '79001234567@c.us', name: 'Ann' },
    });
  });

  it('reads accountData fields inside a message object', () => {
    expect(interpretQrFrame(frame({ type: 'accountData', message: { wid: '44123456789@c.us', pushname: 'Bob' } }), TOKEN)).to.deep.equal({
      kind: 'authorized',
      account: { wid: '44123456789@c.us', name: 'Bob' },
    });
  });

  it('leaves out accountData fields that are missing, empty or not strings', () => {
    expect(interpretQrFrame(frame({ type: 'accountData' }), TOKEN)).to.deep.equal({ kind: 'authorized', account: {} });
    expect(interpretQrFrame(frame({ type: 'accountData', wid: '', pushname: 7 }), TOKEN)).to.deep.equal({ kind: 'authorized', account: {} });
    expect(interpretQrFrame(frame({ type: 'accountData', message: { wid: '79001234567@c.us' } }), TOKEN)).to.deep.equal({
      kind: 'authorized',
      account: { wid: '79001234567@c.us' },
    });
  });

  it('does not read name from a name field, only from pushname', () => {
    expect(interpretQrFrame(frame({ type: 'accountData', wid: '79001234567@c.us', name: 'Ann' }), TOKEN)).to.deep.equal({
      kind: 'authorized',
      account: { wid: '79001234567@c.us' },
    });
  });

  for (const type of ['timeout', 'timeoutExpired']) {
    it(`reads a ${type} frame as scan-timeout`, () => {
      expect(interpretQrFrame(frame({ type, message: 'QR code scan time expired' }), TOKEN)).to.deep.equal({ kind: 'scan-timeout' });
    });
  }

  it('maps an error frame about a starting instance to a retryable starting error', () => {
    const outcome = interpretQrFrame(frame({ type: 'error', message: 'Instance in starting process, try later' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'starting');
    expect(outcome).to.have.nested.property('error.retryable', true);
  });

  it('maps the logout-needed error frame to needs-logout', () => {
    const outcome = interpretQrFrame(frame({ type: 'error', message: 'Instance has auth. You need to make log out' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'needs-logout');
    expect(outcome).to.have.nested.property('error.retryable', false);
  });

  it('maps any other error frame to api with the server text', () => {
    const outcome = interpretQrFrame(frame({ type: 'error', message: 'Multi-device beta not joined' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'api');
    expect(outcome).to.have.nested.property('error.retryable', false);
    expect(outcome).to.have.nested.property('error.message').that.includes('Multi-device beta not joined');
  });

  it('reads the one-session refusal as session-taken, so the element can poll instead', () => {
    for (const message of ['only 1 session is allowed for scanqrcode', 'Only one session allowed']) {
      expect(interpretQrFrame(JSON.stringify({ type: 'error', message }), TOKEN), message).to.deep.equal({ kind: 'session-taken' });
    }
    expect(interpretQrResponse(200, JSON.stringify({ type: 'error', message: 'only 1 session is allowed' }), TOKEN)).to.have.nested.property(
      'error.code',
      'api',
    );
  });

  const malformed: Array<[string, unknown]> = [
    ['a binary ArrayBuffer frame', new ArrayBuffer(8)],
    ['a Blob frame', new Blob(['{"type":"alreadyLogged"}'])],
    ['an undefined frame', undefined],
    ['a frame that is not JSON', '<<garbage>>'],
    ['an empty frame', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[{"type":"qrCode"}]'],
    ['JSON without type', '{"message":"x"}'],
    ['an unknown type', '{"type":"somethingNew"}'],
    ['a qrCode frame that is not a PNG', frame({ type: 'qrCode', message: btoa('GIF89a....') })],
    ['a qrCode frame without image', frame({ type: 'qrCode' })],
  ];
  for (const [name, data] of malformed) {
    it(`calls ${name} a retryable bad-response`, () => {
      const outcome = interpretQrFrame(data, TOKEN);
      expect(outcome.kind).to.equal('failure');
      expect(outcome).to.have.nested.property('error.code', 'bad-response');
      expect(outcome).to.have.nested.property('error.retryable', true);
    });
  }

  it('never lets the token through from a frame', () => {
    const echo = `bad token ${TOKEN}`;
    for (const data of [frame({ type: 'error', message: echo }), frame({ type: echo }), frame({ type: 'error', message: `starting ${TOKEN}` })]) {
      const outcome = interpretQrFrame(data, TOKEN);
      expect(outcome.kind).to.equal('failure');
      expect(JSON.stringify(outcome)).not.to.include(TOKEN);
    }
  });
});

describe('HTTP error table', () => {
  const table: Array<[number, string, string, boolean]> = [
    [401, 'Unauthorized', 'unauthorized', false],
    [403, 'Forbidden', 'forbidden', false],
    [429, 'Too Many Requests', 'rate-limited', true],
    [466, 'quota exceeded', 'quota', false],
    [400, '{"message":"instance in starting process try later"}', 'starting', true],
    [400, 'Instance is STARTING', 'starting', true],
    [400, '{"message":"Instance is deleted"}', 'api', false],
    [404, 'Not Found', 'api', false],
    [418, '', 'api', false],
    [499, '', 'server', true],
    [500, '', 'server', true],
    [503, 'Service Unavailable', 'server', true],
  ];
  for (const [status, body, code, retryable] of table) {
    it(`maps ${status} ${JSON.stringify(body)} to ${code}`, () => {
      expect(interpretHttpError(status, body, TOKEN)).to.include({ code, status, retryable });
    });
  }

  it('quotes the message of a JSON error body, else the raw body', () => {
    expect(interpretHttpError(404, '{"message":"Instance not found"}', TOKEN).message).to.equal('GREEN-API answered HTTP 404: Instance not found.');
    expect(interpretHttpError(502, '<html>Bad Gateway</html>', TOKEN).message).to.equal('GREEN-API answered HTTP 502: <html>Bad Gateway</html>.');
  });

  it('says nothing after the status when the body is empty', () => {
    expect(interpretHttpError(500, '', TOKEN).message).to.equal('GREEN-API answered HTTP 500.');
    expect(interpretHttpError(500, '   \n ', TOKEN).message).to.equal('GREEN-API answered HTTP 500.');
  });

  it('does not treat a 400 as starting unless the server says so', () => {
    expect(interpretHttpError(400, '', TOKEN)).to.include({ code: 'api', retryable: false, status: 400 });
    expect(interpretHttpError(500, 'starting', TOKEN).code).to.equal('server');
  });

  it('redacts the token and shortens long server text', () => {
    const error = interpretHttpError(500, `{"message":"no such token ${TOKEN} ${'x'.repeat(400)}"}`, TOKEN);
    expect(error.message).not.to.include(TOKEN);
    expect(error.message).to.include('no such token ***');
    expect(error.message.length).to.be.below(260);
  });
});

describe('JSON body parsing', () => {
  it('returns the parsed value of any JSON text', () => {
    expect(parseJsonBody('{"a":[1,2]}')).to.deep.equal({ json: { a: [1, 2] } });
    expect(parseJsonBody('null')).to.deep.equal({ json: null });
    expect(parseJsonBody(' 42 ')).to.deep.equal({ json: 42 });
    expect(parseJsonBody('"x"')).to.deep.equal({ json: 'x' });
  });

  for (const body of ['', 'not json', '{"a":', '<html></html>', 'undefined']) {
    it(`calls ${JSON.stringify(body)} a retryable bad-response`, () => {
      const parsed = parseJsonBody(body);
      expect(parsed).not.to.have.property('json');
      expect(parsed).to.have.nested.property('error.code', 'bad-response');
      expect(parsed).to.have.nested.property('error.retryable', true);
    });
  }
});

describe('redaction', () => {
  it('replaces plain and URL-encoded forms of the secret and shortens long text', () => {
    expect(redact('a gac.x/y b gac.x%2Fy', 'gac.x/y')).to.equal('a *** b ***');
    expect(redact('x'.repeat(500), 'secret')).to.have.length(201);
  });
});

describe('fetch failures', () => {
  it('are retryable network errors that say whether they timed out', () => {
    expect(interpretFetchFailure(true, 70_000)).to.deep.equal({ code: 'network', message: 'GREEN-API did not answer within 70 s.', retryable: true });
    expect(interpretFetchFailure(false, 70_000)).to.include({ code: 'network', retryable: true });
  });
});
