import { expect } from '@open-wc/testing';
import { badShape, parseJsonBody, readAnswer, readJson } from '../../src/element/read-answer.js';

const TOKEN = '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f';

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

describe('readJson', () => {
  it('gives the JSON of a 200 answer', () => {
    expect(readJson(200, '{"stateInstance":"authorized"}', TOKEN)).to.deep.equal({ ok: true, value: { stateInstance: 'authorized' } });
    expect(readJson(200, 'null', TOKEN)).to.deep.equal({ ok: true, value: null });
  });

  it('reads any other status with the HTTP error table, whatever the body', () => {
    const answer = readJson(429, '{"stateInstance":"authorized"}', TOKEN);
    expect(answer).to.deep.include({ ok: false });
    expect(answer).to.have.nested.property('error.code', 'rate-limited');
    expect(answer).to.have.nested.property('error.status', 429);
  });

  it('calls a 200 answer that is not JSON a retryable bad-response', () => {
    expect(readJson(200, '<html></html>', TOKEN)).to.have.nested.property('error.code', 'bad-response');
  });
});

describe('readAnswer', () => {
  const stateOf = (json: unknown) => (typeof json === 'object' && json !== null && 'stateInstance' in json ? String(json.stateInstance) : undefined);

  it('gives what the shape reader made of the JSON', () => {
    expect(readAnswer('getStateInstance', stateOf, 200, '{"stateInstance":"starting"}', TOKEN)).to.deep.equal({ ok: true, value: 'starting' });
  });

  it('calls JSON the reader does not recognise a retryable bad-response naming the method', () => {
    const answer = readAnswer('getStateInstance', stateOf, 200, '{"state":"starting"}', TOKEN);
    expect(answer).to.deep.equal(badShape('getStateInstance'));
    expect(answer).to.have.nested.property('error.code', 'bad-response');
    expect(answer).to.have.nested.property('error.retryable', true);
    expect(answer).to.have.nested.property('error.message', 'GREEN-API answered getStateInstance with an unexpected shape.');
  });

  it('never asks the reader about an answer that failed', () => {
    let asked = false;
    const reader = () => {
      asked = true;
      return 'x';
    };
    expect(readAnswer('logout', reader, 500, '', TOKEN)).to.have.nested.property('error.code', 'server');
    expect(readAnswer('logout', reader, 200, 'not json', TOKEN)).to.have.nested.property('error.code', 'bad-response');
    expect(asked).to.equal(false);
  });
});
