import { expect } from '@open-wc/testing';
import { interpretQrResponse } from '../../src/element/qr-message.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const qrBody = (message: unknown) => JSON.stringify({ type: 'qrCode', message });

describe('qr response reading', () => {
  it('returns the image of a qrCode answer', () => {
    expect(interpretQrResponse(200, qrBody(PNG), TOKEN)).to.deep.equal({ ok: true, value: { kind: 'qr-code', image: PNG } });
  });

  it('tolerates a data: prefix and line breaks in the base64', () => {
    const wrapped = `data:image/png;base64,${PNG.slice(0, 20)}\n${PNG.slice(20)}`;
    expect(interpretQrResponse(200, qrBody(wrapped), TOKEN)).to.deep.equal({ ok: true, value: { kind: 'qr-code', image: PNG } });
  });

  it('reads alreadyLogged as authorized', () => {
    expect(interpretQrResponse(200, JSON.stringify({ type: 'alreadyLogged', message: 'instance account already authorized' }), TOKEN)).to.deep.equal({
      ok: true,
      value: { kind: 'authorized' },
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
      expect(outcome).to.deep.include({ ok: false });
      if (outcome.ok) return;
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

describe('qr response reading: WhatsApp’s passkey gate', () => {
  it('an error answer naming a passkey is passkey-required, not retried', () => {
    const outcome = interpretQrResponse(200, JSON.stringify({ type: 'error', message: 'WhatsApp asks this account for a passkey' }), TOKEN);
    expect(outcome).to.have.nested.property('error.code', 'passkey-required');
    expect(outcome).to.have.nested.property('error.retryable', false);
  });
});

describe('qr response reading: account data and timeouts', () => {
  it('reads accountData with wid and pushname beside type as authorized with the account', () => {
    const body = JSON.stringify({ type: 'accountData', wid: '79001234567@c.us', pushname: 'Ann' });
    expect(interpretQrResponse(200, body, TOKEN)).to.deep.equal({ ok: true, value: { kind: 'authorized', account: { wid: '79001234567@c.us', name: 'Ann' } } });
  });

  it('reads accountData fields inside a message object', () => {
    const body = JSON.stringify({ type: 'accountData', message: { wid: '79001234567@c.us', pushname: 'Ann' } });
    expect(interpretQrResponse(200, body, TOKEN)).to.deep.equal({ ok: true, value: { kind: 'authorized', account: { wid: '79001234567@c.us', name: 'Ann' } } });
  });

  for (const type of ['timeout', 'timeoutExpired']) {
    it(`calls a ${type} type over HTTP a retryable bad-response, never scan-timeout`, () => {
      const outcome = interpretQrResponse(200, JSON.stringify({ type, message: 'x' }), TOKEN);
      expect(outcome.ok).to.equal(false);
      expect(outcome).to.have.nested.property('error.code', 'bad-response');
      expect(outcome).to.have.nested.property('error.retryable', true);
    });
  }
});
