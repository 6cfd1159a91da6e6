import { expect } from '@open-wc/testing';
import { configError, interpretFetchFailure, interpretHttpError, redact } from '../../src/element/errors.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';

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

describe('config errors', () => {
  it('list every problem in one non-retryable config error', () => {
    expect(configError(['id-instance must be 1 to 10 digits', 'method must be "qr" or "phone"'])).to.deep.equal({
      code: 'config',
      message: 'Invalid configuration: id-instance must be 1 to 10 digits; method must be "qr" or "phone".',
      retryable: false,
    });
  });

  it('are no error at all without a problem', () => {
    expect(configError([])).to.equal(undefined);
  });
});
