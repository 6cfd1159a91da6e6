import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { GreenApiClient } from '../../src/element/greenapi-client.js';
import { linkingMethod, type LinkingMethodName, type MethodName } from '../../src/protocol/index.js';

const QR_GAP_MS = linkingMethod('qr')!.gapMs;

describe('GreenApiClient rate-limit gaps', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
  });

  afterEach(() => {
    clock.restore();
    sinon.restore();
  });

  it('lets every method start at once on a new client', () => {
    const client = new GreenApiClient();
    for (const method of ['qr', 'getAuthorizationCode', 'getStateInstance', 'getWaSettings', 'logout', 'scanqrcode'] as const) {
      expect(client.waitBefore(method), method).to.equal(0);
    }
  });

  const gaps: Array<[MethodName, number]> = [
    ['qr', 350],
    ['getAuthorizationCode', 10_000],
    ['getStateInstance', 1050],
    ['getWaSettings', 1050],
    ['logout', 1050],
    ['scanqrcode', 1050],
  ];
  for (const [method, gap] of gaps) {
    it(`keeps ${method} starts ${gap} ms apart`, () => {
      const client = new GreenApiClient();
      client.markStart(method);
      expect(client.waitBefore(method)).to.equal(gap);
      clock.tick(gap - 1);
      expect(client.waitBefore(method)).to.equal(1);
      clock.tick(1);
      expect(client.waitBefore(method)).to.equal(0);
      clock.tick(60_000);
      expect(client.waitBefore(method)).to.equal(0);
    });
  }

  it('counts from the latest start of a method', () => {
    const client = new GreenApiClient();
    client.markStart('getStateInstance');
    clock.tick(1000);
    client.markStart('getStateInstance');
    expect(client.waitBefore('getStateInstance')).to.equal(1050);
    clock.tick(400);
    expect(client.waitBefore('getStateInstance')).to.equal(650);
  });

  it('keeps each method, and each client, on its own clock', () => {
    const client = new GreenApiClient();
    const other = new GreenApiClient();
    client.markStart('qr');
    expect(client.waitBefore('getStateInstance')).to.equal(0);
    expect(client.waitBefore('getAuthorizationCode')).to.equal(0);
    expect(other.waitBefore('qr')).to.equal(0);
    client.markStart('getAuthorizationCode');
    clock.tick(350);
    expect(client.waitBefore('qr')).to.equal(0);
    expect(client.waitBefore('getAuthorizationCode')).to.equal(10_000 - 350);
  });
});

describe('GreenApiClient counts from the answer too', () => {
  let clock: sinon.SinonFakeTimers;
  const credentials = { apiUrl: 'https://api.example.test', idInstance: '1101000001', apiTokenInstance: 'token' };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.now() });
  });

  afterEach(() => {
    clock.restore();
    sinon.restore();
  });

  /** A call whose answer comes `ms` after it was sent (on the fake clock). */
  async function slowCall(client: GreenApiClient, method: LinkingMethodName, ms: number): Promise<void> {
    const fetch = sinon.stub(window, 'fetch').callsFake(() => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('{}')), ms)));
    const call = client.call(credentials, method, { signal: new AbortController().signal });
    await clock.tickAsync(ms);
    await call;
    fetch.restore(); // only fetch: sinon.restore() would also take the fake clock away
  }

  it('waits a second after a slow answer of a 1-per-second method, since the server may have counted it only then', async () => {
    const client = new GreenApiClient();
    await slowCall(client, 'getStateInstance', 800);
    expect(client.waitBefore('getStateInstance')).to.equal(1000);
    clock.tick(999);
    expect(client.waitBefore('getStateInstance')).to.equal(1);
    clock.tick(1);
    expect(client.waitBefore('getStateInstance')).to.equal(0);
  });

  it('waits a third of a second after a qr answer, so that no four qr arrivals fit in one second however late the first arrived', async () => {
    const client = new GreenApiClient();
    await slowCall(client, 'qr', 800);
    expect(client.waitBefore('qr')).to.equal(334);
    clock.tick(333);
    expect(client.waitBefore('qr')).to.equal(1);
    clock.tick(1);
    expect(client.waitBefore('qr')).to.equal(0);
  });

  it('keeps qr to its start-to-start gap after a fast answer', async () => {
    const client = new GreenApiClient();
    await slowCall(client, 'qr', 10);
    expect(client.waitBefore('qr')).to.equal(QR_GAP_MS - 10);
  });
});
