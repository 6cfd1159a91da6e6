import { expect } from '@open-wc/testing';
import { interpretQrFrame } from '../../src/element/socket-api.js';
import { interpretQrResponse } from '../../src/element/qr-message.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

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

  it('calls a type GREEN-API has not documented unknown, not a failure: the socket reads on past it', () => {
    const outcome = interpretQrFrame('{"type":"somethingNew"}', TOKEN);
    expect(outcome.kind).to.equal('unknown-type');
    expect(outcome).to.have.nested.property('error.code', 'bad-response');
  });

  const passkeyFrames: Array<[string, unknown]> = [
    ['a passkeyRequired frame', frame({ type: 'passkeyRequired', message: 'Create a passkey to link devices' })],
    ['a passkeyRequired frame without a message', frame({ type: 'passkeyRequired' })],
    ['an error frame naming a passkey', frame({ type: 'error', message: 'Account requires passkey verification' })],
  ];
  for (const [name, data] of passkeyFrames) {
    it(`calls ${name} passkey-required, final: the person must act on the phone first`, () => {
      const outcome = interpretQrFrame(data, TOKEN);
      expect(outcome.kind).to.equal('failure');
      expect(outcome).to.have.nested.property('error.code', 'passkey-required');
      expect(outcome).to.have.nested.property('error.retryable', false);
    });
  }

  it('never lets the token through from a frame', () => {
    const echo = `bad token ${TOKEN}`;
    for (const data of [
      frame({ type: 'error', message: echo }),
      frame({ type: echo }),
      frame({ type: 'error', message: `starting ${TOKEN}` }),
      frame({ type: 'passkeyRequired', message: echo }),
    ]) {
      const outcome = interpretQrFrame(data, TOKEN);
      expect(JSON.stringify(outcome)).not.to.include(TOKEN);
    }
  });
});
