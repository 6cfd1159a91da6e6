/*
 * The first QR in one round trip: the QR source (a `qr` request, or the `scanqrcode` socket)
 * starts beside getStateInstance, its head start. What it finds is held until the state answers:
 * shown at once for `notAuthorized`, never for any other answer, nor when the state check fails
 * or must be retried. Every test here would fail on an element that asks the state first.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { STATE_RECHECK_MS } from '../../src/element/state-check.js';
import { addFault, createInstance, requestLog, type TestInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { connect, makeElement, qrImage, untilAborted, untilInFlight, untilStatus } from '../helpers/fixture.js';
import {
  expectInFlightContract,
  expectNoQrEverShown,
  inFlightOnTheWire,
  methodsOf,
  recordErrorDetails,
  recordEvents,
  recordQrShown,
  recordStatuses,
  trackGreenApiTraffic,
} from '../helpers/observe.js';
import { ofMethod } from '../helpers/states.js';
import { setPageHidden, untilSockets, watchSockets } from '../helpers/socket.js';
import { realDelay, realNow, until } from '../helpers/wait.js';

const POLL_MS = 400;
/** GreenApiClient's start-to-start gap for getStateInstance (not exported by src). */
const STATE_CHECK_GAP_MS = 1050;
/** Real time for the page to act on an answer it has read. */
const HANDLED_MS = 50;
/** Fake time in which every timer the element could still hold fires. */
const QUIET_MS = 60_000;

/** An element for `instance` on a fake clock, everything it does watched from before it is connected. */
async function mountFirstQr(instance: TestInstance, settings: Partial<Pick<GreenApiQr, 'transport' | 'method' | 'phoneNumber'>> = {}) {
  const clock = useFakeClock();
  const traffic = trackGreenApiTraffic();
  const sockets = watchSockets(() => Date.now());
  const element = makeElement(instance, { pollInterval: POLL_MS });
  Object.assign(element, settings);
  const { authorized } = recordEvents(element);
  const errors = recordErrorDetails(element);
  const statuses = recordStatuses(element);
  const qrShown = recordQrShown(element);
  await connect(element);
  const step = fetchStepper(clock, element, instance.idInstance);
  /** Lets out what is due at this instant in one synchronous tick, in which no answer can be handled; returns its methods. */
  const sendNow = () => {
    const before = traffic.sent().length;
    clock.tick(0);
    return methodsOf(traffic.sent().slice(before));
  };
  const sent = () => methodsOf(traffic.sent());
  return { clock, traffic, sockets, element, instance, authorized, errors, statuses, qrShown, step, sendNow, sent };
}

type FirstQr = Awaited<ReturnType<typeof mountFirstQr>>;

/** Waits (real time) until the qr beside the state check has been answered and read while the state check is still open. */
async function untilQrAnsweredFirst({ traffic, element }: FirstQr): Promise<void> {
  await until(() => traffic.open().join() === 'getStateInstance', 'the qr answered and read, the state check still open');
  await realDelay(HANDLED_MS);
  await element.updateComplete;
  expect(traffic.open(), 'the state check, still unanswered').to.deep.equal(['getStateInstance']);
}

/** Waits (real time) for the state's answer, then lets out what it leads to at this instant. */
async function afterState({ element, step }: FirstQr): Promise<void> {
  await until(() => element.stateInstance !== undefined, 'the answer to getStateInstance');
  await step(0);
}

describe('first QR in one round trip', () => {
  afterEach(() => {
    sinon.restore();
    if (Object.hasOwn(document, 'visibilityState')) setPageHidden(false);
  });

  it('shows the first code one answer after the start, not two: getStateInstance and the first qr are in flight together', async () => {
    const latencyMs = 500;
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: '*', latencyMs });
    const traffic = trackGreenApiTraffic();
    const element = makeElement(instance);
    let shownAt = Number.NaN;
    element.addEventListener('statuschange', (event) => {
      if (event.detail.status === 'qr' && Number.isNaN(shownAt)) shownAt = realNow();
    });
    const startedAt = realNow();
    await connect(element);
    await untilStatus(element, 'qr', 8 * latencyMs);
    expect(shownAt - startedAt, 'real ms to the first code').to.be.at.least(latencyMs);
    expect(methodsOf(traffic.sent()), 'no other request before the code').to.deep.equal(['getStateInstance', 'qr']);
    expect(traffic.inFlight(), 'open at once, as the page saw it').to.deep.equal({
      all: 2,
      byMethod: { getStateInstance: 1, qr: 1 },
      together: [['getStateInstance', 'qr']],
    });
    // On the emulator's clock, which the page's load does not stretch: asked in turn, the code
    // would come two latencies after the state check arrived.
    const log = await requestLog(instance.idInstance);
    const [state] = ofMethod(log, 'getStateInstance');
    const [qr] = ofMethod(log, 'qr');
    expect(qr.startedAt, 'the qr reached the emulator before the state check was answered').to.be.below(state.endedAt!);
    expect(state.startedAt, 'and the other way round').to.be.below(qr.endedAt!);
    expect(qr.endedAt! - state.startedAt, "ms from the state check's arrival to the code's answer").to.be.within(latencyMs, 2 * latencyMs - 1);
    expectInFlightContract(inFlightOnTheWire(log), 'on the wire');
  });

  it('holds a code that comes before the state answer (status loading, nothing shown) and shows it in the same task as the state says notAuthorized', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: 'getStateInstance', latencyMs: 500, times: 1 });
    const fx = await mountFirstQr(instance);
    let statusOnceKnown: string | undefined;
    fx.element.addEventListener('statuschange', (event) => {
      // A microtask runs once the task that handled the state's answer is done with it.
      if (event.detail.stateInstance === 'notAuthorized' && !statusOnceKnown) queueMicrotask(() => (statusOnceKnown ??= fx.element.status));
    });
    expect(fx.sendNow(), 'both leave before either answers').to.deep.equal(['getStateInstance', 'qr']);
    await untilQrAnsweredFirst(fx);
    expect(fx.element.status).to.equal('loading');
    expect(fx.element.stateInstance).to.equal(undefined);
    expectNoQrEverShown(fx.element, fx.qrShown);
    expect(
      fx.statuses().filter((status) => status !== null && status !== 'loading'),
      'statuses other than loading',
    ).to.deep.equal([]);

    await until(() => statusOnceKnown !== undefined, 'the state answer');
    expect(statusOnceKnown, 'the status right after the state answer was handled').to.equal('qr');
    await fx.element.updateComplete;
    expect(qrImage(fx.element)).to.exist;
    expect(fx.sent(), 'the held code: no other qr was asked').to.deep.equal(['getStateInstance', 'qr']);
    expect(fx.errors).to.deep.equal([]);
    await fx.step(POLL_MS);
    expect(fx.sent(), 'and the head start polls on').to.deep.equal(['getStateInstance', 'qr', 'qr']);
  });

  it('asks qr once while the state check hangs, and polls on only once the state says notAuthorized', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: 'getStateInstance', latencyMs: 1500, times: 1 });
    const fx = await mountFirstQr(instance);
    expect(fx.sendNow()).to.deep.equal(['getStateInstance', 'qr']);
    await untilQrAnsweredFirst(fx);
    // Fake seconds pass while the state check is still open: the held code is not polled again.
    await expectNothingSentFor(fx.step, fx.traffic.sent, 10 * POLL_MS, 'qr requests while the state is unknown');
    await until(() => fx.element.stateInstance !== undefined, 'the late answer to getStateInstance');
    await fx.element.updateComplete;
    expect(fx.element.status).to.equal('qr');
    expect(fx.sent()).to.deep.equal(['getStateInstance', 'qr']);
    await fx.step(POLL_MS);
    expect(fx.sent(), 'polling again, poll-interval after the code it held').to.deep.equal(['getStateInstance', 'qr', 'qr']);
  });

  it("restarted within the state check's rate limit: the qr waits for the state check and leaves with it, not before", async () => {
    const instance = await createInstance();
    const fx = await mountFirstQr(instance);
    await fx.step(0);
    expect(fx.element.status).to.equal('qr');
    fx.element.refresh();
    // qr alone could go again after 350 ms; getStateInstance only after its 1.05 s gap.
    await expectNothingSentFor(fx.step, fx.traffic.sent, STATE_CHECK_GAP_MS - 1, 'requests before the state check may go');
    await fx.step(1);
    expect(fx.sent(), "the new session's state check and qr, together").to.deep.equal(['getStateInstance', 'qr', 'getStateInstance', 'qr']);
    expect(fx.element.status).to.equal('qr');
  });

  const NOT_LINKABLE = [
    { state: 'authorized', events: 'authorized once', after: ['getWaSettings'] },
    { state: 'blocked', events: 'error blocked', after: [] },
    { state: 'starting', events: 'none: starting is a wait, not an error', after: [] },
  ];
  for (const { state, events, after } of NOT_LINKABLE) {
    it(`${state}: the qr answered first is never shown or asked again; the events are: ${events}`, async () => {
      const instance = await createInstance({ stateInstance: state });
      await addFault(instance.idInstance, { method: 'getStateInstance', latencyMs: 300, times: 1 });
      const fx = await mountFirstQr(instance);
      expect(fx.sendNow()).to.deep.equal(['getStateInstance', 'qr']);
      await untilQrAnsweredFirst(fx);
      await afterState(fx);
      expect(fx.sent(), 'the head-start qr, and nothing but what the state leads to').to.deep.equal(['getStateInstance', 'qr', ...after]);
      expectNoQrEverShown(fx.element, fx.qrShown);
      expect(fx.statuses()).not.to.include('qr');
      const errors = fx.errors.map(({ code, retryable }) => ({ code, retryable }));
      if (state === 'authorized') {
        expect(fx.element.status).to.equal('authorized');
        expect(fx.authorized).to.have.length(1);
        expect(errors).to.deep.equal([]);
      } else {
        expect(fx.element.status).to.equal(state === 'blocked' ? 'error' : 'loading');
        expect(fx.authorized).to.deep.equal([]);
        if (state === 'starting') expect(errors, 'neither the state nor the qr\'s 400 "starting" is an error event').to.deep.equal([]);
        else {
          expect(errors, "only the state check's error").to.deep.equal([{ code: state, retryable: false }]);
          expect(fx.errors[0], "not the qr's answer").not.to.have.property('status');
        }
      }
      if (state === 'starting') {
        for (let check = 2; check <= 3; check++) {
          await expectNothingSentFor(fx.step, fx.traffic.sent, STATE_RECHECK_MS - 1, 'requests before the 5 s state re-check');
          await fx.step(1);
          expect(fx.sent().slice(2), `only state checks (${check})`).to.deep.equal(Array(check - 1).fill('getStateInstance'));
        }
      } else {
        await expectNothingSentFor(fx.step, fx.traffic.sent, QUIET_MS, 'requests after the state answered');
      }
      expect(fx.errors, 'no further events').to.have.length(state === 'blocked' ? 1 : 0);
      expectNoQrEverShown(fx.element, fx.qrShown);
    });
  }

  it('transport="websocket": the socket opens with getStateInstance, and when the state says authorized it is closed at once, its pushed code never shown', async () => {
    // The emulator's instance is notAuthorized and pushes codes; its state check answers "authorized", late.
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: 'getStateInstance', latencyMs: 500, times: 1, body: { stateInstance: 'authorized' } });
    const fx = await mountFirstQr(instance, { transport: 'websocket' });
    const startedAt = Date.now();
    expect(fx.sendNow(), 'the state check').to.deep.equal(['getStateInstance']);
    expect(
      fx.sockets.map(({ at }) => at),
      'the socket, at the same instant',
    ).to.deep.equal([startedAt]);
    const [socket] = fx.sockets;
    await until(() => socket.frames.length > 0, 'the first pushed code');
    expect(JSON.parse(socket.frames[0])).to.include({ type: 'qrCode' });
    await realDelay(HANDLED_MS);
    await fx.element.updateComplete;
    expect(fx.traffic.open(), 'the state check, still unanswered').to.deep.equal(['getStateInstance']);
    expect(fx.element.status).to.equal('loading');
    expectNoQrEverShown(fx.element, fx.qrShown);
    expect(socket.socket.readyState, 'the socket, open while the state is unknown').to.equal(WebSocket.OPEN);

    await until(() => fx.element.stateInstance !== undefined, 'the answer to getStateInstance');
    expect(socket.socket.readyState, 'closed as the state answered').to.be.oneOf([WebSocket.CLOSING, WebSocket.CLOSED]);
    await fx.step(0); // the account lookup
    expect(fx.element.status).to.equal('authorized');
    expect(fx.authorized).to.have.length(1);
    await untilSockets(instance.idInstance, { open: 0 }, 1000);
    await expectNothingSentFor(fx.step, fx.traffic.sent, QUIET_MS, 'requests after authorized');
    expect(fx.sent()).to.deep.equal(['getStateInstance', 'getWaSettings']);
    expect(fx.sockets, 'no other socket').to.have.length(1);
    expectNoQrEverShown(fx.element, fx.qrShown);
    expect(fx.errors).to.deep.equal([]);
  });

  it('method="phone": getStateInstance alone at the start, no qr and no socket beside it; the pairing code only once the state allows it', async () => {
    const instance = await createInstance();
    const fx = await mountFirstQr(instance, { method: 'phone', transport: 'websocket', phoneNumber: '79001234567' });
    expect(fx.sendNow()).to.deep.equal(['getStateInstance']);
    expect(fx.sockets).to.deep.equal([]);
    await afterState(fx);
    await untilStatus(fx.element, 'code');
    expect(fx.sent()).to.deep.equal(['getStateInstance', 'getAuthorizationCode']);
    expect(fx.sockets).to.deep.equal([]);
    expect(fx.traffic.inFlight().all, 'one request at a time').to.equal(1);
    expectNoQrEverShown(fx.element, fx.qrShown);
  });

  it('on a hidden page sends nothing, neither the state check nor the head start, until the page is shown; then both leave together', async () => {
    setPageHidden(true);
    const instance = await createInstance();
    const fx = await mountFirstQr(instance);
    await expectNothingSentFor(fx.step, fx.traffic.sent, QUIET_MS, 'requests while hidden');
    expect(fx.element.stateInstance).to.equal(undefined);
    setPageHidden(false);
    expect(fx.sendNow(), 'at once, the fake clock standing still').to.deep.equal(['getStateInstance', 'qr']);
    await untilStatus(fx.element, 'qr');
    expect(fx.traffic.inFlight().together).to.deep.equal([['getStateInstance', 'qr']]);
  });

  it('a page hidden while the state check and the head start are open aborts both; shown again, both leave together', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: 'getStateInstance', hang: true, times: 1 });
    await addFault(instance.idInstance, { method: 'qr', hang: true, times: 1 });
    const fx = await mountFirstQr(instance);
    expect(fx.sendNow()).to.deep.equal(['getStateInstance', 'qr']);
    await untilInFlight(instance.idInstance, 2);
    setPageHidden(true);
    await untilAborted(instance.idInstance, 2);
    await expectNothingSentFor(fx.step, fx.traffic.sent, QUIET_MS, 'requests while hidden');
    setPageHidden(false);
    expect(fx.sendNow(), 'both again, at once').to.deep.equal(['getStateInstance', 'qr']);
    await untilStatus(fx.element, 'qr');
    expectInFlightContract(inFlightOnTheWire(await requestLog(instance.idInstance)), 'on the wire');
    expect(fx.errors).to.deep.equal([]);
  });

  it('a state check that must be retried (500) stops the head start: its qr is not repeated during the backoff, and a new QR source starts once the state says notAuthorized', async () => {
    sinon.stub(Math, 'random').returns(1); // a backoff of 1 s, stretched to the state check's 1.05 s gap
    const instance = await createInstance();
    await addFault(instance.idInstance, { method: 'getStateInstance', status: 500, times: 1 });
    const fx = await mountFirstQr(instance);
    await fx.step(0); // the 500, and a code for the head start, held and then dropped
    expect(fx.sent()).to.deep.equal(['getStateInstance', 'qr']);
    expect(fx.element.status).to.equal('loading');
    expect(fx.errors.map(({ code, retryable }) => ({ code, retryable }))).to.deep.equal([{ code: 'server', retryable: true }]);
    expectNoQrEverShown(fx.element, fx.qrShown);

    // The head start would have polled again after 400 ms.
    await expectNothingSentFor(fx.step, fx.traffic.sent, STATE_CHECK_GAP_MS - 1, 'requests during the backoff');
    await fx.step(1);
    expect(fx.sent(), 'the state check again, then a qr once it answered').to.deep.equal(['getStateInstance', 'qr', 'getStateInstance', 'qr']);
    expect(fx.element.status).to.equal('qr');
    expect(qrImage(fx.element)).to.exist;
    expect(fx.traffic.inFlight().together, 'the retried state check had no qr beside it').to.deep.equal([['getStateInstance', 'qr']]);
    expect(fx.errors).to.have.length(1);
  });
});
