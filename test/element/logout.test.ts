import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { resolveStrings } from '../../src/element/strings.js';
import {
  addFault,
  createInstance,
  EMULATOR_LOGOUT_PROCESS_MS,
  EMULATOR_URL,
  instanceInfo,
  requestLog,
  scan,
  setState,
  type LoggedRequest,
  type TestInstance,
} from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { button, connect, qrImage, untilAborted, untilInFlight, visibleText } from '../helpers/fixture.js';
import { expectInFlightContract, inFlightOnTheWire, recordErrorDetails, recordEvents, spyGreenApiRequests } from '../helpers/observe.js';
import { recordRequests, type SentRequest } from '../helpers/pairing.js';
import { methodsSeen, mount, ofMethod, settledWithin, type MountOptions } from '../helpers/states.js';
import { until } from '../helpers/wait.js';

const EN = resolveStrings('en');
/** The emulator's logoutProcessMs: real time, on the emulator's clock. */
const LOGOUT_PROCESS_MS = EMULATOR_LOGOUT_PROCESS_MS;
/** How often the element asks getWaSettings while logoutProcess lasts: account-flows.ts's LOGOUT_PROCESS_POLL_MS, which it does not export. */
const LOGOUT_PROCESS_POLL_MS = 1500;
/** mount's poll interval in these tests. */
const POLL_MS = 1000;
/**
 * Long enough for every timer the element could still hold (a getWaSettings of the cleanup, a
 * poll, a backoff of up to 30 s) to fire: "nothing more is sent" on the fake clock says more than
 * a real second and a half did.
 */
const NOTHING_MORE_MS = 60_000;

/**
 * `mount` on a fake clock, the page's GREEN-API requests recorded with their fake-clock times
 * (recordRequests), stepped by fetchStepper. Nothing is sent before the first step.
 */
async function mountOnClock(instance: TestInstance, options: MountOptions = { pollInterval: POLL_MS }) {
  const clock = useFakeClock();
  const requests = recordRequests();
  const mounted = await mount(instance, options);
  return { ...mounted, clock, requests, sent: requests.urls, step: fetchStepper(clock, mounted.element, instance.idInstance) };
}

type Step = (ms: number) => Promise<void>;

/**
 * After the logout and the first getWaSettings of the cleanup (which said logoutProcess: true):
 * waits in real time until the emulator's cleanup is over, since the emulator counts
 * logoutProcess on its own clock (LOGOUT_PROCESS_MS from the logout) and its control API cannot
 * end it early; this is the one real wait of these tests. Then pins the next getWaSettings to
 * exactly LOGOUT_PROCESS_POLL_MS after the last one: it says the cleanup is over, and the element
 * starts again (state check, qr) at once.
 */
async function waitOutLogoutProcess(idInstance: string, step: Step, sent: () => string[]): Promise<void> {
  await until(async () => !(await instanceInfo(idInstance)).logoutProcess, "the emulator's logoutProcess to end", LOGOUT_PROCESS_MS + 2500);
  const before = sent().length;
  await step(LOGOUT_PROCESS_POLL_MS - 1);
  expect(sent().length, `nothing 1 ms before ${LOGOUT_PROCESS_POLL_MS} ms after the last getWaSettings`).to.equal(before);
  await step(1);
}

/** The requests from the first `logout` on, in the order they started. */
function fromLogout<T extends { method: string }>(log: T[]): T[] {
  const at = log.findIndex((entry) => entry.method === 'logout');
  expect(at, 'a logout request').to.be.at.least(0);
  return log.slice(at);
}

/**
 * What the emulator saw from `logout` on: logout, getWaSettings while logoutProcess was true (it
 * lasts 1.5 s of real time from the logout), getWaSettings again once it was over, and only then
 * the state check and the qr sent beside it, which got a code (200, not the 400 "starting" a qr
 * gets during the cleanup). And on the page's fake clock: the first getWaSettings right after the logout's answer,
 * the next ones every LOGOUT_PROCESS_POLL_MS, the new start right after the last.
 */
function expectLogoutSequence(log: LoggedRequest[], sent: SentRequest[]): void {
  const after = fromLogout(log);
  const methods = after.map((entry) => entry.method);
  const logout = after[0];
  expect(logout.status, 'logout answered').to.equal(200);
  // The new start: the state check and the qr beside it (the head start), in either order on the wire.
  const start = methods.findIndex((method, i) => i > 0 && method !== 'getWaSettings');
  const lookups = after.slice(1, start);
  expect(lookups.length, 'getWaSettings while cleaning up, then once it was over').to.be.at.least(2);
  expect(lookups[0].startedAt - logout.startedAt, 'the first getWaSettings came during logoutProcess').to.be.below(LOGOUT_PROCESS_MS);
  expect(lookups.at(-1)!.startedAt - logout.startedAt, 'the last one after it').to.be.at.least(LOGOUT_PROCESS_MS);
  const rest = after.slice(start);
  expect(rest.map((entry) => entry.method).slice(0, 2), 'then a new start').to.have.members(['getStateInstance', 'qr']);
  expect(
    ofMethod(rest, 'qr').map((entry) => entry.status),
    'no qr during the cleanup',
  ).to.not.include(400);
  expect(
    rest.slice(0, 2).map((entry) => entry.status),
    'both answered',
  ).to.deep.equal([200, 200]);

  const page = fromLogout(sent);
  const pageMethods = page.map((request) => request.method);
  expect(pageMethods.slice(0, start), 'what the page sent, as the emulator saw it').to.deep.equal(methods.slice(0, start));
  expect(pageMethods.slice(start, start + 2), 'the new start, sent together').to.deep.equal(['getStateInstance', 'qr']);
  expect(pageMethods.slice(start + 2), 'then, as the emulator saw it').to.deep.equal(methods.slice(start + 2));
  const pageLookups = page.slice(1, start);
  expect(pageLookups[0].at - page[0].at, 'the first getWaSettings right after the logout').to.equal(0);
  for (let i = 1; i < pageLookups.length; i++) {
    expect(pageLookups[i].at - pageLookups[i - 1].at, `getWaSettings every ${LOGOUT_PROCESS_POLL_MS} ms`).to.equal(LOGOUT_PROCESS_POLL_MS);
  }
  expect(page[start].at - pageLookups.at(-1)!.at, 'the new start right after the last').to.equal(0);
  expect(page[start + 1].at, 'the head-start qr with its state check').to.equal(page[start].at);
}

/** One request in flight at a time per method; two only when a session starts (the state check and the head-start qr). */
async function expectOneInFlightPerMethod(idInstance: string): Promise<void> {
  expectInFlightContract(inFlightOnTheWire(await requestLog(idInstance)), 'on the wire');
  const { stats } = await instanceInfo(idInstance);
  expect(stats.maxInFlight, 'requests in flight at once').to.be.at.most(2);
  expect(stats.inFlight).to.be.at.most(1);
}

/**
 * A QR code on screen, scanned: the element ends `authorized`, on the fake clock. It then sends
 * nothing more, which is checked while the fake clock moves past every rate-limit gap, so that
 * the requests of a logout go out at once.
 */
async function authorizedElement() {
  const instance = await createInstance();
  const mounted = await mountOnClock(instance, { pollInterval: 400 });
  await mounted.step(0);
  expect(mounted.element.status).to.equal('qr');
  await scan(instance.idInstance);
  await mounted.step(400); // the next poll learns of the scan; the account lookup follows at once
  expect(mounted.element.status).to.equal('authorized');
  await expectNothingSentFor(mounted.step, mounted.sent, NOTHING_MORE_MS, 'requests once authorized');
  return { ...mounted, instance };
}

describe('logout', () => {
  afterEach(() => sinon.restore());

  describe('needs-logout', () => {
    it('is an error (code needs-logout) with the button "Log out and get a new QR code"', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { needsLogout: true });
      const { element, errors, sent, step } = await mountOnClock(instance);
      await step(0);
      expect(element.status).to.equal('error');
      expect(errors).to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'needs-logout', retryable: false });
      expect(visibleText(element)).to.include(EN.errors['needs-logout']);
      const buttons = [...element.shadowRoot!.querySelectorAll('button')];
      expect(buttons.map((node) => node.textContent?.trim())).to.deep.equal(['Log out and get a new QR code']);
      await expectNothingSentFor(step, sent, NOTHING_MORE_MS, 'nothing is logged out by itself');
      const seen = await methodsSeen(instance.idInstance);
      expect(seen, 'nothing is logged out by itself: the state check and the head-start qr alone').to.have.members(['getStateInstance', 'qr']);
      expect(seen).to.have.length(2);
    });

    it('the button logs out, waits out logoutProcess, and shows a new QR code', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { needsLogout: true });
      const { element, errors, authorized, statuses, requests, sent, step } = await mountOnClock(instance);
      await step(0);
      expect(element.status).to.equal('error');

      button(element)!.click();
      await element.updateComplete;
      expect(element.status, 'right after the click').to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);
      await step(0); // the logout, then the first getWaSettings of the cleanup
      expect((await instanceInfo(instance.idInstance)).logoutProcess, 'the logout reached the emulator').to.equal(true);
      expect(element.status, 'while GREEN-API cleans up').to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);

      await waitOutLogoutProcess(instance.idInstance, step, sent);
      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect(visibleText(element)).not.to.include(EN.errors['needs-logout']);
      expect(visibleText(element)).not.to.include(EN.logout);
      expect(button(element), 'no button with a code on screen').to.equal(null);
      expect(element.stateInstance).to.equal('notAuthorized');
      const info = await instanceInfo(instance.idInstance);
      expect(info.needsLogout, 'the emulator was logged out').to.equal(false);

      expectLogoutSequence(await requestLog(instance.idInstance), requests.all());
      await expectOneInFlightPerMethod(instance.idInstance);
      expect(
        errors.map((event) => event.detail.code),
        'no error after the logout',
      ).to.deep.equal(['needs-logout']);
      expect(authorized).to.deep.equal([]);
      const seen = statuses().filter((status, i, all) => status !== all[i - 1]);
      expect(seen.slice(seen.indexOf('error'))).to.deep.equal(['error', 'loading', 'qr']);

      // The new code can be scanned: the recovery really links.
      await scan(instance.idInstance);
      await step(POLL_MS); // the next poll learns of the scan
      await step(1000); // the account lookup keeps getWaSettings' one-per-second gap after the cleanup's last one
      expect(element.status).to.equal('authorized');
      expect(authorized).to.have.length(1);
    });
  });

  describe('the public logout()', () => {
    it('from authorized: logs out, resolves, and shows a new QR code', async () => {
      const { element, instance, requests, sent, step } = await authorizedElement();
      const { authorized, errors } = recordEvents(element);
      const before = (await requestLog(instance.idInstance)).length;

      const done = element.logout();
      expect(done).to.be.instanceOf(Promise);
      await element.updateComplete;
      expect(element.status).to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);
      await step(0); // the logout, then the first getWaSettings of the cleanup
      expect(await settledWithin(done, 0), 'the promise while GREEN-API cleans up').to.equal('pending');
      await waitOutLogoutProcess(instance.idInstance, step, sent);
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');
      expect(await done).to.equal(undefined);

      expect(element.status).to.equal('qr');
      expect(qrImage(element)).to.exist;
      expect((await instanceInfo(instance.idInstance)).stateInstance).to.equal('notAuthorized');
      const log = await requestLog(instance.idInstance);
      expect(log.slice(before)[0].method, 'logout is the first request after logout()').to.equal('logout');
      expectLogoutSequence(log, requests.all());
      await expectOneInFlightPerMethod(instance.idInstance);
      expect(authorized, 'no new authorized event').to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });

    it('a failing logout (HTTP 401): status error, code unauthorized, and the promise still resolves', async () => {
      const { element, instance, sent, step } = await authorizedElement();
      const errors = recordErrorDetails(element);
      await addFault(instance.idInstance, { method: 'logout', status: 401 });

      const done = element.logout();
      await step(0);
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');
      await element.updateComplete;
      expect(element.status).to.equal('error');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include({ code: 'unauthorized', status: 401, retryable: false });
      expect(visibleText(element)).to.include(EN.errors.unauthorized);
      expect(button(element)?.textContent?.trim()).to.equal(EN.tryAgain);

      const count = (await requestLog(instance.idInstance)).length;
      await expectNothingSentFor(step, sent, NOTHING_MORE_MS, 'requests after the failed logout');
      const after = fromLogout(await requestLog(instance.idInstance));
      expect(
        after.map((entry) => `${entry.method} ${entry.status}`),
        'nothing after the failed logout',
      ).to.deep.equal(['logout 401']);
      expect((await requestLog(instance.idInstance)).length).to.equal(count);
      await expectOneInFlightPerMethod(instance.idInstance);
    });

    it('without credentials: resolves, waits in idle for them like start() does, fires no error and sends nothing', async () => {
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const element = document.createElement('greenapi-qr') as GreenApiQr;
      element.setAttribute('lang', 'en');
      element.apiUrl = EMULATOR_URL;
      const errors = recordErrorDetails(element);
      await connect(element);
      expect(element.status).to.equal('idle');

      expect(await settledWithin(element.logout(), 2000), 'the promise').to.equal('resolved');
      await element.updateComplete;
      expect(element.status).to.equal('idle');
      expect(visibleText(element)).to.include('Waiting for id-instance, api-token-instance to be set.');
      // No instance to step against: the fake clock is moved by hand, firing any timer the element holds.
      const tick = async (ms: number) => {
        clock.tick(ms);
        await element.updateComplete;
      };
      await expectNothingSentFor(tick, sent, NOTHING_MORE_MS, 'GREEN-API requests');
      expect(errors).to.deep.equal([]);
      expect(sent(), 'GREEN-API requests').to.deep.equal([]);
    });
  });

  describe('removal during a logout', () => {
    it('while waiting out logoutProcess: the promise resolves and nothing more is sent', async () => {
      const { element, instance, sent, step } = await authorizedElement();
      const done = element.logout();
      await step(0); // the logout, then the first getWaSettings of the cleanup
      const answered = ofMethod(fromLogout(await requestLog(instance.idInstance)), 'getWaSettings');
      expect(
        answered.map((entry) => entry.endedAt !== null),
        'the first getWaSettings of the cleanup, answered',
      ).to.deep.equal([true]);
      expect((await instanceInfo(instance.idInstance)).logoutProcess, 'GREEN-API still cleaning up').to.equal(true);
      element.remove();
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');

      const count = (await requestLog(instance.idInstance)).length;
      await expectNothingSentFor(step, sent, NOTHING_MORE_MS, 'requests after removal');
      const log = await requestLog(instance.idInstance);
      expect(log.length, 'requests after removal').to.equal(count);
      expect(fromLogout(log).map((entry) => entry.method)).to.deep.equal(['logout', 'getWaSettings']);
      expect((await instanceInfo(instance.idInstance)).stats.inFlight).to.equal(0);
      expectInFlightContract(inFlightOnTheWire(log), 'on the wire');
    });

    it('while the logout request is open: it is cancelled, the promise resolves and nothing more is sent', async () => {
      const { clock, element, instance, sent, step } = await authorizedElement();
      await addFault(instance.idInstance, { method: 'logout', hang: true });
      const done = element.logout();
      clock.tick(0); // the logout goes out and hangs (a tick, not a step: a step would wait for its answer)
      await untilInFlight(instance.idInstance, 1);
      element.remove();
      await untilAborted(instance.idInstance, 1);
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');

      const count = (await requestLog(instance.idInstance)).length;
      await expectNothingSentFor(step, sent, NOTHING_MORE_MS, 'requests after removal');
      const log = await requestLog(instance.idInstance);
      expect(log.length, 'requests after removal').to.equal(count);
      expect(fromLogout(log).map((entry) => `${entry.method} ${entry.aborted}`)).to.deep.equal(['logout true']);
    });
  });
});
