import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, createInstance, EMULATOR_URL, instanceInfo, requestLog, type LoggedRequest } from '../helpers/emulator.js';
import { DEFAULT_POLL_INTERVAL } from '../../src/element/settings.js';
import { linkingMethod, REQUEST_TIMEOUT_MS } from '../../src/protocol/index.js';
import { fetchStepper, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { qrFixture, requestCount, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { expectInFlightContract, greenApiMethod, InFlightCounter, inFlightOnTheWire, recordErrorDetails } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

/** The start-to-start gap the element keeps between two qr requests (src/protocol). */
const QR_GAP_MS = linkingMethod('qr')!.gapMs;
/** GREEN-API allows 3 qr a second: the element starts a qr at least this long after the previous answer. */
const QR_ANSWER_GAP_MS = Math.ceil(1000 / 3);

/** Emulator clock and browser clock are the same machine's; a few ms cover event-loop jitter. */
const TOLERANCE_MS = 25;

/** Finished (not aborted) qr requests, oldest first. */
async function finishedQrRequests(idInstance: string): Promise<LoggedRequest[]> {
  return (await requestLog(idInstance)).filter((entry) => entry.method === 'qr' && entry.endedAt !== null && !entry.aborted);
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

/** A GREEN-API request as the page made it, with fake-clock times. */
interface TimedRequest {
  method: string;
  url: string;
  /** Date.now() (the fake clock) when fetch was called. */
  sentAt: number;
  /** Date.now() when the answer (or failure) was handed to the element; undefined while open. */
  answeredAt?: number;
}

/**
 * Records the page's GREEN-API requests with their fake-clock times, and makes every answer take
 * `answerMs` of fake time from its request: as soon as a request has been sent (a microtask
 * later), the clock moves on to `answerMs` after it left while it is still open, firing whatever
 * the element planned for that time, and the emulator's answer is handed to the element at the new
 * time. Requests sent together (the state check and the head-start qr) are open at the same time,
 * so they share that wait instead of adding theirs up. It also counts the requests open at once on
 * the page's side. A sinon stub on fetch, so fetchStepper can drive the element through it;
 * sinon.restore() removes it. Install it on the fake clock, before the element.
 */
function slowAnswers(clock: sinon.SinonFakeTimers, answerMs: number) {
  const realFetch = window.fetch.bind(window);
  const requests: TimedRequest[] = [];
  const open = new InFlightCounter();
  sinon.stub(window, 'fetch').callsFake((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = realFetch(input, init);
    if (!url.includes('/waInstance')) return response;
    const request: TimedRequest = { method: greenApiMethod(url), url, sentAt: Date.now() };
    requests.push(request);
    open.opened(request.method);
    queueMicrotask(() => {
      const due = request.sentAt + answerMs;
      if (Date.now() < due) clock.tick(due - Date.now());
    });
    return response.finally(() => {
      open.closed(request.method);
      request.answeredAt = Date.now();
    });
  });
  return {
    requests: (method?: string) => requests.filter((request) => method === undefined || request.method === method),
    inFlight: () => open.result,
  };
}

type SlowAnswers = ReturnType<typeof slowAnswers>;

/**
 * Moves the fake clock to 1 ms before `pause` after the last answer: no request; then 1 ms on: one
 * qr request. Pins the next poll to exactly `pause` after the answer, `times` times in a row.
 */
async function expectPollsAfter(step: (ms: number) => Promise<void>, page: SlowAnswers, pause: number, times: number): Promise<void> {
  for (let poll = 1; poll <= times; poll++) {
    const before = page.requests().length;
    await step(pause - 1);
    expect(page.requests().length, `poll ${poll}: nothing 1 ms before ${pause} ms after the answer`).to.equal(before);
    await step(1);
    expect(
      page
        .requests()
        .slice(before)
        .map((request) => request.method),
      `poll ${poll}: one qr request ${pause} ms after the answer`,
    ).to.deep.equal(['qr']);
  }
}

/** For each qr request after the first: fake ms from the previous answer to it. */
function pausesAfterAnswers(page: SlowAnswers): number[] {
  const qr = page.requests('qr');
  return qr.slice(1).map((request, i) => request.sentAt - qr[i].answeredAt!);
}

/** For each qr request after the first: fake ms from the previous one's start to its start. */
function fakeStartGaps(page: SlowAnswers): number[] {
  const qr = page.requests('qr');
  return qr.slice(1).map((request, i) => request.sentAt - qr[i].sentAt);
}

describe('polling', () => {
  afterEach(() => sinon.restore());

  it('never has more than one request in flight per method, two only at the start (the state check and the first qr), even when answers are slower than the poll interval', async () => {
    const clock = useFakeClock();
    const instance = await createInstance();
    // A little real latency as well (qr answers only), so that the emulator too would see two qr
    // requests open at once if the element sent one while another was open.
    await addFault(instance.idInstance, { latencyMs: 20 });
    const page = slowAnswers(clock, 400); // each answer takes 400 ms of fake time, 8 poll intervals
    const { element } = await qrFixture({ pollInterval: 50 }, instance);
    const step = fetchStepper(clock, element, instance.idInstance);
    await step(0);
    // After each answer: poll-interval, but at least a third of a second (qr's share of GREEN-API's
    // per-second window, counted from the answer since the server may have counted the request late).
    for (let poll = 0; poll < 4; poll++) await step(QR_ANSWER_GAP_MS);

    const info = await instanceInfo(instance.idInstance);
    const log = await requestLog(instance.idInstance);
    expect(info.stats.requests.qr, 'it kept polling').to.be.at.least(4);
    expect(info.stats.requests.getStateInstance, 'one state check, with the first qr request beside it').to.equal(1);
    expect(info.stats.maxInFlight, 'requests open at the same time').to.be.at.most(2);
    expectInFlightContract(inFlightOnTheWire(log), 'on the wire');
    // On the page the first two are open together for certain: both leave before either answers.
    expect(page.inFlight(), 'requests open at the same time, as the page sees them').to.deep.equal({
      all: 2,
      byMethod: { getStateInstance: 1, qr: 1 },
      together: [['getStateInstance', 'qr']],
    });
    const requests = page.requests();
    expect(requests.map((request) => request.method)).to.deep.equal(['getStateInstance', 'qr', 'qr', 'qr', 'qr', 'qr']);
    expect(requests[1].sentAt, 'the first qr leaves with the state check').to.equal(requests[0].sentAt);
    for (let i = 2; i < requests.length; i++) {
      for (let answered = 0; answered < i; answered++) {
        expect(requests[i].sentAt, `request ${i + 1} is sent only after answer ${answered + 1}`).to.be.at.least(requests[answered].answeredAt!);
      }
    }
    // The stepper switches the emulator's real-time rate limits off, so GREEN-API's 3 qr per second
    // is checked here on the element's own (fake) clock, and on the wire by the real-time tests below.
    expect(
      log.filter((entry) => entry.status === 429),
      'rate-limited answers',
    ).to.have.length(0);
    for (const gap of fakeStartGaps(page)) expect(gap, 'qr start to start').to.be.at.least(QR_GAP_MS);
    for (const pause of pausesAfterAnswers(page)) expect(pause, 'qr answer to the next start').to.equal(QR_ANSWER_GAP_MS);
  });

  it('waits poll-interval from the end of one answer to the start of the next request, from the first qr (sent beside the state check) on', async () => {
    const clock = useFakeClock();
    const page = slowAnswers(clock, 300);
    const { element, instance } = await qrFixture({ pollInterval: 600 });
    const step = fetchStepper(clock, element, instance.idInstance);
    await step(0); // the state check and the first qr request, sent together, both answered after 300 ms
    const [stateCheck] = page.requests('getStateInstance');
    expect(page.requests('qr')[0].sentAt, 'the first qr leaves with the state check').to.equal(stateCheck.sentAt);
    expect(page.requests('qr')[0].answeredAt, 'and is answered with it').to.equal(stateCheck.answeredAt);
    await expectPollsAfter(step, page, 600, 3);

    expect(await finishedQrRequests(instance.idInstance), 'qr requests the emulator answered').to.have.length(4);
    // Exactly, on the fake clock: not counted from the start (600), not doubled (1200).
    for (const pause of pausesAfterAnswers(page)) expect(pause, 'pause after an answer').to.equal(600);
    for (const gap of fakeStartGaps(page)) expect(gap, 'start to start includes the 300 ms answer time').to.equal(900);
  });

  it('waits 1000 ms after each answer when poll-interval is not set', async () => {
    expect(DEFAULT_POLL_INTERVAL, 'the documented default').to.equal(1000);
    const clock = useFakeClock();
    const page = slowAnswers(clock, 200);
    const instance = await createInstance();
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr api-url=${EMULATOR_URL} id-instance=${instance.idInstance} .apiTokenInstance=${instance.apiTokenInstance}></greenapi-qr>
    `);
    const step = fetchStepper(clock, element, instance.idInstance);
    await step(0);
    await expectPollsAfter(step, page, DEFAULT_POLL_INTERVAL, 2);

    expect(await finishedQrRequests(instance.idInstance)).to.have.length(3);
    const measured = pausesAfterAnswers(page);
    expect(measured).to.have.length(2);
    for (const pause of measured) expect(pause).to.equal(DEFAULT_POLL_INTERVAL);
  });

  for (const pollInterval of [0, 50]) {
    it(`keeps poll-interval="${pollInterval}" to GREEN-API's 3 requests per second`, async () => {
      // Real time on purpose: this is the check on the wire, against the emulator's real-time rate
      // limit (3 qr a second per instance, counted on arrival). It lasts until five qr requests
      // have been answered, about 1.4 s: four in a row are the fewest that could break a
      // one-second window, and the fifth makes two windows. (The two values are not checked at
      // the same time on two instances: the emulator is one process, and one instance's work,
      // such as drawing its first code, delays the arrival times it records for the other.)
      const { instance } = await qrFixture({ pollInterval });
      await untilFinished(instance.idInstance, 5, 2500);
      const log = await requestLog(instance.idInstance);
      const timeline = log.map((entry) => `${entry.method}@${entry.startedAt - log[0].startedAt}:${entry.status}`).join(' ');
      expect(
        log.filter((entry) => entry.status === 429),
        `rate-limited answers (arrival in ms: ${timeline})`,
      ).to.have.length(0);
      expect(
        log.map((entry) => entry.method).filter((method) => method !== 'qr'),
        'besides qr, only the state check',
      ).to.deep.equal(['getStateInstance']);
      const qrLog = log.filter((entry) => entry.method === 'qr');
      expect(qrLog.length, 'it still polls at about the allowed rate').to.be.at.least(5);
      for (const gap of startGaps(qrLog)) {
        expect(gap, `start to start (arrival in ms: ${timeline})`).to.be.within(QR_GAP_MS - TOLERANCE_MS, QR_GAP_MS + 400);
      }
    });
  }

  it('falls back to 1000 ms for a poll-interval that is not a number', async () => {
    const clock = useFakeClock();
    const page = slowAnswers(clock, 200);
    const instance = await createInstance();
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr
        api-url=${EMULATOR_URL}
        id-instance=${instance.idInstance}
        .apiTokenInstance=${instance.apiTokenInstance}
        poll-interval="abc"
      ></greenapi-qr>
    `);
    const step = fetchStepper(clock, element, instance.idInstance);
    await step(0);
    await untilStatus(element, 'qr');
    await expectPollsAfter(step, page, DEFAULT_POLL_INTERVAL, 2);

    const log = await finishedQrRequests(instance.idInstance);
    expect(log).to.have.length(3);
    const measured = pausesAfterAnswers(page);
    expect(measured).to.have.length(2);
    for (const pause of measured) expect(pause).to.equal(DEFAULT_POLL_INTERVAL);
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
    // Synchronous ticks: nothing but the element's own timers has to run in between.
    clock.tick(REQUEST_TIMEOUT_MS - 1);
    await element.updateComplete;
    expect(errors, 'no error before 70 s').to.have.length(0);
    expect(element.status).to.equal('loading');
    expect((await hanging()).aborted, 'still waiting at 69.999 s').to.equal(false);

    clock.tick(1);
    await until(() => errors.length > 0, 'an error event');
    await element.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0].code).to.equal('network');
    expect(errors[0].retryable).to.equal(true);
    expect(errors[0].message).to.match(/not answer within 70 s/);
    expect(element.status).to.equal('loading');
    expect(visibleText(element))
      .to.include('Cannot reach GREEN-API.')
      .and.match(/Retrying in \d+ s/);
    await until(async () => (await hanging()).aborted, 'the emulator to see the request aborted');
    expect((await instanceInfo(instance.idInstance)).stats.inFlight).to.equal(0);

    // The retry comes after the backoff (at most 1 s for the first one) and gets the code.
    clock.tick(1000);
    await untilStatus(element, 'qr');
    expect(await requestCount(instance.idInstance)).to.equal(2);
    expect(await requestCount(instance.idInstance, 'getStateInstance'), 'the retry is of qr alone').to.equal(1);
  });
});
