import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, clearFaults, createInstance, EMULATOR_URL, requestLog, scan } from '../helpers/emulator.js';
import { expectNothingSentFor, fakeClockFixture, fetchStepper, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, qrFixture, qrImage, requestCount, untilAborted, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { expectInFlightContract, inFlightOnTheWire, methodsOf, recordErrorDetails, recordStatuses, spyGreenApiRequests } from '../helpers/observe.js';
import { expectDroppedHeadStartSeen } from '../helpers/states.js';
import { realDelay, until } from '../helpers/wait.js';

/** How often these tests' elements poll: what matters here is that they poll, not how often. */
const POLL_MS = 400;
/** GreenApiClient's start-to-start gap for the 1-per-second methods such as getStateInstance (not exported by src). */
const STATE_CHECK_GAP_MS = 1050;
/**
 * Fake time after which nothing more may be sent: longer than every timer the element could still
 * hold (a poll, a 5 s state re-check, a backoff), so that any of them would have fired.
 */
const QUIET_MS = 60_000;

/** Nodes a test put on the page outside open-wc's fixture container. */
const strays: Element[] = [];

function onPage<T extends Element>(node: T): T {
  strays.push(node);
  document.body.append(node);
  return node;
}

describe('lifecycle', () => {
  afterEach(() => {
    sinon.restore();
    for (const node of strays.splice(0)) node.remove();
  });

  describe('starting', () => {
    it('starts by itself once it is on the page with an id and a token, and not before', async () => {
      const instance = await createInstance();
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const element = document.createElement('greenapi-qr');
      element.apiUrl = EMULATOR_URL;
      element.idInstance = instance.idInstance;
      element.apiTokenInstance = instance.apiTokenInstance;
      // Off the page a minute of its time goes by (a stepper would wait for a render that never comes off the page).
      const tick = async (ms: number) => {
        clock.tick(ms);
      };
      await expectNothingSentFor(tick, sent, QUIET_MS, 'requests before it is on the page');
      expect(await allRequestCount(instance.idInstance), 'requests before it is on the page').to.equal(0);
      onPage(element);
      await fetchStepper(clock, element, instance.idInstance)(0);
      await untilStatus(element, 'qr');
      expect(await requestCount(instance.idInstance, 'getStateInstance')).to.equal(1);
      expect(await requestCount(instance.idInstance)).to.equal(1);
    });

    it('stays idle and sends nothing with neither an id nor a token', async () => {
      const clock = useFakeClock();
      const greenApiRequests = spyGreenApiRequests();
      const element = await fixture<GreenApiQr>(html`<greenapi-qr api-url=${EMULATOR_URL}></greenapi-qr>`);
      await expectNothingSentFor(fetchStepper(clock, element), greenApiRequests, QUIET_MS);
      expect(element.status).to.equal('idle');
      expect(greenApiRequests()).to.deep.equal([]);
      expect(clock.countTimers(), 'no timer runs while it waits').to.equal(0);
      expect(visibleText(element)).to.include('Waiting for id-instance, api-token-instance to be set.');
    });

    for (const missing of ['api-token-instance', 'id-instance'] as const) {
      it(`waits in idle without ${missing}, says so, fires no error, sends nothing, and starts by itself once it is set`, async () => {
        const instance = await createInstance();
        const clock = useFakeClock();
        const greenApiRequests = spyGreenApiRequests();
        const element = document.createElement('greenapi-qr');
        element.apiUrl = EMULATOR_URL;
        if (missing === 'api-token-instance') element.idInstance = instance.idInstance;
        else element.apiTokenInstance = instance.apiTokenInstance;
        const errors = recordErrorDetails(element);
        const step = fetchStepper(clock, element, instance.idInstance);
        onPage(element);
        await element.updateComplete;
        errors.length = 0;
        element.start();
        await element.updateComplete;
        expect(element.status).to.equal('idle');
        expect(visibleText(element)).to.include(`Waiting for ${missing} to be set.`);
        await expectNothingSentFor(step, greenApiRequests, QUIET_MS);
        expect(errors).to.deep.equal([]);
        expect(greenApiRequests()).to.deep.equal([]);
        expect(await allRequestCount(instance.idInstance)).to.equal(0);

        if (missing === 'api-token-instance') element.apiTokenInstance = instance.apiTokenInstance;
        else element.idInstance = instance.idInstance;
        await element.updateComplete;
        await step(0);
        await untilStatus(element, 'qr');
        expect(errors).to.deep.equal([]);
      });
    }

    for (const cleared of ['api-token-instance', 'id-instance'] as const) {
      it(`drops the request in flight and waits in idle, with no error, when ${cleared} is cleared`, async () => {
        const { element, instance, clock, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS });
        await step(0);
        await untilStatus(element, 'qr');
        await addFault(instance.idInstance, { hang: true });
        clock.tick(POLL_MS); // the next poll goes out, and hangs
        await untilInFlight(instance.idInstance, 1);
        const errors = recordErrorDetails(element);

        if (cleared === 'api-token-instance') element.apiTokenInstance = '';
        else element.removeAttribute('id-instance');
        await element.updateComplete;

        expect(element.status).to.equal('idle');
        expect(visibleText(element)).to.include(`Waiting for ${cleared} to be set.`);
        await untilAborted(instance.idInstance, 1);
        await clearFaults(instance.idInstance);
        const count = await allRequestCount(instance.idInstance);
        await expectNothingSentFor(step, sent, QUIET_MS, 'requests while waiting');
        expect(await allRequestCount(instance.idInstance), 'requests while waiting').to.equal(count);
        expect(errors).to.deep.equal([]);
      });
    }
  });

  describe('removal', () => {
    it('aborts the request in flight when removed, and sends nothing afterwards', async () => {
      const instance = await createInstance();
      // Only the first request hangs: any request sent after removal would be answered and counted.
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const { element, clock, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS }, instance);
      await passStateCheck(clock, element);
      await untilInFlight(instance.idInstance, 1);
      element.remove();
      await untilAborted(instance.idInstance, 1);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after removal');
      expect(await requestCount(instance.idInstance), 'qr requests: the one that hung').to.equal(1);
      expect(await allRequestCount(instance.idInstance), 'requests: the state check and that qr, none after removal').to.equal(2);
      expectInFlightContract(inFlightOnTheWire(await requestLog(instance.idInstance)), 'on the wire');
    });

    it('leaves no timer running once removed', async () => {
      const clock = useFakeClock();
      const instance = await createInstance();
      const { element } = await qrFixture({ pollInterval: 1000, maxWait: 60_000 }, instance);
      await passStateCheck(clock, element);
      await untilStatus(element, 'qr');
      // A code on screen (stale and max-wait timers) and the next request in flight (its timeout).
      await addFault(instance.idInstance, { hang: true });
      await clock.tickAsync(1000);
      await untilInFlight(instance.idInstance, 1);
      expect(clock.countTimers(), 'timers while running').to.be.greaterThan(0);

      element.remove();
      await realDelay(50); // let the aborted fetch settle
      expect(clock.countTimers(), 'timers left after removal').to.equal(0);
      await untilAborted(instance.idInstance, 1);
    });
  });

  describe('stop, start and refresh', () => {
    it('stop() aborts the request in flight, goes idle and sends nothing more; start() resumes', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const { element, clock, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS }, instance);
      await passStateCheck(clock, element);
      await untilInFlight(instance.idInstance, 1);

      element.stop();
      await element.updateComplete;
      expect(element.status).to.equal('idle');
      expect(element.getAttribute('status')).to.equal('idle');
      await untilAborted(instance.idInstance, 1);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after stop()');
      expect(await allRequestCount(instance.idInstance), 'requests after stop(): still the state check and the hung qr').to.equal(2);

      element.start();
      await step(0);
      await untilStatus(element, 'qr');
      await step(POLL_MS);
      expect(await requestCount(instance.idInstance), 'polling goes on after start(): the hung qr, the first code, the next poll').to.equal(3);
    });

    it('refresh() asks for a new code at once instead of waiting for the poll interval', async () => {
      const { element, instance, step } = await fakeClockFixture({ pollInterval: 60_000 });
      await step(0);
      await untilStatus(element, 'qr');
      await step(500);
      expect(await requestCount(instance.idInstance)).to.equal(1);
      element.refresh();
      // A new session: the state check (kept a second after the last one, GREEN-API's limit), then at once the qr request.
      await step(STATE_CHECK_GAP_MS);
      expect(await requestCount(instance.idInstance), 'a fresh request, long before the 60 s poll interval').to.equal(2);
      expect(await requestCount(instance.idInstance, 'getStateInstance')).to.equal(2);
      await untilStatus(element, 'qr');
    });

    it('refresh() drops the request in flight and starts a fresh session: its state check and head-start qr, one of each', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const { element, clock, step } = await fakeClockFixture({}, instance);
      await passStateCheck(clock, element);
      await untilInFlight(instance.idInstance, 1);
      element.refresh();
      await untilAborted(instance.idInstance, 1);
      await step(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the first one
      await untilStatus(element, 'qr');
      const log = await requestLog(instance.idInstance);
      // Each session asks the instance's state once, with its first qr request beside it (in
      // either order on the wire: each keeps its own rate-limit gap from the last session's).
      const entries = log.map((entry) => [entry.method, entry.aborted, entry.status]);
      expect(entries).to.have.length(4);
      expect(entries.slice(0, 2), 'the first session').to.have.deep.members([
        ['getStateInstance', false, 200],
        ['qr', true, null],
      ]);
      expect(entries.slice(2), 'the session refresh() started').to.have.deep.members([
        ['getStateInstance', false, 200],
        ['qr', false, 200],
      ]);
      expectInFlightContract(inFlightOnTheWire(log), 'on the wire');
    });
  });

  describe('changing the settings', () => {
    it('switches to the new instance when id-instance changes: the old request is aborted, the old instance is left alone', async () => {
      const old = await createInstance();
      const next = await createInstance({ apiTokenInstance: old.apiTokenInstance });
      await addFault(old.idInstance, { hang: true });
      const { element, clock } = await fakeClockFixture({ pollInterval: POLL_MS }, old);
      await passStateCheck(clock, element);
      await untilInFlight(old.idInstance, 1);
      const stepNext = fetchStepper(clock, element, next.idInstance);

      element.setAttribute('id-instance', next.idInstance);
      await element.updateComplete;
      await untilAborted(old.idInstance, 1);
      await stepNext(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the first one
      await untilStatus(element, 'qr');
      await stepNext(POLL_MS);
      await stepNext(POLL_MS);
      expect(await requestCount(next.idInstance), 'polling the new instance').to.equal(3);
      const toOld = (await requestLog(old.idInstance)).map((entry) => [entry.method, entry.aborted]);
      expect(toOld, 'requests to the old instance: its state check and the aborted qr request').to.have.deep.members([
        ['getStateInstance', false],
        ['qr', true],
      ]);
      expect(toOld).to.have.length(2);
    });

    it("uses the new token when api-token-instance changes, aborting the request made with the old one; the new state check's 401 is the one error", async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const { element, clock, step } = await fakeClockFixture({ pollInterval: POLL_MS }, instance);
      await passStateCheck(clock, element);
      await untilInFlight(instance.idInstance, 1);
      const errors = recordErrorDetails(element);

      element.apiTokenInstance = 'another-token';
      await element.updateComplete;
      await untilAborted(instance.idInstance, 1);
      await step(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the first one
      await untilStatus(element, 'error');
      // The emulator answers 401 to the wrong token: the new session's state check and the qr
      // beside it both carried the new value; only the state check's 401 is reported.
      const entries = (await requestLog(instance.idInstance)).map((entry) => [entry.method, entry.aborted, entry.status]);
      expect(entries.slice(0, 2), 'the first session').to.have.deep.members([
        ['getStateInstance', false, 200],
        ['qr', true, null],
      ]);
      // The new session's qr too, unless the state's 401 dropped it before it was on the wire.
      const newSession = entries.slice(2);
      expect(
        newSession.filter(([method]) => method === 'getStateInstance'),
        'the session with the new token',
      ).to.deep.equal([['getStateInstance', false, 401]]);
      const headStart = newSession.filter(([method]) => method === 'qr');
      expectDroppedHeadStartSeen(headStart.length);
      for (const entry of headStart) expect(entry, 'its head-start qr').to.deep.equal(['qr', false, 401]);
      expect(newSession).to.have.length(1 + headStart.length);
      expect(errors.map((error) => error.code)).to.deep.equal(['unauthorized']);
    });

    it('uses the new host when api-url changes, aborting the request made to the old one', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const oldUrl = EMULATOR_URL.replace('127.0.0.1', 'localhost');
      const clock = useFakeClock();
      const greenApiRequests = spyGreenApiRequests();
      const element = await fixture<GreenApiQr>(html`
        <greenapi-qr
          api-url=${oldUrl}
          id-instance=${instance.idInstance}
          .apiTokenInstance=${instance.apiTokenInstance}
          poll-interval=${POLL_MS}
        ></greenapi-qr>
      `);
      const step = fetchStepper(clock, element, instance.idInstance);
      await passStateCheck(clock, element);
      await untilInFlight(instance.idInstance, 1);

      element.setAttribute('api-url', EMULATOR_URL);
      await element.updateComplete;
      await untilAborted(instance.idInstance, 1);
      await step(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the first one
      await untilStatus(element, 'qr');
      const urls = greenApiRequests();
      const toOld = urls.filter((url) => url.startsWith(`${oldUrl}/`));
      expect(methodsOf(toOld), 'to the old host: the state check and the aborted qr request, sent together').to.deep.equal(['getStateInstance', 'qr']);
      expect(urls.slice(0, 2), 'those came first').to.deep.equal(toOld);
      // Each keeps its own rate-limit gap from the first session: the qr (a third of a second) may leave first.
      expect(methodsOf(urls.slice(2, 4)), 'then a new session on the new host').to.have.members(['getStateInstance', 'qr']);
      for (const url of urls.slice(2)) expect(url.startsWith(`${EMULATOR_URL}/`), url).to.equal(true);
    });

    it('never shows or announces a late answer for the instance it was switched away from', async () => {
      const old = await createInstance();
      const next = await createInstance();
      const { element, clock, step } = await fakeClockFixture({ pollInterval: POLL_MS }, old);
      await step(0);
      await untilStatus(element, 'qr');
      const oldPicture = qrImage(element)!.getAttribute('src');
      const authorized: unknown[] = [];
      element.addEventListener('authorized', (event) => authorized.push(event.detail));
      const statuses = recordStatuses(element);

      // The old instance's next answer comes 1.5 s late and, once scanned, says alreadyLogged.
      await addFault(old.idInstance, { latencyMs: 1500 });
      clock.tick(POLL_MS); // that poll goes out
      await untilInFlight(old.idInstance, 1);
      await scan(old.idInstance);
      element.idInstance = next.idInstance;
      element.apiTokenInstance = next.apiTokenInstance;
      await element.updateComplete;

      const stepNext = fetchStepper(clock, element, next.idInstance);
      await stepNext(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the old one's
      await until(() => element.status === 'qr' && qrImage(element)?.getAttribute('src') !== oldPicture, "the new instance's code");
      await stepNext(POLL_MS);
      // Dropped before its answer was written: the emulator never sends it (rather than waiting 1.5 s for it to arrive).
      await untilAborted(old.idInstance, 1);
      await element.updateComplete;
      expect(element.status).to.equal('qr');
      expect(qrImage(element)!.getAttribute('src')).not.to.equal(oldPicture);
      expect(authorized, 'authorized events').to.have.length(0);
      expect(statuses()).not.to.include('authorized');
      expect(visibleText(element)).not.to.include('WhatsApp is connected').and.not.include('Connected as');
      expect(await requestCount(old.idInstance, 'getWaSettings'), 'account details of the old instance').to.equal(0);
      expect(await requestCount(next.idInstance)).to.equal(2);
    });
  });

  describe('moving in the DOM', () => {
    it('resumes polling after being removed and appended elsewhere', async () => {
      const { element, instance, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS });
      await step(0);
      await untilStatus(element, 'qr');
      element.remove();
      const whileDetached = await allRequestCount(instance.idInstance);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests while off the page');
      expect(await allRequestCount(instance.idInstance), 'requests while off the page').to.equal(whileDetached);

      onPage(document.createElement('section')).append(element);
      const qrWhileDetached = await requestCount(instance.idInstance);
      await step(0);
      await step(POLL_MS);
      expect(await requestCount(instance.idInstance), 'polling resumed').to.equal(qrWhileDetached + 2);
      await untilStatus(element, 'qr');
    });

    it('sends nothing when its instance changes while it is off the page, and uses the new one once back', async () => {
      const { element, clock, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS });
      await step(0);
      await untilStatus(element, 'qr');
      element.remove();
      const other = await createInstance();
      element.idInstance = other.idInstance;
      element.apiTokenInstance = other.apiTokenInstance;
      await element.updateComplete;
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests while off the page');
      expect(await allRequestCount(other.idInstance), 'requests while off the page').to.equal(0);

      onPage(document.createElement('section')).append(element);
      await fetchStepper(clock, element, other.idInstance)(0);
      expect(await requestCount(other.idInstance), 'polling the new instance').to.equal(1);
      await untilStatus(element, 'qr');
    });

    it('keeps polling when moved in one step, with one request at a time per method', async () => {
      const { element, instance, step } = await fakeClockFixture({ pollInterval: POLL_MS });
      await step(0);
      await untilStatus(element, 'qr');
      const before = await requestCount(instance.idInstance);
      onPage(document.createElement('section')).append(element);
      await step(STATE_CHECK_GAP_MS); // moving starts a new session, whose state check keeps its gap from the first one
      await step(POLL_MS);
      expect(await requestCount(instance.idInstance), 'polling goes on').to.equal(before + 2);
      expect(element.status).to.be.oneOf(['loading', 'qr']);
      expectInFlightContract(inFlightOnTheWire(await requestLog(instance.idInstance)), 'on the wire');
    });

    it('stays stopped when a stopped element is moved', async () => {
      const { element, instance, sent, step } = await fakeClockFixture({ pollInterval: POLL_MS });
      await step(0);
      await untilStatus(element, 'qr');
      element.stop();
      await element.updateComplete;
      const before = await allRequestCount(instance.idInstance);
      onPage(document.createElement('section')).append(element);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after the move');
      expect(element.status).to.equal('idle');
      expect(await allRequestCount(instance.idInstance)).to.equal(before);
    });
  });
});
