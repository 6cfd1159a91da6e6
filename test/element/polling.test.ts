import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, createInstance, EMULATOR_URL, instanceInfo, requestLog, type LoggedRequest } from '../helpers/emulator.js';
import { QR_GAP_MS } from '../../src/element/greenapi-client.js';
import { passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { qrFixture, requestCount, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { recordErrorDetails } from '../helpers/observe.js';
import { realDelay, until } from '../helpers/wait.js';

/** Emulator clock and browser clock are the same machine's; a few ms cover event-loop jitter. */
const TOLERANCE_MS = 25;

/** Finished (not aborted) qr requests, oldest first. */
async function finishedQrRequests(idInstance: string): Promise<LoggedRequest[]> {
  return (await requestLog(idInstance)).filter((entry) => entry.method === 'qr' && entry.endedAt !== null && !entry.aborted);
}

/** start[i+1] - end[i]: how long the element waited after an answer before asking again. */
function pauses(log: LoggedRequest[]): number[] {
  return log.slice(1).map((entry, i) => entry.startedAt - log[i].endedAt!);
}

/** start[i+1] - start[i]. */
function startGaps(log: LoggedRequest[]): number[] {
  return log.slice(1).map((entry, i) => entry.startedAt - log[i].startedAt);
}

async function untilFinished(idInstance: string, count: number, timeoutMs: number): Promise<LoggedRequest[]> {
  let log: LoggedRequest[] = [];
  await until(
    async () => {
      log = await finishedQrRequests(idInstance);
      return log.length >= count;
    },
    `${count} finished qr requests`,
    timeoutMs,
  );
  return log;
}

describe('polling', () => {
  afterEach(() => sinon.restore());

  it('never has more than one request in flight, even when answers are slower than the poll interval', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { latencyMs: 400 });
    await qrFixture({ pollInterval: 50 }, instance);
    await realDelay(3000);
    const info = await instanceInfo(instance.idInstance);
    const log = await requestLog(instance.idInstance);
    expect(info.stats.requests.qr, 'it kept polling').to.be.at.least(4);
    expect(info.stats.requests.getStateInstance, 'one state check, before the first qr request').to.equal(1);
    expect(log[0].method).to.equal('getStateInstance');
    expect(info.stats.maxInFlight, 'requests open at the same time').to.equal(1);
    expect(log.filter((entry) => entry.status === 429), 'rate-limited answers').to.have.length(0);
  });

  it('waits poll-interval from the end of one answer to the start of the next request', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { latencyMs: 300 });
    await qrFixture({ pollInterval: 600 }, instance);
    const log = await untilFinished(instance.idInstance, 4, 6000);
    for (const pause of pauses(log)) {
      expect(pause, 'pause after an answer').to.be.at.least(600 - TOLERANCE_MS);
      expect(pause, 'pause after an answer (not counted from the start, not doubled)').to.be.below(600 + 400);
    }
    for (const gap of startGaps(log)) expect(gap, 'start to start includes the 300 ms answer time').to.be.at.least(900 - TOLERANCE_MS);
  });

  it('waits 1000 ms after each answer when poll-interval is not set', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { latencyMs: 200 });
    await fixture<GreenApiQr>(html`
      <greenapi-qr api-url=${EMULATOR_URL} id-instance=${instance.idInstance} .apiTokenInstance=${instance.apiTokenInstance}></greenapi-qr>
    `);
    const log = await untilFinished(instance.idInstance, 3, 5000);
    const measured = pauses(log);
    expect(measured).to.have.length.at.least(2);
    for (const pause of measured) expect(pause).to.be.within(1000 - TOLERANCE_MS, 1000 + 400);
  });

  for (const pollInterval of [0, 50]) {
    it(`keeps poll-interval="${pollInterval}" to GREEN-API's 3 requests per second`, async () => {
      const { instance } = await qrFixture({ pollInterval });
      await realDelay(2500);
      const log = await requestLog(instance.idInstance);
      const timeline = log.map((entry) => `${entry.method}@${entry.startedAt - log[0].startedAt}:${entry.status}`).join(' ');
      expect(log.filter((entry) => entry.status === 429), `rate-limited answers (arrival in ms: ${timeline})`).to.have.length(0);
      expect(log.map((entry) => entry.method).filter((method) => method !== 'qr'), 'besides qr, only the state check').to.deep.equal([
        'getStateInstance',
      ]);
      const qrLog = log.filter((entry) => entry.method === 'qr');
      expect(qrLog.length, 'it still polls at about the allowed rate').to.be.at.least(5);
      for (const gap of startGaps(qrLog)) expect(gap, 'start to start').to.be.within(QR_GAP_MS - TOLERANCE_MS, QR_GAP_MS + 400);
    });
  }

  it('falls back to 1000 ms for a poll-interval that is not a number', async () => {
    const instance = await createInstance();
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr
        api-url=${EMULATOR_URL}
        id-instance=${instance.idInstance}
        .apiTokenInstance=${instance.apiTokenInstance}
        poll-interval="abc"
      ></greenapi-qr>
    `);
    await untilStatus(element, 'qr');
    const log = await untilFinished(instance.idInstance, 3, 5000);
    const measured = pauses(log);
    expect(measured).to.have.length.at.least(2);
    for (const pause of measured) expect(pause).to.be.within(1000 - TOLERANCE_MS, 1000 + 400);
    expect(log.filter((entry) => entry.status === 429)).to.have.length(0);
  });

  it('gives up on a request after 70 s, reports a retryable network error and retries', async () => {
    const clock = useFakeClock();
    const instance = await createInstance();
    await addFault(instance.idInstance, { hang: true, times: 1 });
    const { element } = await qrFixture({}, instance);
    const errors = recordErrorDetails(element);

    await passStateCheck(clock, element);
    await untilInFlight(instance.idInstance, 1); // the hanging qr request
    const hanging = async () => (await requestLog(instance.idInstance)).filter((entry) => entry.method === 'qr')[0];
    await clock.tickAsync(69_999);
    await element.updateComplete;
    expect(errors, 'no error before 70 s').to.have.length(0);
    expect(element.status).to.equal('loading');
    expect((await hanging()).aborted, 'still waiting at 69.999 s').to.equal(false);

    await clock.tickAsync(1);
    await until(() => errors.length > 0, 'an error event');
    await element.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0].code).to.equal('network');
    expect(errors[0].retryable).to.equal(true);
    expect(errors[0].message).to.match(/not answer within 70 s/);
    expect(element.status).to.equal('loading');
    expect(visibleText(element)).to.include('Cannot reach GREEN-API.').and.match(/Retrying in \d+ s/);
    await until(async () => (await hanging()).aborted, 'the emulator to see the request aborted');
    expect((await instanceInfo(instance.idInstance)).stats.inFlight).to.equal(0);

    // The retry comes after the backoff (at most 1 s for the first one) and gets the code.
    await clock.tickAsync(1000);
    await untilStatus(element, 'qr');
    expect(await requestCount(instance.idInstance)).to.equal(2);
    expect(await requestCount(instance.idInstance, 'getStateInstance'), 'the retry is of qr alone').to.equal(1);
  });
});
