import { expect } from '@open-wc/testing';
import {
  accountDataAccount,
  authorizationCodeAnswer,
  errorMessage,
  logoutAnswer,
  qrMessage,
  stateInstanceAnswer,
  waSettingsAnswer,
} from '../../src/protocol/answers.js';
import type { QrMessage } from '../../src/protocol/index.js';

/** JSON values that are no object at all: every reader calls them the wrong shape. */
const notObjects: unknown[] = [undefined, true, 0, 42, '', 'text', [], [{ type: 'qrCode' }], [{ stateInstance: 'authorized' }]];

describe('errorMessage', () => {
  it('gives the message of an error body', () => {
    expect(errorMessage({ message: 'instance in starting process try later' })).to.equal('instance in starting process try later');
    expect(errorMessage({ message: '', statusCode: 400 })).to.equal('');
  });

  it('gives nothing for a message that is not text, none, or no object', () => {
    for (const json of [{ message: 42 }, { message: null }, { message: { text: 'x' } }, {}, { error: 'x' }, null, ...notObjects]) {
      expect(errorMessage(json), JSON.stringify(json)).to.equal(undefined);
    }
  });
});

describe('qrMessage', () => {
  it('gives the message itself, with its message and any other field untouched', () => {
    const json = { type: 'qrCode', message: 'iVBORw0KGgo=' };
    expect(qrMessage(json)).to.equal(json);
    const frame = { type: 'accountData', wid: '79001234567@c.us', pushname: 'Ann', extra: [1] };
    expect(qrMessage(frame)).to.deep.equal(frame);
  });

  it('takes a type it does not know, and a message of any type: meaning is for the reader', () => {
    expect(qrMessage({ type: 'somethingNew' })).to.deep.equal({ type: 'somethingNew' });
    expect(qrMessage({ type: 'error', message: 7 })).to.deep.equal({ type: 'error', message: 7 });
    expect(qrMessage({ type: '' })).to.deep.equal({ type: '' });
  });

  it('gives nothing without a text type', () => {
    for (const json of [{}, { message: 'x' }, { type: 1 }, { type: null }, { type: ['qrCode'] }, null, ...notObjects]) {
      expect(qrMessage(json), JSON.stringify(json)).to.equal(undefined);
    }
  });
});

describe('accountDataAccount', () => {
  const frame = (fields: Record<string, unknown>): QrMessage => ({ type: 'accountData', ...fields });

  it('reads wid and pushname beside type (2021 docs) or in a message object', () => {
    expect(accountDataAccount(frame({ wid: '79001234567@c.us', pushname: 'Ann' }))).to.deep.equal({ wid: '79001234567@c.us', name: 'Ann' });
    expect(accountDataAccount(frame({ message: { wid: '79001234567@c.us', pushname: 'Ann' } }))).to.deep.equal({ wid: '79001234567@c.us', name: 'Ann' });
  });

  it('takes a message object over the fields beside type', () => {
    expect(accountDataAccount(frame({ wid: 'old@c.us', message: { wid: '79001234567@c.us' } }))).to.deep.equal({ wid: '79001234567@c.us' });
  });

  it('leaves out fields that are missing, empty or not text, and ignores any other field', () => {
    expect(accountDataAccount(frame({}))).to.deep.equal({});
    expect(accountDataAccount(frame({ wid: '', pushname: 7, avatar: 'x', phone: '79001234567' }))).to.deep.equal({});
    expect(accountDataAccount(frame({ message: 'linked' }))).to.deep.equal({});
    expect(accountDataAccount(frame({ message: ['79001234567@c.us'], pushname: 'Ann' }))).to.deep.equal({ name: 'Ann' });
    expect(accountDataAccount(frame({ message: null, wid: '79001234567@c.us' }))).to.deep.equal({ wid: '79001234567@c.us' });
  });
});

describe('stateInstanceAnswer', () => {
  it('gives the state, known or not', () => {
    expect(stateInstanceAnswer({ stateInstance: 'authorized' })).to.equal('authorized');
    expect(stateInstanceAnswer({ stateInstance: 'somethingNew', extra: true })).to.equal('somethingNew');
  });

  it('gives null while the instance is being created: a null body or a null state', () => {
    expect(stateInstanceAnswer(null)).to.equal(null);
    expect(stateInstanceAnswer({ stateInstance: null })).to.equal(null);
  });

  it('gives nothing for an empty or missing state, a state that is not text, or no object', () => {
    for (const json of [{}, { stateInstance: '' }, { stateInstance: 1 }, { stateInstance: ['authorized'] }, { state: 'authorized' }, ...notObjects]) {
      expect(stateInstanceAnswer(json), JSON.stringify(json)).to.equal(undefined);
    }
  });
});

describe('waSettingsAnswer', () => {
  it('gives the fields of their documented types and nothing else', () => {
    const json = {
      phone: '79001234567',
      chatId: '79001234567@c.us',
      avatar: 'https://pps.whatsapp.net/a.jpg',
      base64Avatar: '/9j/4AAQ',
      logoutProcess: false,
      stateInstance: 'authorized',
      deviceId: 'x',
    };
    expect(waSettingsAnswer(json)).to.deep.equal({
      phone: '79001234567',
      chatId: '79001234567@c.us',
      avatar: 'https://pps.whatsapp.net/a.jpg',
      base64Avatar: '/9j/4AAQ',
      logoutProcess: false,
    });
  });

  it('leaves out a field of another type, as if it were missing', () => {
    expect(waSettingsAnswer({ phone: 79001234567, chatId: null, avatar: {}, base64Avatar: [], logoutProcess: 'true' })).to.deep.equal({});
    expect(waSettingsAnswer({ logoutProcess: true, phone: '' })).to.deep.equal({ logoutProcess: true, phone: '' });
  });

  it('gives an empty answer for an object without any of them (nobody linked), nothing for no object', () => {
    expect(waSettingsAnswer({})).to.deep.equal({});
    for (const json of [null, ...notObjects]) expect(waSettingsAnswer(json), JSON.stringify(json)).to.equal(undefined);
  });
});

describe('authorizationCodeAnswer', () => {
  it('gives the status and the code', () => {
    expect(authorizationCodeAnswer({ status: true, code: 'K7Q2M9ZD' })).to.deep.equal({ status: true, code: 'K7Q2M9ZD' });
    expect(authorizationCodeAnswer({ status: false, code: '' })).to.deep.equal({ status: false, code: '' });
  });

  it('leaves out a code that is missing or not text, and any other field', () => {
    expect(authorizationCodeAnswer({ status: false })).to.deep.equal({ status: false });
    expect(authorizationCodeAnswer({ status: true, code: 12345678, message: 'x' })).to.deep.equal({ status: true });
  });

  it('gives nothing without a boolean status', () => {
    for (const json of [{}, { code: 'K7Q2M9ZD' }, { status: 'true', code: 'K7Q2M9ZD' }, { status: 1 }, { status: null }, null, ...notObjects]) {
      expect(authorizationCodeAnswer(json), JSON.stringify(json)).to.equal(undefined);
    }
  });
});

describe('logoutAnswer', () => {
  it('gives isLogout, either way, and nothing else', () => {
    expect(logoutAnswer({ isLogout: true })).to.deep.equal({ isLogout: true });
    expect(logoutAnswer({ isLogout: false, extra: 1 })).to.deep.equal({ isLogout: false });
  });

  it('gives nothing without a boolean isLogout', () => {
    for (const json of [{}, { isLogout: 'true' }, { isLogout: 1 }, { isLogout: null }, { logout: true }, null, ...notObjects]) {
      expect(logoutAnswer(json), JSON.stringify(json)).to.equal(undefined);
    }
  });
});
