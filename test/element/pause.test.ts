import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { addFault, clearFaults, createInstance } from '../helpers/emulator.js';
import { passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, qrFixture, qrImage, requestCount, shadow, untilAborted, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { realDelay, until } from '../helpers/wait.js';

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
      const instance = await createInstance();
      const { element } = await qrFixture({ pollInterval: 3000 }, instance);
      await untilStatus(element, 'qr');
      await addFault(instance.idInstance, { hang: true, times: 1 });
      element.refresh();
      await untilInFlight(instance.idInstance, 1);

      pause();
      await element.updateComplete;
      await untilAborted(instance.idInstance, 1);
      expect(visibleText(element)).to.include(text);
      expect(visibleText(element), 'no countdown while paused').not.to.match(/Waiting \d|Retrying/);
      const count = await allRequestCount(instance.idInstance);
      const qrCount = await requestCount(instance.idInstance);
      await realDelay(1500);
      expect(await allRequestCount(instance.idInstance), 'requests while paused').to.equal(count);
      expect(visibleText(element)).to.include(text);

      resume();
      // Well before the 3 s poll interval: it asks again as soon as it can, for a code (no new state check).
      await until(async () => (await allRequestCount(instance.idInstance)) === count + 1, 'a request right after resuming', 800);
      expect(await requestCount(instance.idInstance), 'that request').to.equal(qrCount + 1);
      await untilStatus(element, 'qr');
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
    const { element, instance } = await qrFixture();
    await realDelay(800);
    expect(await allRequestCount(instance.idInstance), 'requests while hidden, the state check included').to.equal(0);
    expect(element.stateInstance, 'not asked yet').to.equal(undefined);
    expect(element.status).to.equal('loading');
    expect(visibleText(element)).to.include('Paused while the page is hidden.');
    setPageHidden(false);
    await until(async () => (await requestCount(instance.idInstance)) === 1, 'the first qr request once shown', 800);
    expect(await requestCount(instance.idInstance, 'getStateInstance'), 'the state check before it').to.equal(1);
    await untilStatus(element, 'qr');
  });

  it('stays paused when the page is shown again while still offline, and resumes once online', async () => {
    const { element, instance } = await qrFixture({ pollInterval: 3000 });
    await untilStatus(element, 'qr');
    setPageHidden(true);
    setOffline(true);
    const count = await allRequestCount(instance.idInstance);
    setPageHidden(false);
    await element.updateComplete;
    expect(visibleText(element)).to.include('You are offline.');
    await realDelay(800);
    expect(await allRequestCount(instance.idInstance), 'requests while still offline').to.equal(count);
    setOffline(false);
    await until(async () => (await allRequestCount(instance.idInstance)) === count + 1, 'a request once online', 800);
    await element.updateComplete;
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
    const clock = useFakeClock();
    const { element, instance } = await qrFixture({ pollInterval: 1000 });
    await passStateCheck(clock, element);
    await untilStatus(element, 'qr');

    setPageHidden(true);
    await clock.tickAsync(21_000);
    // On return the emulator takes a while (real time) to send a fresh code.
    await addFault(instance.idInstance, { latencyMs: 1500, times: 1 });
    setPageHidden(false);
    await clock.tickAsync(0);
    await untilInFlight(instance.idInstance, 1);
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(qrImage(element), 'the 21 s old picture').to.equal(null);
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element)).not.to.include('Scan with WhatsApp');

    await untilStatus(element, 'qr');
    expect(qrImage(element)).to.exist;
    await clearFaults(instance.idInstance);
  });
});
