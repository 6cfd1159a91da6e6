import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrErrorCode, GreenApiQrErrorDetail } from '../../src/index.js';
import { DEFAULT_MAX_WAIT } from '../../src/element/settings.js';
import { backoffDelay } from '../../src/element/backoff.js';
import { REQUEST_TIMEOUT_MS } from '../../src/protocol/index.js';
import { resolveStrings } from '../../src/element/strings.js';
import {
  addFault,
  clearFaults,
  CLOSED_PORT_URL,
  createInstance,
  EMULATOR_URL,
  instanceInfo,
  setState,
  type Fault,
  type TestInstance,
} from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, button, connect, makeElement, qrImage, requestCount, shadow, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { methodsOf, recordErrorDetails, spyGreenApiRequests } from '../helpers/observe.js';
import { expectDroppedHeadStartSeen, sentTo } from '../helpers/states.js';
import { until } from '../helpers/wait.js';

/** What the user reads for each code (English), from the element's own catalog. */
const USER_TEXT = resolveStrings('en').errors;

/**
 * Fake time after which the element must have sent nothing more: longer than every timer it ever
 * sets (max-wait, 5 min by default, is the longest; backoff is capped at 30 s, a request at 70 s).
 */
const LONGER_THAN_ANY_TIMER_MS = DEFAULT_MAX_WAIT;

type Step = (ms: number) => Promise<void>;

interface Mounted {
  element: GreenApiQr;
  errors: GreenApiQrErrorDetail[];
  /** The element's timers and Date, installed before it was created. */
  clock: sinon.SinonFakeTimers;
  /** The page's GREEN-API requests since before it was connected. */
  sent: () => string[];
}

/**
 * Connects a `<greenapi-qr>` on a fake clock, with an `error` listener already in place (config
 * errors fire during the first update) and its GREEN-API requests spied on. Nothing is sent before
 * the first step.
 */
async function mount(instance: TestInstance, { apiUrl = EMULATOR_URL, pollInterval = 400 }: { apiUrl?: string; pollInterval?: number } = {}): Promise<Mounted> {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const element = makeElement(instance, { apiUrl, pollInterval });
  const errors = recordErrorDetails(element);
  await connect(element);
  return { element, errors, clock, sent };
}

/**
 * fake-clock.ts's fetchStepper for a mounted element: it waits for the page's own requests, so it
 * also drives those the emulator never logs (a closed port, an unknown instance). With
 * `idInstance`, its first step switches that instance's rate limits off: make a new one after the
 * emulator resets the instance (createInstance with its id), which puts them back on.
 */
function stepFor({ clock, element }: Mounted, idInstance?: string): Step {
  return fetchStepper(clock, element, idInstance);
}

/** The part of an error detail a test pins down; `status: undefined` means "no status key at all". */
interface Expected {
  code: GreenApiQrErrorCode;
  status?: number;
  message?: RegExp;
}

function expectDetail(detail: GreenApiQrErrorDetail, expected: Expected, retryable: boolean): void {
  expect(detail.code, 'code').to.equal(expected.code);
  expect(detail.retryable, 'retryable').to.equal(retryable);
  if ('status' in expected) {
    if (expected.status === undefined) expect(detail, 'no HTTP status').not.to.have.property('status');
    else expect(detail.status, 'HTTP status').to.equal(expected.status);
  }
  if (expected.message) expect(detail.message, 'developer message').to.match(expected.message);
}

/**
 * A fatal failure: one event, status `error`, the text and the developer hint on screen, a
 * "Try again" button (or the one way out the error offers instead), and no request after it, not
 * even once every timer the element could still hold has fired (`count` reads how many requests
 * the emulator saw, `step` moves the fake clock).
 */
async function expectFatal(
  { element, errors, sent }: Mounted,
  step: Step,
  expected: Expected,
  count: () => Promise<number>,
  buttonLabel = 'Try again',
): Promise<void> {
  await until(() => errors.length > 0, `a ${expected.code} error event`);
  await element.updateComplete;
  expect(errors).to.have.length(1);
  expectDetail(errors[0], expected, false);
  expect(element.status).to.equal('error');
  expect(element.getAttribute('status')).to.equal('error');
  expect(qrImage(element)).to.equal(null);
  expect(shadow(element).querySelector('[part="icon"]')).to.exist;
  const text = visibleText(element);
  expect(text).to.include(USER_TEXT[expected.code]);
  expect(text, 'the developer message').to.include(errors[0].message);
  expect(text).not.to.match(/Retrying in/);
  expect(button(element)?.textContent?.trim()).to.equal(buttonLabel);

  const counted = await count();
  await expectNothingSentFor(step, sent, LONGER_THAN_ANY_TIMER_MS, 'requests after a fatal error');
  expect(await count(), 'requests after a fatal error').to.equal(counted);
  expect(errors, 'no further events').to.have.length(1);
  expect(element.status).to.equal('error');
}

/** Clicks "Try again" and expects it to start over: loading at once, then a code. */
async function tryAgainShowsCode(element: GreenApiQr, step: Step): Promise<void> {
  button(element)!.click();
  await element.updateComplete;
  expect(element.status, 'right after "Try again"').to.equal('loading');
  await step(0);
  await untilStatus(element, 'qr');
  expect(qrImage(element)).to.exist;
  expect(button(element)).to.equal(null);
}

/** A transient failure: one event, the element keeps loading, shows the text and a retry countdown. */
async function expectTransient({ element, errors }: Mounted, expected: Expected): Promise<void> {
  await until(() => errors.length > 0, `a ${expected.code} error event`);
  await element.updateComplete;
  expectDetail(errors[0], expected, true);
  expect(element.status).to.equal('loading');
  expect(element.getAttribute('status')).to.equal('loading');
  expect(qrImage(element)).to.equal(null);
  expect(button(element), 'no button: it retries by itself').to.equal(null);
  const text = visibleText(element);
  expect(text).to.include(USER_TEXT[expected.code]);
  expect(text).to.match(/Retrying in \d+ s/);
}

/**
 * Adds `fault` for two `qr` requests, then expects the element to ride it out by itself: each
 * retry exactly when its backoff (0.5 s, then 1 s) is over, then a code.
 */
async function transientFault(fault: Fault, expected: Expected): Promise<void> {
  const instance = await createInstance();
  await addFault(instance.idInstance, { ...fault, times: 2 });
  const mounted = await mount(instance);
  const step = stepFor(mounted, instance.idInstance);
  await step(0); // the state check and the first qr request beside it, which fails (held until the state says notAuthorized)
  await expectTransient(mounted, expected);
  for (const attempt of [1, 2]) {
    await step(backoffDelay(attempt) - 1);
    expect(sentTo(mounted.sent, 'qr'), `no retry ${attempt} before its backoff`).to.equal(attempt);
    await step(1);
    expect(sentTo(mounted.sent, 'qr'), `retry ${attempt} once its backoff is over`).to.equal(attempt + 1);
    if (attempt === 1) {
      expect(mounted.element.status, 'still failing').to.equal('loading');
      expect(visibleText(mounted.element))
        .to.include(USER_TEXT[expected.code])
        .and.match(/Retrying in \d+ s/);
    }
  }
  await untilStatus(mounted.element, 'qr');
  expect(qrImage(mounted.element)).to.exist;
  expect(visibleText(mounted.element)).not.to.include(USER_TEXT[expected.code]);
  expect(visibleText(mounted.element)).not.to.match(/Retrying in/);
  expect(mounted.errors, 'one event for the run of identical failures').to.have.length(1);
  expect(await requestCount(instance.idInstance), 'two failed requests, then the one that got the code').to.equal(3);
  expect(await requestCount(instance.idInstance, 'getStateInstance'), 'one state check before them, not repeated for a retry').to.equal(1);
}

const BAD_RESPONSES: { preset: NonNullable<Fault['preset']>; message: RegExp }[] = [
  { preset: 'not-json', message: /not JSON/ },
  { preset: 'html', message: /not JSON/ },
  { preset: 'empty', message: /not JSON/ },
  { preset: 'unknown-type', message: /unknown type "somethingNew"/ },
  { preset: 'bad-base64', message: /not valid base64/ },
  { preset: 'not-png', message: /not a PNG/ },
  { preset: 'wrong-shape', message: /without a "type"/ },
];

describe('error codes', () => {
  beforeEach(() => {
    // Equal jitter at its lowest: retries after 0.5 s, 1 s, 2 s … (backoffDelay gives the same numbers here).
    sinon.stub(Math, 'random').returns(0);
  });
  // Also puts the real clock back (mount installs a fake one), whether the test passed or not.
  afterEach(() => sinon.restore());

  describe('fatal: stop, say what is wrong and offer "Try again"', () => {
    it('config: a malformed id-instance sends no request and explains the problem', async () => {
      const instance = await createInstance();
      const mounted = await mount({ idInstance: `${instance.idInstance}x`, apiTokenInstance: instance.apiTokenInstance });
      const { element, sent } = mounted;
      const step = stepFor(mounted, instance.idInstance);
      await expectFatal(mounted, step, { code: 'config', status: undefined, message: /id-instance must be 1 to 10 digits/ }, async () => sent().length);
      expect(sent(), 'GREEN-API requests').to.deep.equal([]);
      expect(await allRequestCount(instance.idInstance)).to.equal(0);

      // "Try again" with the same bad settings checks them again and still sends nothing.
      button(element)!.click();
      await element.updateComplete;
      expect(element.status).to.equal('error');
      expect(visibleText(element)).to.include(USER_TEXT.config);
      await expectNothingSentFor(step, sent, LONGER_THAN_ANY_TIMER_MS, 'requests after "Try again" with the same bad settings');
      expect(sent()).to.deep.equal([]);

      // Fixing the setting is all it takes.
      element.idInstance = instance.idInstance;
      await element.updateComplete;
      await step(0);
      await untilStatus(element, 'qr');
    });

    it('config: an api-token-instance with a slash sends no request', async () => {
      const instance = await createInstance();
      const mounted = await mount({ idInstance: instance.idInstance, apiTokenInstance: `abc/${instance.apiTokenInstance}` });
      const { element, sent } = mounted;
      const step = stepFor(mounted, instance.idInstance);
      await expectFatal(mounted, step, { code: 'config', status: undefined, message: /api-token-instance contains characters/ }, async () => sent().length);
      expect(sent()).to.deep.equal([]);
      expect(await allRequestCount(instance.idInstance), 'requests at the emulator').to.equal(0);
      expect(visibleText(element), 'the token is not shown').not.to.include(instance.apiTokenInstance);
      element.apiTokenInstance = instance.apiTokenInstance;
      await element.updateComplete;
      await step(0);
      await untilStatus(element, 'qr');
    });

    for (const apiUrl of ['not a url', 'ftp://127.0.0.1/', `${EMULATOR_URL}/?x=1`]) {
      it(`config: api-url "${apiUrl}" sends no request`, async () => {
        const instance = await createInstance();
        const mounted = await mount(instance, { apiUrl });
        const { element, sent } = mounted;
        const step = stepFor(mounted, instance.idInstance);
        await expectFatal(
          mounted,
          step,
          { code: 'config', status: undefined, message: /api-url must be an absolute http\(s\) URL/ },
          async () => sent().length,
        );
        expect(sent()).to.deep.equal([]);
        expect(await allRequestCount(instance.idInstance), 'requests at the emulator').to.equal(0);
        element.apiUrl = EMULATOR_URL;
        await element.updateComplete;
        await step(0);
        await untilStatus(element, 'qr');
      });
    }

    it('unauthorized: a wrong token (HTTP 401) on the state check stops until "Try again"; the head-start qr beside it is never acted on', async () => {
      const instance = await createInstance();
      const wrongToken = 'ffffffffffffffffffffffffffffffffffffffffffffffffff';
      const mounted = await mount({ idInstance: instance.idInstance, apiTokenInstance: wrongToken });
      const step = stepFor(mounted, instance.idInstance);
      await step(0);
      await expectFatal(mounted, step, { code: 'unauthorized', status: 401, message: /HTTP 401/ }, () => allRequestCount(instance.idInstance));
      // The state check got the 401, and so did the qr that left with it (the head start): one
      // error, the state check's, and nothing sent after them.
      expect(methodsOf(mounted.sent()), 'the state check and the head-start qr, together').to.deep.equal(['getStateInstance', 'qr']);
      const qrSeen = await requestCount(instance.idInstance, 'qr');
      expectDroppedHeadStartSeen(qrSeen);
      expect(await requestCount(instance.idInstance, 'getStateInstance')).to.equal(1);
      expect(await allRequestCount(instance.idInstance)).to.equal(1 + qrSeen);
      // The operator gives the instance the token the page uses (the emulator resets the instance).
      await createInstance({ idInstance: instance.idInstance, apiTokenInstance: wrongToken });
      await tryAgainShowsCode(mounted.element, stepFor(mounted, instance.idInstance));
    });

    it('forbidden: an unknown instance (HTTP 403) on the state check stops until "Try again"; the head-start qr beside it is never acted on', async () => {
      const unknown = { idInstance: `19${String(Math.floor(performance.now() * 1000) % 1e8).padStart(8, '0')}`, apiTokenInstance: 'a1b2c3d4e5' };
      const mounted = await mount(unknown);
      const { sent } = mounted;
      const step = stepFor(mounted);
      await step(0);
      await expectFatal(mounted, step, { code: 'forbidden', status: 403, message: /HTTP 403/ }, async () => sent().length);
      expect(methodsOf(sent()), 'the state check and the head-start qr left together; nothing after the 403').to.deep.equal(['getStateInstance', 'qr']);
      // The instance now exists.
      await createInstance(unknown);
      await tryAgainShowsCode(mounted.element, stepFor(mounted, unknown.idInstance));
    });

    it('quota: HTTP 466 stops until "Try again"', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { status: 466 });
      const mounted = await mount(instance);
      const step = stepFor(mounted, instance.idInstance);
      await step(0);
      await expectFatal(mounted, step, { code: 'quota', status: 466, message: /quota \(HTTP 466\)/ }, () => allRequestCount(instance.idInstance));
      expect(await requestCount(instance.idInstance)).to.equal(1);
      expect(await allRequestCount(instance.idInstance), 'the state check and the qr request that failed').to.equal(2);
      await clearFaults(instance.idInstance);
      await tryAgainShowsCode(mounted.element, step);
    });

    it('needs-logout: an instance holding an old authorization stops and offers to log it out instead of "Try again"', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { needsLogout: true });
      const mounted = await mount(instance);
      const { element } = mounted;
      const step = stepFor(mounted, instance.idInstance);
      await step(0);
      await expectFatal(
        mounted,
        step,
        { code: 'needs-logout', message: /logged out first/ },
        () => allRequestCount(instance.idInstance),
        'Log out and get a new QR code',
      );
      expect(await requestCount(instance.idInstance)).to.equal(1);
      expect(await allRequestCount(instance.idInstance), 'the state check and the one qr request').to.equal(2);
      expect(visibleText(element)).not.to.include('Try again');

      // The button logs the old session out and starts over, up to a new code.
      button(element)!.click();
      await element.updateComplete;
      expect(element.status, 'right after the click').to.equal('loading');
      expect(visibleText(element)).to.include('Logging out the old session');
      await step(0); // logout, then the first getWaSettings: GREEN-API is still cleaning up
      expect(await requestCount(instance.idInstance, 'logout'), 'the logout went out at once').to.equal(1);
      // The one real wait in this file: the emulator's cleanup after logout (logoutProcess, its
      // logoutProcessMs of 1.5 s) runs on the emulator's real clock.
      await until(async () => !(await instanceInfo(instance.idInstance)).logoutProcess, "the end of the emulator's logout cleanup");
      // Meanwhile the element has been waiting to ask getWaSettings again (it does every 1.5 s while
      // the cleanup runs): fake time brings that request, and the code after it, 100 ms at a time.
      for (let waited = 0; element.status === 'loading' && waited < 10_000; waited += 100) await step(100);
      await untilStatus(element, 'qr');
      expect(qrImage(element)).to.exist;
      expect(await requestCount(instance.idInstance, 'logout'), 'one logout').to.equal(1);
      expect(mounted.errors, 'no further events').to.have.length(1);
    });

    it('api: a 200 answer of type "error" stops, shows what GREEN-API said and waits for "Try again"', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { body: { type: 'error', message: 'Multi-device beta not joined' } });
      const mounted = await mount(instance);
      const step = stepFor(mounted, instance.idInstance);
      await step(0);
      await expectFatal(mounted, step, { code: 'api', message: /Multi-device beta not joined/ }, () => allRequestCount(instance.idInstance));
      expect(visibleText(mounted.element)).to.include('Multi-device beta not joined');
      expect(await requestCount(instance.idInstance)).to.equal(1);
      await clearFaults(instance.idInstance);
      await tryAgainShowsCode(mounted.element, step);
    });
  });

  describe('transient: retry with a countdown and recover by themselves', () => {
    it('rate-limited: HTTP 429', async () => {
      await transientFault({ status: 429 }, { code: 'rate-limited', status: 429, message: /HTTP 429/ });
    });

    it('starting: HTTP 400 from qr while the instance starts', async () => {
      await transientFault({ status: 400 }, { code: 'starting', status: 400, message: /starting/ });
    });

    for (const status of [500, 502, 504]) {
      it(`server: HTTP ${status}`, async () => {
        await transientFault({ status }, { code: 'server', status, message: new RegExp(`HTTP ${status}`) });
      });
    }

    it('network: a closed port is retried, with a countdown, and no HTTP status; only the state check is retried, not the head-start qr', async () => {
      const mounted = await mount({ idInstance: '1101000099', apiTokenInstance: 'abcdef0123456789' }, { apiUrl: CLOSED_PORT_URL });
      const { element, sent } = mounted;
      const step = stepFor(mounted);
      await step(0);
      await expectTransient(mounted, { code: 'network', status: undefined, message: /could not be reached/ });
      expect(methodsOf(sent()), 'the first attempt: the state check and the head-start qr').to.deep.equal(['getStateInstance', 'qr']);
      // Each retry of the state check comes within 2 s: after its backoff (0.5 s, then 1 s) and
      // the 1-per-second gap that getStateInstance keeps. The head start stopped with the first failure.
      await step(2_000);
      expect(methodsOf(sent()), 'the first retry').to.deep.equal(['getStateInstance', 'qr', 'getStateInstance']);
      await step(2_000);
      expect(methodsOf(sent()), 'the second retry').to.deep.equal(['getStateInstance', 'qr', 'getStateInstance', 'getStateInstance']);
      expect(sent().every((url) => url.startsWith(`${CLOSED_PORT_URL}/`))).to.equal(true);
      expect(element.status).to.equal('loading');
      expect(mounted.errors, 'one event for the run of failures').to.have.length(1);
      expect(visibleText(element))
        .to.include(USER_TEXT.network)
        .and.match(/Retrying in \d+ s/);
      element.stop();
    });

    it('network: a request that never answers is given up after 70 s and recovered from by itself', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { hang: true, times: 1 });
      const mounted = await mount(instance);
      const { clock } = mounted;
      await passStateCheck(clock, mounted.element);
      await untilInFlight(instance.idInstance, 1); // the hanging qr request
      // Synchronous: nothing but the element's own timers (its 1 s re-renders) runs in these 70 s.
      clock.tick(REQUEST_TIMEOUT_MS);
      await expectTransient(mounted, { code: 'network', status: undefined, message: /did not answer within 70 s/ });
      await untilInFlight(instance.idInstance, 0); // the request is dropped
      await stepFor(mounted, instance.idInstance)(backoffDelay(1));
      await untilStatus(mounted.element, 'qr');
      expect(mounted.errors).to.have.length(1);
      expect(await requestCount(instance.idInstance)).to.equal(2);
      expect(await requestCount(instance.idInstance, 'getStateInstance'), 'the retry is of qr, not a new session').to.equal(1);
    });

    for (const { preset, message } of BAD_RESPONSES) {
      it(`bad-response: preset "${preset}"`, async () => {
        await transientFault({ preset }, { code: 'bad-response', message });
      });
    }
  });
});
