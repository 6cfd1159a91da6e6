import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { STATE_RECHECK_MS } from '../../src/element/state-check.js';
import { resolveStrings } from '../../src/element/strings.js';
import { addFault, createInstance, instanceInfo, requestLog, setState } from '../helpers/emulator.js';
import { expectNothingSentFor } from '../helpers/fake-clock.js';
import { button, qrImage, requestCount, shadow, visibleText } from '../helpers/fixture.js';
import { expectInFlightContract, expectNoQrEverShown, inFlightOnTheWire, methodsOf } from '../helpers/observe.js';
import { expectDroppedHeadStartSeen, mount, mountOnFakeClock, ofMethod } from '../helpers/states.js';
import { until } from '../helpers/wait.js';

const EN = resolveStrings('en');
const RU = resolveStrings('ru');
/** The emulator's linked account (getWaSettings of an authorized instance). */
const PHONE = '79001234567';
/** The element asks a not-ready instance again every 5 s. */
const RECHECK_MS = STATE_RECHECK_MS;
/** GreenApiClient's start-to-start gap for the 1-per-second methods such as getStateInstance (not exported by src). */
const STATE_CHECK_GAP_MS = 1050;
/**
 * Fake time after which nothing more may be sent: longer than every timer the element could still
 * hold (a 5 s re-check, a backoff, a poll), so that any of them would have fired.
 */
const QUIET_MS = 60_000;

const stateChecks = (idInstance: string) => requestCount(idInstance, 'getStateInstance');

/** A loading element that waits by itself: no code, no button, no success. */
function expectWaiting(element: GreenApiQr): void {
  expect(element.status).to.equal('loading');
  expect(element.getAttribute('status')).to.equal('loading');
  expect(qrImage(element), 'no QR code').to.equal(null);
  expect(button(element), 'no button: it asks again by itself').to.equal(null);
}

describe('instance state', () => {
  afterEach(() => sinon.restore());

  describe('linked already: authorized without a QR code', () => {
    it('authorized: fires `authorized` once and never shows a QR code; only the head-start qr beside the state check, nothing more once it answered', async () => {
      const instance = await createInstance({ stateInstance: 'authorized' });
      const { clock, element, authorized, errors, sent, statuses, qrShown, step } = await mountOnFakeClock(instance);
      await step(0); // the state check and the head-start qr, then the account lookup at once
      expect(authorized, 'an authorized event').to.have.length(1);
      expect(element.status).to.equal('authorized');
      expect(element.stateInstance).to.equal('authorized');
      expect(visibleText(element)).to.include(`Connected as +${PHONE}.`);
      expect(visibleText(element)).not.to.include(EN.yellowCard);

      await expectNothingSentFor(step, sent, QUIET_MS, 'requests once authorized');
      expect(clock.countTimers(), 'timers left running').to.equal(0);
      expect(authorized, 'exactly one authorized event').to.have.length(1);
      expect(authorized[0].detail.idInstance).to.equal(instance.idInstance);
      expect(statuses(), 'statuses taken').not.to.include('qr');
      expectNoQrEverShown(element, qrShown);
      expect(errors).to.deep.equal([]);
      expect(methodsOf(sent()), 'what the page sent').to.deep.equal(['getStateInstance', 'qr', 'getWaSettings']);
      const { qr = 0, ...requests } = (await instanceInfo(instance.idInstance)).stats.requests;
      expect(requests, 'one state check, one account lookup').to.deep.equal({ getStateInstance: 1, getWaSettings: 1 });
      expectDroppedHeadStartSeen(qr);
    });

    it("yellowCard: authorized too, with the yellow-card hint on the success state, never showing the head-start qr's answer", async () => {
      const instance = await createInstance({ stateInstance: 'yellowCard' });
      const { clock, element, authorized, errors, sent, statuses, qrShown, step } = await mountOnFakeClock(instance);
      await step(0);
      expect(authorized, 'an authorized event').to.have.length(1);
      expect(element.status).to.equal('authorized');
      expect(element.stateInstance).to.equal('yellowCard');
      expect(authorized[0].detail).to.include({ idInstance: instance.idInstance, phone: PHONE });
      const text = visibleText(element);
      expect(text).to.include(`Connected as +${PHONE}.`);
      expect(text).to.include(EN.yellowCard);
      expect(shadow(element).querySelector('[part="hint"]')?.textContent).to.include('yellow card');

      await expectNothingSentFor(step, sent, QUIET_MS, 'requests once authorized');
      expect(clock.countTimers(), 'timers left running').to.equal(0);
      expect(authorized).to.have.length(1);
      expect(errors).to.deep.equal([]);
      expect(statuses()).not.to.include('qr');
      expectNoQrEverShown(element, qrShown);
      expect(methodsOf(sent()), 'the head-start qr, not repeated').to.deep.equal(['getStateInstance', 'qr', 'getWaSettings']);
      expectDroppedHeadStartSeen(await requestCount(instance.idInstance, 'qr'));
    });
  });

  it('notAuthorized: asks getStateInstance exactly once, with the first qr beside it, and shows the QR code once it answered', async () => {
    const pollInterval = 400;
    const instance = await createInstance();
    const { element, sent, step } = await mountOnFakeClock(instance, { pollInterval });
    await step(0);
    expect(element.status).to.equal('qr');
    expect(qrImage(element)).to.exist;
    expect(element.stateInstance).to.equal('notAuthorized');
    // A few more polls.
    await step(pollInterval);
    await step(pollInterval);
    expect(methodsOf(sent()), 'what the page sent').to.deep.equal(['getStateInstance', 'qr', 'qr', 'qr']);

    const log = await requestLog(instance.idInstance);
    expect(
      log.slice(0, 2).map((entry) => entry.method),
      'the state check and the first qr, in either order on the wire',
    ).to.have.members(['getStateInstance', 'qr']);
    expectInFlightContract(inFlightOnTheWire(log), 'on the wire');
    expect(ofMethod(log, 'qr').length, 'polls').to.be.at.least(2);
    expect(ofMethod(log, 'getStateInstance'), 'state checks').to.have.length(1);
  });

  describe('being created (null) and starting: waits that pass by themselves, not errors', () => {
    it('starting: waits with "The instance is starting…" and how long that takes, no error event, and asks again every 5 s; the head-start qr is not repeated', async () => {
      const instance = await createInstance({ stateInstance: 'starting' });
      const { element, errors, sent, step } = await mountOnFakeClock(instance);
      await step(0);
      expectWaiting(element);
      expect(element.stateInstance).to.equal('starting');
      expect(visibleText(element)).to.include(EN.states.starting);
      expect(visibleText(element)).to.include(EN.settling);
      expect(visibleText(element)).not.to.include(EN.startingLong);
      expect(errors, 'no error event: starting is not a failure').to.deep.equal([]);
      expect(await stateChecks(instance.idInstance)).to.equal(1);

      for (let check = 2; check <= 4; check++) {
        await step(RECHECK_MS - 1);
        expect(await stateChecks(instance.idInstance), 'not before 5 s').to.equal(check - 1);
        await step(1);
        expect(await stateChecks(instance.idInstance), `check ${check} at 5 s`).to.equal(check);
        expectWaiting(element);
        expect(visibleText(element)).to.include(EN.states.starting);
      }
      expect(errors, 'no event for the whole wait').to.deep.equal([]);
      expect(methodsOf(sent()), 'the head start beside the first state check, and no other qr').to.deep.equal([
        'getStateInstance',
        'qr',
        'getStateInstance',
        'getStateInstance',
        'getStateInstance',
      ]);
      expectDroppedHeadStartSeen(await requestCount(instance.idInstance, 'qr'));
    });

    it('says to reboot the instance once it has been starting for 5 minutes', async () => {
      const instance = await createInstance({ stateInstance: 'starting' });
      const { clock, element, errors, step } = await mountOnFakeClock(instance);
      await step(0);
      const since = Date.now();
      await step(RECHECK_MS);
      await step(RECHECK_MS);
      expect(await stateChecks(instance.idInstance)).to.equal(3);
      expect(visibleText(element)).not.to.include(EN.startingLong);

      // Fifty-odd more rechecks would take a minute of real time under the emulator's 1/s limit:
      // move the wall clock on instead (timers keep their places), as when a laptop sleeps.
      clock.setSystemTime(since + 294_000);
      await step(RECHECK_MS); // a real recheck at 4:59, still starting
      expect(await stateChecks(instance.idInstance)).to.equal(4);
      expect(Date.now() - since).to.equal(299_000);
      expect(visibleText(element), 'at 4:59').not.to.include(EN.startingLong);
      await step(1000);
      expectWaiting(element);
      const text = visibleText(element);
      expect(text, 'at 5:00').to.include(EN.startingLong);
      expect(text, 'the advice replaces the expected duration').not.to.include(EN.settling);
      expect(text).to.include(EN.states.starting);
      expect(errors, 'the advice is not an event').to.deep.equal([]);
    });

    it('follows a new instance through its creation: "being created", then "starting" in one span of 5 minutes, then a QR code, with no error event', async () => {
      const instance = await createInstance({ stateInstance: null });
      const { clock, element, errors, statuses, step } = await mountOnFakeClock(instance);
      await step(0);
      expectWaiting(element);
      expect(element.stateInstance).to.equal(null);
      expect(visibleText(element)).to.include(EN.states.creating);
      expect(visibleText(element)).to.include(EN.settling);
      const since = Date.now();

      await setState(instance.idInstance, { stateInstance: 'starting' });
      await step(RECHECK_MS);
      expectWaiting(element);
      expect(element.stateInstance).to.equal('starting');
      expect(visibleText(element)).to.include(EN.states.starting);
      expect(visibleText(element)).not.to.include(EN.states.creating);
      // The 5 minutes count from when it was first seen being created, not from when it began starting.
      clock.setSystemTime(since + 300_000 - RECHECK_MS);
      await step(RECHECK_MS);
      expect(visibleText(element), '5 minutes after creation began').to.include(EN.startingLong);

      await setState(instance.idInstance, { stateInstance: 'notAuthorized' });
      await step(RECHECK_MS);
      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect(errors).to.deep.equal([]);
      expect(statuses().filter((status) => status === 'error')).to.deep.equal([]);
    });

    it('shows the QR code by itself once the instance is notAuthorized, from a QR source started then (the head start was dropped)', async () => {
      const instance = await createInstance({ stateInstance: 'starting' });
      const { element, errors, step } = await mountOnFakeClock(instance);
      await step(0);
      await step(RECHECK_MS);
      expectWaiting(element);
      await setState(instance.idInstance, { stateInstance: 'notAuthorized' });
      await step(RECHECK_MS);
      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect(element.stateInstance).to.equal('notAuthorized');
      expect(visibleText(element)).not.to.include(EN.states.starting);
      expect(errors).to.deep.equal([]);
      const log = (await requestLog(instance.idInstance)).map((entry) => entry.method);
      const headStart = log.slice(0, 2).filter((method) => method === 'qr');
      expectDroppedHeadStartSeen(headStart.length);
      expect(log.filter((method, i) => !(i < 2 && method === 'qr'))).to.deep.equal(['getStateInstance', 'getStateInstance', 'getStateInstance', 'qr']);
    });
  });

  describe('blocked', () => {
    it('is an error (code blocked, not retryable) that stops; "Try again" asks the state again', async () => {
      const instance = await createInstance({ stateInstance: 'blocked' });
      const { element, errors, sent, step } = await mountOnFakeClock(instance);
      await step(0);
      expect(element.status).to.equal('error');
      expect(element.getAttribute('status')).to.equal('error');
      expect(element.stateInstance).to.equal('blocked');
      expect(errors).to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'blocked', retryable: false });
      expect(visibleText(element)).to.include(EN.errors.blocked);
      expect(button(element)?.textContent?.trim()).to.equal(EN.tryAgain);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after the blocked error');
      expect(await stateChecks(instance.idInstance), 'no asking again by itself').to.equal(1);

      button(element)!.click();
      await element.updateComplete;
      expect(element.status, 'right after "Try again"').to.equal('loading');
      await step(0);
      expect(errors, 'the second blocked error').to.have.length(2);
      expect(await stateChecks(instance.idInstance)).to.equal(2);
      expect(element.status).to.equal('error');
      expect(errors[1].detail.code).to.equal('blocked');
      // The user reads the message a while (past the 1 s rate-limit gap of getStateInstance) before trying again.
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after the second blocked error');

      await setState(instance.idInstance, { stateInstance: 'notAuthorized' });
      button(element)!.click();
      await step(0);
      expect(element.status).to.equal('qr');
      expect(await stateChecks(instance.idInstance)).to.equal(3);
      expect(qrImage(element)).to.exist;
    });
  });

  describe('not ready: says which state, asks again every 5 s and goes on by itself', () => {
    const cases: { state: string | null; text: string; named: RegExp; then: 'notAuthorized' | 'authorized' }[] = [
      { state: 'sleepMode', text: EN.states.sleepMode, named: /"sleepMode"/, then: 'authorized' },
      { state: 'suspended', text: EN.states.suspended, named: /"suspended"/, then: 'notAuthorized' },
      { state: 'pendingCode', text: EN.states.pendingCode, named: /"pendingCode"/, then: 'authorized' },
      { state: 'quantumFlux', text: 'The instance is in the state "quantumFlux".', named: /"quantumFlux"/, then: 'notAuthorized' },
    ];

    for (const { state, text, named, then } of cases) {
      const name = state === null ? 'null (being created)' : state;
      const next = then === 'authorized' ? '`authorized`, never showing a code,' : 'a QR code';
      it(`${name}: loading with "${text}", then ${next} once the state is ${then}`, async () => {
        const instance = await createInstance({ stateInstance: state });
        const { element, authorized, errors, statuses, qrShown, sent, step } = await mountOnFakeClock(instance);
        await step(0);
        expectWaiting(element);
        expect(element.stateInstance, 'stateInstance').to.equal(state);
        expect(visibleText(element)).to.include(text);
        expect(errors).to.have.length(1);
        expect(errors[0].detail).to.include({ code: 'instance-state', retryable: true });
        expect(errors[0].detail.message, 'the message names the state').to.match(named);

        await step(RECHECK_MS - 1);
        expect(await stateChecks(instance.idInstance)).to.equal(1);
        await step(1);
        expect(await stateChecks(instance.idInstance), 'asked again after 5 s').to.equal(2);
        expectWaiting(element);
        expect(visibleText(element)).to.include(text);
        expect(errors, 'the same state is not reported again').to.have.length(1);

        await setState(instance.idInstance, { stateInstance: then });
        await step(RECHECK_MS);
        expect(await stateChecks(instance.idInstance)).to.equal(3);
        if (then === 'notAuthorized') {
          expect(element.status).to.equal('qr');
          expect(qrImage(element)).to.exist;
          expect(element.stateInstance).to.equal('notAuthorized');
          expect(authorized).to.deep.equal([]);
        } else {
          expect(element.status).to.equal('authorized');
          expect(authorized).to.have.length(1);
          expect(authorized[0].detail).to.include({ idInstance: instance.idInstance, phone: PHONE });
          expect(element.stateInstance).to.equal('authorized');
          expect(statuses()).not.to.include('qr');
          expectNoQrEverShown(element, qrShown);
          expect(
            methodsOf(sent()).filter((method) => method === 'qr'),
            'the head start beside the first state check, and no other',
          ).to.have.length(1);
          expectDroppedHeadStartSeen(await requestCount(instance.idInstance, 'qr'));
        }
        expect(visibleText(element)).not.to.include(text);
        expect(errors).to.have.length(1);
      });
    }

    it('follows a change from one waiting state to another: new text, and a new event naming the new state', async () => {
      const instance = await createInstance({ stateInstance: 'pendingCode' });
      const { element, errors, step } = await mountOnFakeClock(instance);
      await step(0);
      expect(visibleText(element)).to.include(EN.states.pendingCode);
      await setState(instance.idInstance, { stateInstance: 'suspended' });
      await step(RECHECK_MS);
      expectWaiting(element);
      expect(element.stateInstance).to.equal('suspended');
      expect(visibleText(element)).to.include(EN.states.suspended);
      expect(visibleText(element)).not.to.include(EN.states.pendingCode);
      expect(errors.map((event) => event.detail.code)).to.deep.equal(['instance-state', 'instance-state']);
      expect(errors[1].detail.message).to.match(/"suspended"/);
    });

    it('speaks Russian with lang="ru"', async () => {
      const instance = await createInstance({ stateInstance: 'sleepMode' });
      const { element, errors } = await mount(instance, { lang: 'ru' });
      await until(() => errors.length > 0, 'an instance-state error');
      await element.updateComplete;
      expectWaiting(element);
      const text = visibleText(element);
      expect(text).to.include(RU.states.sleepMode);
      expect(text).to.match(/Ожидание \d+:\d\d/);
      expect(text).not.to.include(EN.states.sleepMode);
      expect(errors[0].detail.code).to.equal('instance-state');
    });

    it('speaks Russian for a state it does not know, showing the value as it is', async () => {
      const instance = await createInstance({ stateInstance: 'quantumFlux' });
      const { element, errors } = await mount(instance, { lang: 'ru' });
      await until(() => errors.length > 0, 'an instance-state error');
      await element.updateComplete;
      expect(visibleText(element)).to.include('Инстанс в состоянии «quantumFlux».');
    });
  });

  describe('when getStateInstance itself fails', () => {
    it('401: an unauthorized error that stops; the code the head-start qr got is never shown, and no qr follows', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { method: 'getStateInstance', status: 401 });
      const { element, errors, sent, qrShown, step } = await mountOnFakeClock(instance);
      await step(0);
      expect(element.status).to.equal('error');
      expect(errors).to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'unauthorized', status: 401, retryable: false });
      expect(visibleText(element)).to.include(EN.errors.unauthorized);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after the unauthorized error');
      expect(errors).to.have.length(1);
      expectNoQrEverShown(element, qrShown);
      expect(methodsOf(sent()), 'the state check and the head-start qr, nothing after').to.deep.equal(['getStateInstance', 'qr']);
      const log = (await requestLog(instance.idInstance)).map((entry) => `${entry.method} ${entry.status}`);
      expect(
        log.filter((entry) => entry !== 'qr 200'),
        'at the emulator',
      ).to.deep.equal(['getStateInstance 401']);
      expectDroppedHeadStartSeen(log.length - 1);
    });

    it('500: retried with growing backoff, the head-start qr dropped meanwhile, then goes on to the QR code', async () => {
      sinon.stub(Math, 'random').returns(1); // backoff of exactly 1 s, then 2 s
      const instance = await createInstance();
      await addFault(instance.idInstance, { method: 'getStateInstance', status: 500, times: 2 });
      const { element, errors, sent, qrShown, step } = await mountOnFakeClock(instance);
      await step(0);
      expectWaiting(element);
      expect(errors).to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'server', status: 500, retryable: true });
      expect(visibleText(element)).to.match(/Retrying in \d+ s/);

      // The first retry waits 1 s, stretched to the method's 1.05 s rate-limit gap.
      // The head start would have polled again after 1 s: it stopped with the first 500.
      await step(STATE_CHECK_GAP_MS - 1);
      expect(await stateChecks(instance.idInstance)).to.equal(1);
      expect(methodsOf(sent()), 'the head-start qr, not repeated during the backoff').to.deep.equal(['getStateInstance', 'qr']);
      await step(1);
      expect(await stateChecks(instance.idInstance)).to.equal(2);
      expect(element.status).to.equal('loading');
      expectNoQrEverShown(element, qrShown);
      // The second waits longer: 2 s.
      await step(1999);
      expect(await stateChecks(instance.idInstance)).to.equal(2);
      await step(1);
      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect(errors, 'one event for the run of 500s').to.have.length(1);
      expect(methodsOf(sent())).to.deep.equal(['getStateInstance', 'qr', 'getStateInstance', 'getStateInstance', 'qr']);
      const log = (await requestLog(instance.idInstance)).map((entry) => `${entry.method} ${entry.status}`);
      const headStart = log.slice(0, 2).filter((entry) => entry === 'qr 200');
      expectDroppedHeadStartSeen(headStart.length);
      expect(log.filter((entry, i) => !(i < 2 && entry === 'qr 200'))).to.deep.equal([
        'getStateInstance 500',
        'getStateInstance 500',
        'getStateInstance 200',
        'qr 200',
      ]);
    });

    it('a body that is not JSON: a retryable bad-response, asked again, then the QR code', async () => {
      sinon.stub(Math, 'random').returns(0); // a backoff of 0.5 s, stretched to the method's 1.05 s rate-limit gap
      const instance = await createInstance();
      await addFault(instance.idInstance, { method: 'getStateInstance', preset: 'not-json', times: 1 });
      const { element, errors, step } = await mountOnFakeClock(instance);
      await step(0);
      expect(errors, 'a bad-response error').to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'bad-response', retryable: true });
      expect(element.status).to.equal('loading');
      await step(STATE_CHECK_GAP_MS - 1);
      expect(await stateChecks(instance.idInstance), 'not asked again before the gap').to.equal(1);
      await step(1);
      expect(element.status).to.equal('qr');
      expect(await stateChecks(instance.idInstance)).to.equal(2);
      expect(errors).to.have.length(1);
      expect(element.stateInstance).to.equal('notAuthorized');
    });
  });
});
