import { expect } from '@open-wc/testing';
import { interpretLogoutResponse, interpretWaSettingsResponse } from '../../src/element/account-api.js';
import { formatPairingCode } from '../../src/element/greenapi-qr.templates.js';
import { interpretStateResponse, planForState } from '../../src/element/instance-state.js';
import { interpretPairingResponse } from '../../src/element/pairing-api.js';
import { normalizePhoneNumber } from '../../src/element/phone-number.js';
import type { Answer } from '../../src/element/read-answer.js';
import type { GreenApiQrErrorDetail } from '../../src/element/public-types.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** The first bytes of a JFIF JPEG (FF D8 FF E0 …) and of a RIFF/WEBP file, in base64. */
const JPEG = '/9j/4AAQSkZJRgABAQA=';
const WEBP = 'UklGRiQAAABXRUJQVlA4IA==';
const GIF = 'R0lGODlhAQABAAAA';
const AVATAR_URL = 'https://pps.whatsapp.net/v/t61.24694-24/123_456_n.jpg?oh=abc&oe=def';

/** The error of a failed answer; fails the test when the answer succeeded. */
function errorOf<T>(answer: Answer<T>): GreenApiQrErrorDetail {
  expect(answer.ok, JSON.stringify(answer)).to.equal(false);
  if (answer.ok) throw new Error('expected a failed answer');
  return answer.error;
}

/** Non-200 answers are read with errors.ts's table, the same for every method. */
const httpErrors: Array<[number, string, string, boolean]> = [
  [400, '{"message":"instance in starting process try later"}', 'starting', true],
  [400, '{"message":"Instance is deleted"}', 'api', false],
  [401, 'Unauthorized', 'unauthorized', false],
  [403, 'Forbidden', 'forbidden', false],
  [404, 'Not Found', 'api', false],
  [429, 'Too Many Requests', 'rate-limited', true],
  [466, 'quota', 'quota', false],
  [499, '', 'server', true],
  [500, 'Internal Server Error', 'server', true],
  [502, '<html>Bad Gateway</html>', 'server', true],
];

describe('planForState', () => {
  for (const state of ['authorized', 'yellowCard']) {
    it(`finishes as authorized for ${state}`, () => {
      expect(planForState(state, TOKEN)).to.deep.equal({ kind: 'authorized' });
    });
  }

  it('links for notAuthorized', () => {
    expect(planForState('notAuthorized', TOKEN)).to.deep.equal({ kind: 'linkable' });
  });

  it('fails for blocked with a non-retryable blocked error', () => {
    const plan = planForState('blocked', TOKEN);
    expect(plan.kind).to.equal('failed');
    expect(plan).to.have.nested.property('error.code', 'blocked');
    expect(plan).to.have.nested.property('error.retryable', false);
    expect(plan).to.have.nested.property('error.message').that.includes('blocked');
  });

  for (const [name, state] of [
    ['being created (null)', null],
    ['starting', 'starting'],
  ] as const) {
    it(`waits for an instance ${name} without an error: the state passes by itself`, () => {
      expect(planForState(state, TOKEN)).to.deep.equal({ kind: 'not-ready' });
    });
  }

  const waiting: Array<[string, string | null, string]> = [
    ['sleepMode', 'sleepMode', '"sleepMode"'],
    ['suspended', 'suspended', '"suspended"'],
    ['pendingCode', 'pendingCode', '"pendingCode"'],
    ['an unknown state', 'somethingNew', '"somethingNew"'],
    ['an empty state name', '', '""'],
  ];
  for (const [name, state, named] of waiting) {
    it(`waits for ${name} with a retryable instance-state error naming the state`, () => {
      const plan = planForState(state, TOKEN);
      expect(plan.kind).to.equal('not-ready');
      if (plan.kind !== 'not-ready' || !plan.error) throw new Error('no error');
      expect(plan.error.code).to.equal('instance-state');
      expect(plan.error.retryable).to.equal(true);
      expect(plan.error).not.to.have.property('status');
      expect(plan.error.message).to.include(named);
    });
  }

  it('does not call known states unknown', () => {
    for (const state of ['sleepMode', 'suspended', 'pendingCode']) {
      const plan = planForState(state, TOKEN);
      expect(plan).to.have.nested.property('error.message').that.does.not.include('unknown to this element');
    }
    expect(planForState('somethingNew', TOKEN)).to.have.nested.property('error.message').that.includes('unknown to this element');
  });

  it('redacts the token from an unknown state name', () => {
    const plan = planForState(`weird-${TOKEN}-state`, TOKEN);
    expect(plan.kind).to.equal('not-ready');
    expect(plan).to.have.nested.property('error.code', 'instance-state');
    expect(JSON.stringify(plan)).not.to.include(TOKEN);
    expect(plan).to.have.nested.property('error.message').that.includes('"weird-***-state"');
  });
});

describe('interpretStateResponse', () => {
  for (const state of ['authorized', 'notAuthorized', 'blocked', 'sleepMode', 'starting', 'yellowCard', 'somethingNew']) {
    it(`reads stateInstance ${state}`, () => {
      expect(interpretStateResponse(200, JSON.stringify({ stateInstance: state }), TOKEN)).to.deep.equal({ ok: true, value: state });
    });
  }

  it('reads a null body and a null stateInstance as null', () => {
    expect(interpretStateResponse(200, 'null', TOKEN)).to.deep.equal({ ok: true, value: null });
    expect(interpretStateResponse(200, '{"stateInstance":null}', TOKEN)).to.deep.equal({ ok: true, value: null });
  });

  for (const [status, body, code, retryable] of httpErrors) {
    it(`maps HTTP ${status} ${JSON.stringify(body)} to ${code}`, () => {
      expect(errorOf(interpretStateResponse(status, body, TOKEN))).to.include({ code, status, retryable });
    });
  }

  const bad: Array<[string, string]> = [
    ['not JSON', '<<garbage>>'],
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['a number state', '{"stateInstance":5}'],
    ['an empty state', '{"stateInstance":""}'],
    ['an object state', '{"stateInstance":{"name":"authorized"}}'],
    ['an array', '[]'],
    ['an array of a state', '["authorized"]'],
    ['a bare string', '"authorized"'],
    ['a number', '5'],
  ];
  for (const [name, body] of bad) {
    it(`calls ${name} a retryable bad-response`, () => {
      expect(errorOf(interpretStateResponse(200, body, TOKEN))).to.include({ code: 'bad-response', retryable: true });
    });
  }

  it('never lets the token through from a non-200 body', () => {
    const answer = interpretStateResponse(400, JSON.stringify({ message: `token ${TOKEN} starting` }), TOKEN);
    expect(errorOf(answer).code).to.equal('starting');
    expect(JSON.stringify(answer)).not.to.include(TOKEN);
  });
});

describe('interpretWaSettingsResponse', () => {
  const settings = (fields: Record<string, unknown>) => JSON.stringify({ stateInstance: 'authorized', deviceId: 'x', ...fields });

  it('reads an authorized account, preferring the base64 avatar as a PNG data URL', () => {
    const body = settings({ phone: '79001234567', chatId: '79001234567@c.us', avatar: AVATAR_URL, base64Avatar: PNG, logoutProcess: false });
    expect(interpretWaSettingsResponse(200, body, TOKEN)).to.deep.equal({
      ok: true,
      value: {
        logoutProcess: false,
        account: { phone: '79001234567', wid: '79001234567@c.us', avatar: `data:image/png;base64,${PNG}` },
      },
    });
  });

  const sniffed: Array<[string, string]> = [
    ['png', PNG],
    ['jpeg', JPEG],
    ['webp', WEBP],
  ];
  for (const [type, data] of sniffed) {
    it(`sniffs a ${type} base64Avatar`, () => {
      const answer = interpretWaSettingsResponse(200, settings({ avatar: AVATAR_URL, base64Avatar: data }), TOKEN);
      expect(answer).to.have.nested.property('value.account.avatar', `data:image/${type};base64,${data}`);
    });
  }

  it('strips a data: prefix and whitespace from base64Avatar and uses the sniffed type', () => {
    const wrapped = `data:image/gif;base64,${JPEG.slice(0, 8)}\n ${JPEG.slice(8)}`;
    const answer = interpretWaSettingsResponse(200, settings({ base64Avatar: wrapped }), TOKEN);
    expect(answer).to.have.nested.property('value.account.avatar', `data:image/jpeg;base64,${JPEG}`);
  });

  const unusableBase64: Array<[string, unknown]> = [
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
    ['a GIF', GIF],
    ['not base64', `${PNG.slice(0, -2)}@@`],
    ['of a length that is not a multiple of 4', PNG.slice(0, -1)],
    ['far too large', `${PNG.slice(0, -2)}${'A'.repeat(600_000)}==`],
  ];
  for (const [name, base64Avatar] of unusableBase64) {
    it(`uses the https avatar URL when base64Avatar is ${name}`, () => {
      const answer = interpretWaSettingsResponse(200, settings({ avatar: AVATAR_URL, base64Avatar }), TOKEN);
      expect(answer).to.have.nested.property('value.account.avatar', new URL(AVATAR_URL).href);
    });
  }

  for (const avatar of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'not a url', '/relative/avatar.jpg', '', 7]) {
    it(`shows no avatar for ${JSON.stringify(avatar)}`, () => {
      const answer = interpretWaSettingsResponse(200, settings({ phone: '79001234567', avatar }), TOKEN);
      expect(answer.ok).to.equal(true);
      expect(answer).not.to.have.nested.property('value.account.avatar');
      expect(answer).to.have.nested.property('value.account.phone', '79001234567');
    });
  }

  it('omits every field that is empty, as when nobody is linked', () => {
    const body = settings({ phone: '', chatId: '', avatar: '', base64Avatar: '', stateInstance: 'notAuthorized' });
    expect(interpretWaSettingsResponse(200, body, TOKEN)).to.deep.equal({ ok: true, value: { logoutProcess: false, account: {} } });
    expect(interpretWaSettingsResponse(200, '{}', TOKEN)).to.deep.equal({ ok: true, value: { logoutProcess: false, account: {} } });
  });

  it('keeps the phone as digits only and drops phones that are not numbers', () => {
    expect(interpretWaSettingsResponse(200, settings({ phone: '+79001234567' }), TOKEN)).to.have.nested.property('value.account.phone', '79001234567');
    for (const phone of ['abc', '7900-123', 79001234567, '']) {
      expect(interpretWaSettingsResponse(200, settings({ phone }), TOKEN), String(phone)).not.to.have.nested.property('value.account.phone');
    }
  });

  it('reads logoutProcess true and false, and a missing one as false', () => {
    expect(interpretWaSettingsResponse(200, settings({ logoutProcess: true }), TOKEN)).to.have.nested.property('value.logoutProcess', true);
    expect(interpretWaSettingsResponse(200, settings({ logoutProcess: false }), TOKEN)).to.have.nested.property('value.logoutProcess', false);
    expect(interpretWaSettingsResponse(200, settings({}), TOKEN)).to.have.nested.property('value.logoutProcess', false);
  });

  it('never lets the token through from chatId', () => {
    const answer = interpretWaSettingsResponse(200, settings({ chatId: `x${TOKEN}@c.us` }), TOKEN);
    expect(JSON.stringify(answer)).not.to.include(TOKEN);
  });

  for (const body of ['null', '[]', '[{"phone":"79001234567"}]', '"authorized"', '5', 'not json']) {
    it(`calls ${JSON.stringify(body)} a retryable bad-response`, () => {
      expect(errorOf(interpretWaSettingsResponse(200, body, TOKEN))).to.include({ code: 'bad-response', retryable: true });
    });
  }

  for (const [status, body, code, retryable] of httpErrors) {
    it(`maps HTTP ${status} ${JSON.stringify(body)} to ${code}`, () => {
      expect(errorOf(interpretWaSettingsResponse(status, body, TOKEN))).to.include({ code, status, retryable });
    });
  }
});

describe('interpretPairingResponse', () => {
  const pairing = (value: unknown) => JSON.stringify(value);

  for (const code of ['K7Q2M9ZD', 'k7q2-m9zd', 'K7Q2 M9ZD', ' k7q2-m9zd\n']) {
    it(`normalises the code ${JSON.stringify(code)} to K7Q2M9ZD`, () => {
      expect(interpretPairingResponse(200, pairing({ status: true, code }), TOKEN)).to.deep.equal({ ok: true, value: 'K7Q2M9ZD' });
    });
  }

  it('reports status false as a non-retryable pairing-failed', () => {
    const error = errorOf(interpretPairingResponse(200, pairing({ status: false, code: '' }), TOKEN));
    expect(error).to.include({ code: 'pairing-failed', retryable: false });
    expect(errorOf(interpretPairingResponse(200, pairing({ status: false, code: 'K7Q2M9ZD' }), TOKEN)).code).to.equal('pairing-failed');
  });

  const bad: Array<[string, string]> = [
    ['status true with an empty code', pairing({ status: true, code: '' })],
    ['status true with no code', pairing({ status: true })],
    ['status true with a numeric code', pairing({ status: true, code: 12345678 })],
    ['status true with a garbage code', pairing({ status: true, code: '<script>' })],
    ['status true with a code too short', pairing({ status: true, code: 'K7Q' })],
    ['status true with a code too long', pairing({ status: true, code: 'K'.repeat(17) })],
    ['a string status', pairing({ status: 'true', code: 'K7Q2M9ZD' })],
    ['no status', pairing({ code: 'K7Q2M9ZD' })],
    ['null', 'null'],
    ['an array', '[true,"K7Q2M9ZD"]'],
    ['not JSON', 'K7Q2M9ZD'],
    ['an empty body', ''],
  ];
  for (const [name, body] of bad) {
    it(`calls ${name} a retryable bad-response`, () => {
      expect(errorOf(interpretPairingResponse(200, body, TOKEN))).to.include({ code: 'bad-response', retryable: true });
    });
  }

  it('maps a 400 about a starting instance to starting', () => {
    const error = errorOf(interpretPairingResponse(400, '{"message":"Instance in starting process try later"}', TOKEN));
    expect(error).to.include({ code: 'starting', status: 400, retryable: true });
  });

  for (const [status, body, code, retryable] of httpErrors) {
    it(`maps HTTP ${status} ${JSON.stringify(body)} to ${code}`, () => {
      expect(errorOf(interpretPairingResponse(status, body, TOKEN))).to.include({ code, status, retryable });
    });
  }
});

describe('interpretLogoutResponse', () => {
  it('reads isLogout true as logged out', () => {
    expect(interpretLogoutResponse(200, '{"isLogout":true}', TOKEN)).to.deep.equal({ ok: true, value: true });
  });

  it('reads isLogout false as a non-retryable api error', () => {
    expect(errorOf(interpretLogoutResponse(200, '{"isLogout":false}', TOKEN))).to.include({ code: 'api', retryable: false });
  });

  for (const body of ['{}', '{"isLogout":"true"}', '{"isLogout":1}', 'null', '[]', 'not json']) {
    it(`calls ${body} a retryable bad-response`, () => {
      expect(errorOf(interpretLogoutResponse(200, body, TOKEN))).to.include({ code: 'bad-response', retryable: true });
    });
  }

  for (const [status, body, code, retryable] of httpErrors) {
    it(`maps HTTP ${status} ${JSON.stringify(body)} to ${code}`, () => {
      expect(errorOf(interpretLogoutResponse(status, body, TOKEN))).to.include({ code, status, retryable });
    });
  }
});

describe('normalizePhoneNumber', () => {
  const accepted: Array<[string, string]> = [
    ['79001234567', '79001234567'],
    ['+7 (900) 123-45-67', '79001234567'],
    ['+79001234567', '79001234567'],
    ['0079001234567', '79001234567'],
    ['00 44 20 7946 0958', '442079460958'],
    ['+44 20.7946.0958', '442079460958'],
    ['  1 (555) 010-0199  ', '15550100199'],
    ['1234567', '1234567'],
    ['+1234567', '1234567'],
    ['001234567', '1234567'],
    ['123456789012345', '123456789012345'],
    ['+123456789012345', '123456789012345'],
    ['00123456789012345', '123456789012345'],
  ];
  for (const [input, digits] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${digits}`, () => {
      expect(normalizePhoneNumber(input)).to.deep.equal({ ok: true, value: digits });
    });
  }

  const rejected: Array<[string, string]> = [
    ['6 digits', '123456'],
    ['6 digits after +', '+123456'],
    ['6 digits after 00', '00123456'],
    ['16 digits', '1234567890123456'],
    ['16 digits after +', '+1234567890123456'],
    ['letters', '7900abc4567'],
    ['a letter prefix', 'tel:79001234567'],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['only +', '+'],
    ['only 00', '00'],
    ['a leading 0 (a national number)', '09001234567'],
    ['a 0 after +', '+0 900 123 45 67'],
    ['a 0 after 00', '000441234567890'],
    ['two plus signs', '++79001234567'],
    ['a plus inside', '7900+1234567'],
    ['a trailing plus', '79001234567+'],
    ['a slash', '7900/1234567'],
    ['an underscore', '7900_1234567'],
    ['non-ASCII digits', '٧٩٠٠١٢٣٤٥٦٧'],
  ];
  for (const [name, input] of rejected) {
    it(`rejects ${name} (${JSON.stringify(input)}) as a config error naming phone-number`, () => {
      const answer = normalizePhoneNumber(input);
      const error = errorOf(answer);
      expect(error.code).to.equal('config');
      expect(error.retryable).to.equal(false);
      expect(error).not.to.have.property('status');
      expect(error.message).to.include('phone-number');
    });
  }

  it('says why a number was rejected', () => {
    expect(errorOf(normalizePhoneNumber('')).message).to.include('empty');
    expect(errorOf(normalizePhoneNumber('7900abc4567')).message).to.include('only digits');
    expect(errorOf(normalizePhoneNumber('0791234567')).message).to.include('not 0');
    expect(errorOf(normalizePhoneNumber('123456')).message).to.include('7 to 15 digits');
  });
});

describe('formatPairingCode', () => {
  it('groups an 8-character code by four, as WhatsApp shows it', () => {
    expect(formatPairingCode('K7Q2M9ZD')).to.equal('K7Q2-M9ZD');
  });

  it('groups other lengths by four too', () => {
    expect(formatPairingCode('ABCD')).to.equal('ABCD');
    expect(formatPairingCode('ABCDEF')).to.equal('ABCD-EF');
    expect(formatPairingCode('ABCDEFGHIJKL')).to.equal('ABCD-EFGH-IJKL');
    expect(formatPairingCode('')).to.equal('');
  });
});
