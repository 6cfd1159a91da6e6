import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { addFault, clearFaults, createInstance, type TestInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import {
  allRequestCount,
  qrFixture,
  qrImage,
  requestCount,
  shadow,
  untilAborted,
  untilInFlight,
  untilStatus,
  visibleText,
  type QrFixtureOptions,
} from '../helpers/fixture.js';
import { methodsOf, spyGreenApiRequests } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

/**
 * Long enough for every timer the element could still hold (a poll, a backoff of up to 30 s, the
 * 20 s staleness of a code) to fire: "nothing is sent while paused" on the fake clock says more
 * than a real second did.
 */
const WHILE_PAUSED_MS = 60_000;

/**
 * A qrFixture (polling every second unless told otherwise) on a fake clock, its GREEN-API requests
 * spied on from the start, stepped by fetchStepper. Nothing is sent before the first step.
 */
async function onFakeClock(options: QrFixtureOptions = {}, instance?: TestInstance) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const fixtureResult = await qrFixture({ pollInterval: 1000, ...options }, instance);
  return { clock, sent, ...fixtureResult, step: fetchStepper(clock, fixtureResult.element, fixtureResult.instance.idInstance) };
}

/** Makes the page look hidden (or visible again) the way a browser tab switch does. */
function setPageHidden(hidden: boolean): void {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as unknown as Record<string, unknown>).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Makes the browser look offline (or online again). */
function setOffline(offline: boolean): void {
  if (offline) Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
  else delete (navigator as unknown as Record<string, unknown>).onLine;
  window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
}

const PAUSES = [
  { name: 'the page is hidden', pause: () => setPageHidden(true), resume: () => setPageHidden(false), text: 'Paused while the page is hidden.' },
  { name: 'the browser is offline', pause: () => setOffline(true), resume: () => setOffline(false), text: 'You are offline. Waiting for the connection…' },
];

describe('pausing', () => {
  afterEach(() => {
    sinon.restore();
    if (Object.hasOwn(document, 'visibilityState')) setPageHidden(false);
    if (Object.hasOwn(navigator, 'onLine')) setOffline(false);
  });

  for (const { name, pause, resume, text } of PAUSES) {
    it(`aborts the request in flight and sends nothing while ${name}, then resumes at once`, async () => {
      const { clock, element, instance, sent, step } = await onFakeClock({ pollInterval: 3000 });
      await step(0);
      expect(element.status).to.equal('qr');
      // Past GREEN-API's one-per-second gap after the first state check, short of the 3 s poll.
      await step(2000);
      await addFault(instance.idInstance, { hang: true, times: 1 });
      element.refresh();
      // The state check and the qr beside it (the head start) go out together; the state is
      // answered, the qr hangs: ticks of 0 ms, not a step, which would wait for the hanging answer.
      const refreshed = sent().length;
      await until(() => {
        clock.tick(0);
        return sent().length === refreshed + 2;
      }, 'the state check and a qr request after the refresh');
      expect(methodsOf(sent().slice(refreshed))).to.deep.equal(['getStateInstance', 'qr']);
      await untilInFlight(instance.idInstance, 1);
      await element.updateComplete;
      expect(element.status, 'getting a code after the refresh').to.equal('loading');
      expect(visibleText(element), 'the clock a loading element shows, until it pauses').to.match(/Waiting \d/);

      pause();
      await element.updateComplete;
      await untilAborted(instance.idInstance, 1);
      expect(visibleText(element)).to.include(text);
      expect(visibleText(element), 'no countdown while paused').not.to.match(/Waiting \d|Retrying/);
      const count = await allRequestCount(instance.idInstance);
      const qrCount = await requestCount(instance.idInstance);
      await expectNothingSentFor(step, sent, WHILE_PAUSED_MS, 'requests while paused');
      expect(await allRequestCount(instance.idInstance), 'requests while paused').to.equal(count);
      expect(visibleText(element)).to.include(text);

      resume();
      // At once, without the fake clock moving (the 3 s poll interval is not waited out): it asks
      // again for a code (no new state check).
      const before = sent().length;
      await step(0);
      expect(methodsOf(sent().slice(before)), 'the request right after resuming').to.deep.equal(['qr']);
      expect(await allRequestCount(instance.idInstance), 'requests after resuming').to.equal(count + 1);
      expect(await requestCount(instance.idInstance), 'that request').to.equal(qrCount + 1);
      expect(element.status).to.equal('qr');
      expect(visibleText(element)).not.to.include(text);
      expect(visibleText(element)).to.include('Scan with WhatsApp');
    });

    it(`keeps the code on screen but says so while ${name}`, async () => {
      const { element } = await qrFixture();
      await untilStatus(element, 'qr');
      pause();
      await element.updateComplete;
      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect(visibleText(element)).to.include(text);
      resume();
      await element.updateComplete;
      expect(visibleText(element)).not.to.include(text);
    });
  }

  it('after a pause says it is getting a code again, not the failure it was retrying before', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { status: 500 });
    const { element } = await qrFixture({}, instance);
    await until(() => visibleText(element).includes('GREEN-API is having trouble.'), 'the retried failure shown');
    await clearFaults(instance.idInstance);
    await addFault(instance.idInstance, { hang: true });
    setPageHidden(true);
    setPageHidden(false);
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(visibleText(element)).to.include('Getting the QR code from WhatsApp…');
    expect(visibleText(element)).not.to.include('having trouble');
  });

  it('sends nothing when put on a hidden page until the page is shown', async () => {
    setPageHidden(true);
    const { element, instance, sent, step } = await onFakeClock();
    await expectNothingSentFor(step, sent, WHILE_PAUSED_MS, 'requests while hidden, the state check included');
    expect(await allRequestCount(instance.idInstance), 'requests while hidden, the state check included').to.equal(0);
    expect(element.stateInstance, 'not asked yet').to.equal(undefined);
    expect(element.status).to.equal('loading');
    expect(visibleText(element)).to.include('Paused while the page is hidden.');
    setPageHidden(false);
    await step(0); // at once, the fake clock standing still
    expect(await requestCount(instance.idInstance), 'the first qr request once shown').to.equal(1);
    expect(await requestCount(instance.idInstance, 'getStateInstance'), 'the state check beside it').to.equal(1);
    expect(methodsOf(sent()), 'both at once, the fake clock standing still').to.deep.equal(['getStateInstance', 'qr']);
    await untilStatus(element, 'qr');
  });

  it('stays paused when the page is shown again while still offline, and resumes once online', async () => {
    const { element, instance, sent, step } = await onFakeClock({ pollInterval: 3000 });
    await step(0);
    expect(element.status).to.equal('qr');
    setPageHidden(true);
    setOffline(true);
    const count = await allRequestCount(instance.idInstance);
    setPageHidden(false);
    await element.updateComplete;
    expect(visibleText(element)).to.include('You are offline.');
    await expectNothingSentFor(step, sent, WHILE_PAUSED_MS, 'requests while still offline');
    expect(await allRequestCount(instance.idInstance), 'requests while still offline').to.equal(count);
    setOffline(false);
    const before = sent().length;
    await step(0); // at once, the fake clock standing still
    expect(methodsOf(sent().slice(before)), 'a request once online').to.deep.equal(['qr']);
    expect(await allRequestCount(instance.idInstance), 'a request once online').to.equal(count + 1);
    expect(visibleText(element)).not.to.include('You are offline.');
  });

  it('does not count hidden time towards max-wait', async () => {
    const clock = useFakeClock();
    const { element, instance } = await qrFixture({ maxWait: 3000, pollInterval: 1000 });
    await passStateCheck(clock, element);
    await untilStatus(element, 'qr');

    await addFault(instance.idInstance, { hang: true, times: 1 });
    await clock.tickAsync(1000); // 1 s of 3 shown; the next poll goes out and hangs
    await untilInFlight(instance.idInstance, 1);
    setPageHidden(true);
    await untilAborted(instance.idInstance, 1);
    await clock.tickAsync(10_000);
    await element.updateComplete;
    expect(element.status, 'after 10 s hidden').to.equal('qr');

    setPageHidden(false);
    await clock.tickAsync(0);
    await untilInFlight(instance.idInstance, 0);
    await clock.tickAsync(1900); // 2.9 s shown in all
    await element.updateComplete;
    expect(element.status, 'after 2.9 s of showing').to.equal('qr');
    await clock.tickAsync(200); // 3.1 s shown in all
    await element.updateComplete;
    expect(element.status, 'after 3.1 s of showing').to.equal('expired');
    expect(qrImage(element)).to.equal(null);
  });

  it('does not show a code older than 20 s after the page comes back', async () => {
    const { clock, element, sent, step } = await onFakeClock({ pollInterval: 1000 });
    await step(0);
    expect(element.status).to.equal('qr');

    setPageHidden(true);
    await step(21_000);
    setPageHidden(false);
    const before = sent().length;
    clock.tick(0); // the request for a fresh code goes out
    expect(methodsOf(sent().slice(before)), 'a request for a fresh code').to.deep.equal(['qr']);
    // Lit renders in microtasks, and the answer can only be handled in a later task: this is what
    // the page shows while the fresh code is on its way, however fast the emulator is.
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(qrImage(element), 'the 21 s old picture').to.equal(null);
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element)).not.to.include('Scan with WhatsApp');

    await untilStatus(element, 'qr');
    expect(qrImage(element)).to.exist;
  });
});
