import { expect } from '@open-wc/testing';
import { checkCredentials, interpretFetchFailure, interpretQrResponse, methodUrl, normalizeApiUrl, redact } from '../../src/api.js';

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

  it('reports missing values', () => {
    const error = checkCredentials({ ...valid, idInstance: '', apiTokenInstance: '' })!;
    expect(error.message).to.include('id-instance is missing').and.to.include('api-token-instance is missing');
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
