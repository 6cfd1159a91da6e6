import { expect } from '@open-wc/testing';
import { checkCredentials, methodUrl, missingCredentials } from '../../src/element/credentials.js';
import { socketUrl } from '../../src/element/socket-api.js';
import { normalizeApiUrl } from '../../src/protocol/index.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';
const valid = { apiUrl: 'https://api.green-api.com', idInstance: '1101000001', apiTokenInstance: TOKEN };

describe('request building', () => {
  it('builds the documented qr path', () => {
    expect(methodUrl(valid, 'qr')).to.equal(`https://api.green-api.com/waInstance1101000001/qr/${TOKEN}`);
  });

  it('accepts a trailing slash and per-instance hosts', () => {
    expect(methodUrl({ ...valid, apiUrl: 'https://7103.api.greenapi.com/' }, 'qr')).to.equal(`https://7103.api.greenapi.com/waInstance1101000001/qr/${TOKEN}`);
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
    for (const bad of [
      '',
      'api.green-api.com',
      'ftp://x.example',
      'javascript:alert(1)',
      'https://u:p@h.example',
      'https://h.example/?a=1',
      'https://h.example/#x',
    ]) {
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
