import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { GreenApiClient } from '../../src/element/greenapi-client.js';
import { httpQrSource } from '../../src/element/http-qr-source.js';
import type { GreenApiQrErrorDetail, GreenApiQrTransport } from '../../src/element/public-types.js';
import type { Activity } from '../../src/element/request-chain.js';
import type { SourceContext, SourceEvent } from '../../src/element/source-events.js';
import { headStart as makeHeadStart } from '../../src/element/state-check.js';
import { createInstance, EMULATOR_URL } from '../helpers/emulator.js';
import { useFakeClock } from '../helpers/fake-clock.js';
import { methodsOf, spyGreenApiRequests } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

const POLL_INTERVAL_MS = 1000;

/** A QR source that only records what it is told, and reports what the test makes it report. */
class RecordingSource implements Activity {
  readonly calls: string[] = [];
  constructor(readonly context: SourceContext) {}
  start(delay = 0): void {
    this.calls.push(`start ${delay}`);
  }
  stop(): void {
    this.calls.push('stop');
  }
  report(event: SourceEvent): void {
    this.context.emit(event);
  }
}

const code = (image: string): SourceEvent => ({ kind: 'qr-code', image, freshForMs: 20_000 });
const serverError: GreenApiQrErrorDetail = { code: 'server', message: 'HTTP 500', status: 500, retryable: true };
const retrying = (retryAt: number): SourceEvent => ({ kind: 'retrying', error: serverError, retryAt });

/** A head start over a RecordingSource, with what reaches the controller (its emit) recorded. */
function headStartOf(transport: GreenApiQrTransport) {
  const emitted: SourceEvent[] = [];
  const context: SourceContext = {
    client: new GreenApiClient(),
    credentials: { apiUrl: EMULATOR_URL, idInstance: '1101000001', apiTokenInstance: 'token-of-the-test' },
    emit: (event) => emitted.push(event),
  };
  const made: RecordingSource[] = [];
  const headStart = makeHeadStart(
    transport,
    context,
    (held) => {
      const source = new RecordingSource(held);
      made.push(source);
      return source;
    },
    () => POLL_INTERVAL_MS,
  );
  expect(made, 'one source, built by the constructor').to.have.length(1);
  return { headStart, source: made[0], emitted, context };
}

describe('HeadStart', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = useFakeClock();
  });
  afterEach(() => sinon.restore());

  it('builds its source at once on the controller’s client and credentials, with an emit of its own, and leaves starting it to the state check', () => {
    const { headStart, source, context } = headStartOf('poll');
    expect(headStart.source).to.equal(source);
    expect(headStart.transport).to.equal('poll');
    expect(source.context.client).to.equal(context.client);
    expect(source.context.credentials).to.equal(context.credentials);
    expect(source.context.emit).not.to.equal(context.emit);
    expect(source.calls).to.deep.equal([]);
  });

  for (const transport of ['poll', 'websocket'] as const) {
    it(`${transport}: holds what the source reports until release(); never released, nothing reaches the controller`, () => {
      const { source, emitted } = headStartOf(transport);
      source.report(code('first'));
      source.report(retrying(Date.now() + 1000));
      clock.tick(60_000);
      source.report(code('second'));
      expect(emitted).to.deep.equal([]);
    });

    it(`${transport}: keeps only the latest report of each kind, and release() passes them on in the order they last came`, () => {
      const { headStart, source, emitted } = headStartOf(transport);
      const retry = retrying(Date.now() + 1000);
      source.report(code('older'));
      source.report(retry);
      source.report(code('newer'));
      headStart.release();
      expect(emitted).to.deep.equal([retry, code('newer')]);
    });

    it(`${transport}: after release() the source reports straight to the controller, and is no longer stopped for it`, () => {
      const { headStart, source, emitted } = headStartOf(transport);
      headStart.release();
      source.report(code('live'));
      source.report(code('next'));
      expect(emitted).to.deep.equal([code('live'), code('next')]);
      expect(source.calls).to.deep.equal([]);
    });

    it(`${transport}: release() with nothing held leaves the running source alone`, () => {
      const { headStart, source, emitted } = headStartOf(transport);
      headStart.release();
      expect(emitted).to.deep.equal([]);
      expect(source.calls).to.deep.equal([]);
    });
  }

  it('websocket: the socket stays open while its codes are held, and release() does not restart it', () => {
    const { headStart, source } = headStartOf('websocket');
    source.report(code('pushed'));
    clock.tick(30_000);
    source.report(code('pushed again'));
    headStart.release();
    expect(source.calls).to.deep.equal([]);
  });

  it('poll: the source is stopped as soon as it reports, so that it asks once and waits for the state check', () => {
    const { source } = headStartOf('poll');
    source.report(code('first'));
    expect(source.calls).to.deep.equal(['stop']);
  });

  it('poll: release() resumes polling poll-interval after the held code, less the time the state check took', () => {
    const { headStart, source } = headStartOf('poll');
    source.report(code('first'));
    clock.tick(300);
    headStart.release();
    expect(source.calls).to.deep.equal(['stop', `start ${POLL_INTERVAL_MS - 300}`]);
  });

  it('poll: release() after a state check slower than poll-interval asks again at once', () => {
    const { headStart, source } = headStartOf('poll');
    source.report(code('first'));
    clock.tick(5 * POLL_INTERVAL_MS);
    headStart.release();
    expect(source.calls).to.deep.equal(['stop', 'start 0']);
  });

  it('poll: after a held failure, release() resumes at the retry time the source had planned', () => {
    const { headStart, source } = headStartOf('poll');
    source.report(retrying(Date.now() + 4000));
    clock.tick(1000);
    headStart.release();
    expect(source.calls).to.deep.equal(['stop', 'start 3000']);
  });

  it('poll, with the real httpQrSource and emulator: one qr while the state check takes its time; on release the held code is shown and polling goes on', async () => {
    const instance = await createInstance({ rateLimits: false }); // the client keeps the gaps on the fake clock
    const emitted: SourceEvent[] = [];
    /** What the source reported to the head start, before any holding. */
    const reported: SourceEvent[] = [];
    const context: SourceContext = { client: new GreenApiClient(), credentials: { apiUrl: EMULATOR_URL, ...instance }, emit: (event) => emitted.push(event) };
    const headStart = makeHeadStart(
      'poll',
      context,
      (held) => {
        const emit = (event: SourceEvent) => {
          reported.push(event);
          held.emit(event);
        };
        return httpQrSource({ ...held, emit }, () => POLL_INTERVAL_MS);
      },
      () => POLL_INTERVAL_MS,
    );
    const sent = spyGreenApiRequests(); // fetch is called synchronously when a request's timer fires
    headStart.source.start();
    clock.tick(0);
    await until(() => reported.length === 1, 'the first code reached the head start');
    expect(reported[0].kind).to.equal('qr-code');

    clock.tick(60 * POLL_INTERVAL_MS); // the state check takes a minute
    expect(methodsOf(sent())).to.deep.equal(['qr']);
    expect(emitted).to.deep.equal([]);

    headStart.release();
    expect(emitted).to.deep.equal(reported);
    clock.tick(0);
    expect(methodsOf(sent())).to.deep.equal(['qr', 'qr']);
    await until(() => emitted.length === 2, 'the next code reached the controller directly');
    expect(emitted[1].kind).to.equal('qr-code');
  });
});
