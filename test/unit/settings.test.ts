import { expect } from '@open-wc/testing';
import type { PropertyDeclaration } from 'lit';
import type { AuthorizationSettings } from '../../src/element/authorization-view.js';
import {
  checkModes,
  checkSettings,
  DEFAULT_MAX_WAIT,
  DEFAULT_POLL_INTERVAL,
  effectiveMaxWait,
  effectivePollInterval,
  readSettings,
} from '../../src/element/settings.js';
import { DEFAULT_API_URL } from '../../src/protocol/index.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const NO_PROPERTIES: ReadonlyMap<PropertyKey, PropertyDeclaration> = new Map();

/** An element with these properties set, as a page or a framework may set them. */
function elementWith(properties: Record<string, unknown>): HTMLElement {
  return Object.assign(document.createElement('div'), properties);
}

function settingsWith(
  changes: Partial<Omit<AuthorizationSettings, 'credentials'>> & { credentials?: Partial<AuthorizationSettings['credentials']> },
): AuthorizationSettings {
  return {
    method: 'qr',
    transport: 'poll',
    phoneNumber: '',
    pollInterval: DEFAULT_POLL_INTERVAL,
    maxWait: DEFAULT_MAX_WAIT,
    ...changes,
    credentials: { apiUrl: DEFAULT_API_URL, idInstance: '1101000001', apiTokenInstance: TOKEN, ...changes.credentials },
  };
}

describe('readSettings', () => {
  it('reads the properties, trimmed, with the proxy resolved against the page', () => {
    const element = elementWith({
      idInstance: ' 1101000001 ',
      apiTokenInstance: `${TOKEN}\n`,
      apiUrl: ' https://7103.api.greenapi.com/ ',
      proxyUrl: ' /api/whatsapp ',
      withCredentials: true,
      requestHeaders: { 'X-CSRF': 'abc' },
      method: ' phone ',
      transport: 'websocket',
      phoneNumber: ' +44 7700 900123 ',
      pollInterval: '2000',
      maxWait: 60_000,
    });
    expect(readSettings(element, NO_PROPERTIES)).to.deep.equal({
      credentials: {
        idInstance: '1101000001',
        apiTokenInstance: TOKEN,
        apiUrl: 'https://7103.api.greenapi.com/',
        proxyUrl: new URL('/api/whatsapp', document.baseURI).href,
        withCredentials: true,
      },
      requestHeaders: { 'X-CSRF': 'abc' },
      method: 'phone',
      transport: 'websocket',
      phoneNumber: '+44 7700 900123',
      pollInterval: 2000,
      maxWait: 60_000,
      attributeHint: undefined,
    });
  });

  it('takes what a framework may leave (null, undefined, empty) for the defaults: GREEN-API directly, a QR code by polling', () => {
    const settings = readSettings(
      elementWith({ idInstance: null, apiTokenInstance: undefined, apiUrl: '', proxyUrl: null, method: '', transport: null }),
      NO_PROPERTIES,
    );
    expect(settings.credentials).to.deep.equal({ idInstance: '', apiTokenInstance: '', apiUrl: DEFAULT_API_URL, proxyUrl: '', withCredentials: false });
    expect(settings).to.include({ method: 'qr', transport: 'poll', phoneNumber: '' });
  });

  it('names the attributes no property reads, for developers', () => {
    const element = elementWith({});
    element.setAttribute('idinstance', '1101000001');
    const properties = new Map<PropertyKey, PropertyDeclaration>([['idInstance', { attribute: 'id-instance' }]]);
    expect(readSettings(element, properties).attributeHint).to.include('idinstance (write id-instance)');
  });
});

describe('effective poll interval and max-wait', () => {
  it('keep usable values, the default for nonsense', () => {
    expect(effectivePollInterval(0)).to.equal(0);
    expect(effectivePollInterval(2500)).to.equal(2500);
    for (const value of [-1, NaN, Infinity]) expect(effectivePollInterval(value)).to.equal(DEFAULT_POLL_INTERVAL);
    expect(effectiveMaxWait(1000)).to.equal(1000);
    for (const value of [0, -1, NaN, Infinity]) expect(effectiveMaxWait(value)).to.equal(DEFAULT_MAX_WAIT);
  });
});

describe('checkModes', () => {
  it('passes the methods and transports there are', () => {
    expect(checkModes(settingsWith({ method: 'phone', transport: 'websocket' }))).to.equal(undefined);
  });

  it('names both problems in one config error', () => {
    const error = checkModes(settingsWith({ method: 'sms', transport: 'sse' }));
    expect(error).to.include({ code: 'config', retryable: false });
    expect(error?.message).to.include('method must be "qr" or "phone"').and.include('transport must be "poll" or "websocket"');
  });
});

describe('checkSettings', () => {
  it('lets usable settings start: nothing missing', () => {
    expect(checkSettings(settingsWith({}))).to.deep.equal([]);
  });

  it('waits for what is missing, without judging an element that has no credential yet', () => {
    expect(checkSettings(settingsWith({ credentials: { idInstance: '', apiTokenInstance: '' }, method: 'sms' }))).to.deep.equal([
      'id-instance',
      'api-token-instance',
    ]);
    expect(checkSettings(settingsWith({ credentials: { apiTokenInstance: '' } }))).to.deep.equal(['api-token-instance']);
  });

  it('says what is wrong once one credential is set: the credentials first, then the modes', () => {
    expect(checkSettings(settingsWith({ credentials: { idInstance: 'abc', apiTokenInstance: '' } }))).to.have.property('code', 'config');
    const modes = checkSettings(settingsWith({ transport: 'sse' }));
    expect(modes).to.have.property('code', 'config');
    expect(modes).to.have.property('message').that.includes('transport must be');
  });
});
