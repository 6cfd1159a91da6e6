import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, CLOSED_PORT_URL, createInstance, EMULATOR_URL, emulatedAccount, scan } from '../helpers/emulator.js';
import { expectNothingSentFor, fakeClockFixture, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, connect, makeElement, qrImage, requestCount, shadow, untilStatus, visibleText } from '../helpers/fixture.js';
import { expectNoQrEverShown, methodsOf, recordEvents, recordQrShown, recordStatuses, spyGreenApiRequests } from '../helpers/observe.js';
import { expectDroppedHeadStartSeen } from '../helpers/states.js';
import { realDelay, until } from '../helpers/wait.js';

/** How often these tests' elements poll. */
const POLL_MS = 400;
/**
 * Fake time after which nothing more may be sent or fired: longer than every timer the element
 * could still hold (a poll, a 5 s state re-check, a backoff), so that any of them would have fired.
 */
const QUIET_MS = 60_000;

/** Puts the element inside the shadow root of an outer host; returns the host. */
async function connectInShadowRoot(element: GreenApiQr): Promise<HTMLElement> {
  const host = await fixture<HTMLDivElement>(html`<div class="outer-host"></div>`);
  host.attachShadow({ mode: 'open' }).append(element);
  await element.updateComplete;
  return host;
}

describe('events', () => {
  afterEach(() => sinon.restore());

  describe('authorized', () => {
    it('fires once after the phone scans, bubbling and composed out of an enclosing shadow root, then stops polling and shows who got linked', async () => {
      const instance = await createInstance();
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const element = makeElement(instance, { pollInterval: POLL_MS });
      const step = fetchStepper(clock, element, instance.idInstance);
      const { authorized, errors } = recordEvents(element);
      const onDocument = sinon.spy();
      document.addEventListener('authorized', onDocument);
      try {
        const host = await connectInShadowRoot(element);
        const onHost = sinon.spy();
        host.addEventListener('authorized', onHost);

        await step(0);
        await untilStatus(element, 'qr');
        expect(authorized, 'no authorized event before the scan').to.have.length(0);
        await scan(instance.idInstance);
        await step(POLL_MS); // the next poll says alreadyLogged, then getWaSettings tells who it is
        await untilStatus(element, 'authorized');

        expect(authorized).to.have.length(1);
        const event = authorized[0];
        expect(event).to.be.instanceOf(CustomEvent);
        expect(event.bubbles, 'bubbles').to.equal(true);
        expect(event.composed, 'composed').to.equal(true);
        // Who got linked, from one getWaSettings: the number, the WhatsApp id and the picture (polling gives no name).
        const account = await emulatedAccount(instance.idInstance);
        expect(event.detail).to.deep.equal({ idInstance: instance.idInstance, ...account });
        expect(Object.keys(event.detail).sort()).to.deep.equal(['avatar', 'idInstance', 'phone', 'wid']);
        expect(event.detail.avatar).to.match(/^data:image\/png;base64,iVBORw0KGgo/);
        expect(await requestCount(instance.idInstance, 'getWaSettings'), 'account details asked once').to.equal(1);
        expect(onHost.callCount, 'heard by a listener on the outer shadow host').to.equal(1);
        expect(onDocument.callCount, 'heard on document').to.equal(1);
        expect((onDocument.firstCall.args[0] as Event).target, 'retargeted to the outer host on document').to.equal(host);

        const count = await allRequestCount(instance.idInstance);
        await expectNothingSentFor(step, sent, QUIET_MS, 'requests of any kind after authorization');
        expect(await allRequestCount(instance.idInstance), 'requests of any kind after authorization').to.equal(count);
        expect(authorized, 'still exactly one authorized event').to.have.length(1);
        expect(onDocument.callCount).to.equal(1);
        expect(errors).to.have.length(0);
        expect(element.status).to.equal('authorized');
        expect(qrImage(element)).to.equal(null);
        expect(visibleText(element)).to.include(`Connected as +${account.phone}.`);
        expect(shadow(element).querySelector('img[part="avatar"]')?.getAttribute('src'), 'the picture shown').to.equal(account.avatar);
      } finally {
        document.removeEventListener('authorized', onDocument);
      }
    });

    it("fires at once for an instance that is already authorized, without ever showing a code: the head-start qr's answer is dropped", async () => {
      const instance = await createInstance({ stateInstance: 'authorized' });
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const element = makeElement(instance, { pollInterval: POLL_MS });
      const step = fetchStepper(clock, element, instance.idInstance);
      const { authorized, errors } = recordEvents(element);
      const statuses = recordStatuses(element);
      const qrShown = recordQrShown(element);
      await connect(element);

      await step(0);
      await until(() => authorized.length > 0, 'an authorized event');
      await element.updateComplete;
      expect(authorized).to.have.length(1);
      const account = await emulatedAccount(instance.idInstance);
      expect(authorized[0].detail).to.deep.equal({ idInstance: instance.idInstance, ...account });
      // Answered by the state check; the qr that left beside it (the head start) is dropped; then one getWaSettings for the account.
      expect(methodsOf(sent()), 'what the page sent').to.deep.equal(['getStateInstance', 'qr', 'getWaSettings']);
      expect(await requestCount(instance.idInstance, 'getStateInstance')).to.equal(1);
      expect(await requestCount(instance.idInstance, 'getWaSettings')).to.equal(1);
      const qrSeen = await requestCount(instance.idInstance);
      expectDroppedHeadStartSeen(qrSeen);
      expect(statuses()).not.to.include('qr');
      expectNoQrEverShown(element, qrShown);
      expect(element.status).to.equal('authorized');
      expect(element.stateInstance).to.equal('authorized');
      expect(qrImage(element)).to.equal(null);
      expect(visibleText(element)).to.include(`Connected as +${account.phone}.`);

      await expectNothingSentFor(step, sent, QUIET_MS, 'requests once authorized');
      expect(authorized, 'not repeated').to.have.length(1);
      expect(await allRequestCount(instance.idInstance), 'nothing more once authorized').to.equal(2 + qrSeen);
      expectNoQrEverShown(element, qrShown);
      expect(errors).to.have.length(0);
    });
  });

  describe('error', () => {
    it('does not bubble and never reaches window or window.onerror', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { status: 500, times: 1 });
      const element = makeElement(instance);
      const { errors } = recordEvents(element);
      const onWindow = sinon.spy();
      const onDocument = sinon.spy();
      const onError = sinon.spy();
      const previousOnError = window.onerror;
      window.addEventListener('error', onWindow);
      document.addEventListener('error', onDocument);
      window.onerror = onError;
      try {
        await connect(element);
        await until(() => errors.length > 0, 'an error event');
        await realDelay(100);
      } finally {
        window.onerror = previousOnError;
        window.removeEventListener('error', onWindow);
        document.removeEventListener('error', onDocument);
      }
      const event = errors[0];
      expect(event).to.be.instanceOf(CustomEvent);
      expect(event.bubbles, 'bubbles').to.equal(false);
      expect(event.composed, 'composed').to.equal(false);
      expect(onWindow.callCount, "window 'error' listener").to.equal(0);
      expect(onError.callCount, 'window.onerror').to.equal(0);
      expect(onDocument.callCount, "document 'error' listener").to.equal(0);
    });

    it('stays inside an enclosing shadow root: the outer host and document do not hear it', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { status: 401, times: 1 });
      const element = makeElement(instance);
      const { errors } = recordEvents(element);
      const onDocumentCapture = sinon.spy();
      document.addEventListener('error', onDocumentCapture, true);
      try {
        const host = await connectInShadowRoot(element);
        const onHost = sinon.spy();
        const onHostCapture = sinon.spy();
        host.addEventListener('error', onHost);
        host.addEventListener('error', onHostCapture, true);
        await until(() => errors.length > 0, 'an error event');
        expect(onHost.callCount, 'outer host, bubbling').to.equal(0);
        expect(onHostCapture.callCount, 'outer host, capturing').to.equal(0);
        expect(onDocumentCapture.callCount, 'document, capturing').to.equal(0);
      } finally {
        document.removeEventListener('error', onDocumentCapture, true);
      }
    });

    it('carries exactly { code, message, status, retryable } for an HTTP failure', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { status: 500, times: 1 });
      const element = makeElement(instance);
      const { errors } = recordEvents(element);
      await connect(element);
      await until(() => errors.length > 0, 'an error event');
      const { detail } = errors[0];
      expect(Object.keys(detail).sort()).to.deep.equal(['code', 'message', 'retryable', 'status']);
      expect(detail.code).to.equal('server');
      expect(detail.status).to.equal(500);
      expect(detail.retryable).to.equal(true);
      expect(detail.message).to.be.a('string').and.include('500');
    });

    it('carries exactly { code, message, retryable } and no status when there was no HTTP answer', async () => {
      const element = makeElement({ idInstance: '1101000099', apiTokenInstance: 'abcdef0123456789' }, { apiUrl: CLOSED_PORT_URL });
      const { errors } = recordEvents(element);
      await connect(element);
      await until(() => errors.length > 0, 'an error event');
      const { detail } = errors[0];
      expect(Object.keys(detail).sort()).to.deep.equal(['code', 'message', 'retryable']);
      expect(detail).to.deep.include({ code: 'network', retryable: true });
      expect(detail.message).to.be.a('string').and.not.be.empty;
      element.stop();
    });

    it('fires once per distinct failure: not per failed poll, again for a different failure, and again after recovery', async () => {
      const clock = useFakeClock();
      sinon.stub(Math, 'random').returns(1); // retries after exactly 1 s, 2 s, 4 s, 8 s …
      const instance = await createInstance();
      await addFault(instance.idInstance, { status: 500, times: 3 });
      await addFault(instance.idInstance, { status: 429, times: 1 });
      const element = makeElement(instance, { pollInterval: 1000 });
      const { errors } = recordEvents(element);
      const codes = () => errors.map((event) => `${event.detail.code} ${event.detail.status}`);
      spyGreenApiRequests(); // what fetchStepper follows
      const step = fetchStepper(clock, element, instance.idInstance);
      await connect(element);

      await step(0); // 500
      expect(codes()).to.deep.equal(['server 500']);
      await step(1000); // 500 again
      await step(2000); // and again
      expect(await requestCount(instance.idInstance)).to.equal(3);
      expect(codes(), 'three identical 500s').to.deep.equal(['server 500']);

      await step(4000); // 429
      expect(codes(), 'a different failure').to.deep.equal(['server 500', 'rate-limited 429']);

      await step(8000); // a code
      expect(element.status).to.equal('qr');
      expect(codes(), 'recovering fires nothing').to.deep.equal(['server 500', 'rate-limited 429']);

      // The very failure last reported, but after a code was shown in between: reported again.
      await addFault(instance.idInstance, { status: 429, times: 1 });
      await step(1000); // next poll: 429 once more
      expect(await requestCount(instance.idInstance)).to.equal(6);
      expect(codes(), 'the same failure after a recovery').to.deep.equal(['server 500', 'rate-limited 429', 'rate-limited 429']);
      await step(1000);
      expect(element.status).to.equal('qr');
      expect(errors).to.have.length(3);
    });
  });

  describe('setting properties', () => {
    it('fires no event when poll-interval, max-wait, strings or lang change on an element that shows a code', async () => {
      const { element, instance, step } = await fakeClockFixture({ pollInterval: POLL_MS });
      await step(0);
      await untilStatus(element, 'qr');
      const { authorized, errors } = recordEvents(element);
      const count = await requestCount(instance.idInstance);

      element.pollInterval = 600;
      element.setAttribute('poll-interval', '500');
      element.maxWait = 120_000;
      element.setAttribute('max-wait', '90000');
      element.strings = { scanTitle: 'Scan me' };
      element.setAttribute('lang', 'ru');
      await element.updateComplete;
      // Polling goes on: the poll planned before the change, then one at the new interval.
      await step(500);
      await step(500);
      expect(await requestCount(instance.idInstance), 'polling goes on').to.equal(count + 2);

      expect(errors.map((event) => event.detail)).to.deep.equal([]);
      expect(authorized).to.have.length(0);
      expect(element.status).to.equal('qr');
    });

    it('fires no event when settings or a lone api-url are set on an element without credentials', async () => {
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const element = document.createElement('greenapi-qr');
      const { authorized, errors } = recordEvents(element);
      await connect(element);
      element.pollInterval = 2000;
      element.maxWait = 5000;
      element.strings = { idle: 'Nothing yet' };
      element.apiUrl = EMULATOR_URL;
      await element.updateComplete;
      element.setAttribute('api-url', 'not a url');
      await element.updateComplete;
      await expectNothingSentFor(fetchStepper(clock, element), sent, QUIET_MS);
      expect(errors.map((event) => event.detail)).to.deep.equal([]);
      expect(authorized).to.have.length(0);
      expect(element.status).to.equal('idle');
    });

    it('fires no config error when the credentials are set one by one in the same task', async () => {
      const instance = await createInstance();
      const element = document.createElement('greenapi-qr');
      const { authorized, errors } = recordEvents(element);
      await connect(element);
      element.idInstance = instance.idInstance;
      element.apiTokenInstance = instance.apiTokenInstance;
      element.apiUrl = EMULATOR_URL;
      await untilStatus(element, 'qr');
      expect(errors.map((event) => event.detail)).to.deep.equal([]);
      expect(authorized).to.have.length(0);
    });
  });
});
