import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr } from '../../src/index.js';
import { resolveStrings } from '../../src/element/strings.js';
import { addFault, createInstance, EMULATOR_URL, instanceInfo, requestLog, scan, setState, type LoggedRequest } from '../helpers/emulator.js';
import { button, connect, qrFixture, qrImage, untilAborted, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { recordErrorDetails, recordEvents, spyGreenApiRequests } from '../helpers/observe.js';
import { methodsSeen, mount, ofMethod, settledWithin } from '../helpers/states.js';
import { realDelay, until } from '../helpers/wait.js';

const EN = resolveStrings('en');
/** The emulator's logoutProcessMs (its default, which the test runner keeps). */
const LOGOUT_PROCESS_MS = 1500;

/** The requests from the first `logout` on, in the order they started. */
function fromLogout(log: LoggedRequest[]): LoggedRequest[] {
  const at = log.findIndex((entry) => entry.method === 'logout');
  expect(at, 'a logout request').to.be.at.least(0);
  return log.slice(at);
}

/**
 * What the emulator saw from `logout` on: logout, getWaSettings while logoutProcess was true (it
 * lasts 1.5 s from the logout), getWaSettings again once it was over, and only then the state check
 * and a qr that got a code (200, not the 400 "starting" a qr gets during the cleanup).
 */
function expectLogoutSequence(log: LoggedRequest[]): void {
  const after = fromLogout(log);
  const methods = after.map((entry) => entry.method);
  const logout = after[0];
  expect(logout.status, 'logout answered').to.equal(200);
  const lookups = after.slice(1, methods.indexOf('getStateInstance'));
  expect(lookups.length, 'getWaSettings while cleaning up, then once it was over').to.be.at.least(2);
  expect(lookups.map((entry) => entry.method)).to.deep.equal(lookups.map(() => 'getWaSettings'));
  expect(lookups[0].startedAt - logout.startedAt, 'the first getWaSettings came during logoutProcess').to.be.below(LOGOUT_PROCESS_MS);
  expect(lookups.at(-1)!.startedAt - logout.startedAt, 'the last one after it').to.be.at.least(LOGOUT_PROCESS_MS);
  for (let i = 1; i < lookups.length; i++) {
    expect(lookups[i].startedAt - lookups[i - 1].startedAt, 'getWaSettings every 1.5 s').to.be.within(1400, 2500);
  }
  const rest = after.slice(1 + lookups.length);
  expect(rest.map((entry) => entry.method).slice(0, 2), 'then a new start').to.deep.equal(['getStateInstance', 'qr']);
  expect(ofMethod(rest, 'qr').map((entry) => entry.status), 'no qr during the cleanup').to.not.include(400);
  expect(rest[1].status).to.equal(200);
}

async function expectOneInFlightAtMost(idInstance: string): Promise<void> {
  const { stats } = await instanceInfo(idInstance);
  expect(stats.maxInFlight, 'requests in flight at once').to.equal(1);
  expect(stats.inFlight).to.be.at.most(1);
}

/** A QR code on screen, scanned: the element ends `authorized`. */
async function authorizedElement() {
  const fixtureResult = await qrFixture({ pollInterval: 400 });
  await untilStatus(fixtureResult.element, 'qr');
  await scan(fixtureResult.instance.idInstance);
  await untilStatus(fixtureResult.element, 'authorized', 6000);
  return fixtureResult;
}

describe('logout', () => {
  afterEach(() => sinon.restore());

  describe('needs-logout', () => {
    it('is an error (code needs-logout) with the button "Log out and get a new QR code"', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { needsLogout: true });
      const { element, errors } = await mount(instance);
      await untilStatus(element, 'error');
      expect(errors).to.have.length(1);
      expect(errors[0].detail).to.include({ code: 'needs-logout', retryable: false });
      expect(visibleText(element)).to.include(EN.errors['needs-logout']);
      const buttons = [...element.shadowRoot!.querySelectorAll('button')];
      expect(buttons.map((node) => node.textContent?.trim())).to.deep.equal(['Log out and get a new QR code']);
      await realDelay(1200);
      expect(await methodsSeen(instance.idInstance), 'nothing is logged out by itself').to.deep.equal(['getStateInstance', 'qr']);
    });

    it('the button logs out, waits out logoutProcess, and shows a new QR code', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { needsLogout: true });
      const { element, errors, authorized, statuses } = await mount(instance);
      await untilStatus(element, 'error');

      button(element)!.click();
      await element.updateComplete;
      expect(element.status, 'right after the click').to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);
      await until(async () => (await instanceInfo(instance.idInstance)).logoutProcess, 'the logout to reach the emulator');
      expect(element.status, 'while GREEN-API cleans up').to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);

      await untilStatus(element, 'qr', 8000);
      expect(qrImage(element)).to.exist;
      expect(visibleText(element)).not.to.include(EN.errors['needs-logout']);
      expect(visibleText(element)).not.to.include(EN.logout);
      expect(button(element), 'no button with a code on screen').to.equal(null);
      expect(element.stateInstance).to.equal('notAuthorized');
      const info = await instanceInfo(instance.idInstance);
      expect(info.needsLogout, 'the emulator was logged out').to.equal(false);

      expectLogoutSequence(await requestLog(instance.idInstance));
      await expectOneInFlightAtMost(instance.idInstance);
      expect(errors.map((event) => event.detail.code), 'no error after the logout').to.deep.equal(['needs-logout']);
      expect(authorized).to.deep.equal([]);
      const seen = statuses().filter((status, i, all) => status !== all[i - 1]);
      expect(seen.slice(seen.indexOf('error'))).to.deep.equal(['error', 'loading', 'qr']);

      // The new code can be scanned: the recovery really links.
      await scan(instance.idInstance);
      await untilStatus(element, 'authorized', 6000);
      expect(authorized).to.have.length(1);
    });
  });

  describe('the public logout()', () => {
    it('from authorized: logs out, resolves, and shows a new QR code', async () => {
      const { element, instance } = await authorizedElement();
      const { authorized, errors } = recordEvents(element);
      const before = (await requestLog(instance.idInstance)).length;

      const done = element.logout();
      expect(done).to.be.instanceOf(Promise);
      await element.updateComplete;
      expect(element.status).to.equal('loading');
      expect(visibleText(element)).to.include(EN.loggingOut);
      expect(await settledWithin(done, 8000), 'the promise').to.equal('resolved');
      expect(await done).to.equal(undefined);

      await untilStatus(element, 'qr', 6000);
      expect(qrImage(element)).to.exist;
      expect((await instanceInfo(instance.idInstance)).stateInstance).to.equal('notAuthorized');
      const log = await requestLog(instance.idInstance);
      expect(log.slice(before)[0].method, 'logout is the first request after logout()').to.equal('logout');
      expectLogoutSequence(log);
      await expectOneInFlightAtMost(instance.idInstance);
      expect(authorized, 'no new authorized event').to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });

    it('a failing logout (HTTP 401): status error, code unauthorized, and the promise still resolves', async () => {
      const { element, instance } = await authorizedElement();
      const errors = recordErrorDetails(element);
      await addFault(instance.idInstance, { method: 'logout', status: 401 });

      const outcome = await settledWithin(element.logout(), 5000);
      expect(outcome, 'the promise').to.equal('resolved');
      await element.updateComplete;
      expect(element.status).to.equal('error');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include({ code: 'unauthorized', status: 401, retryable: false });
      expect(visibleText(element)).to.include(EN.errors.unauthorized);
      expect(button(element)?.textContent?.trim()).to.equal(EN.tryAgain);

      const count = (await requestLog(instance.idInstance)).length;
      await realDelay(1500);
      const after = fromLogout(await requestLog(instance.idInstance));
      expect(after.map((entry) => `${entry.method} ${entry.status}`), 'nothing after the failed logout').to.deep.equal(['logout 401']);
      expect((await requestLog(instance.idInstance)).length).to.equal(count);
      await expectOneInFlightAtMost(instance.idInstance);
    });

    it('without credentials: resolves, waits in idle for them like start() does, fires no error and sends nothing', async () => {
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
      await realDelay(300);
      expect(errors).to.deep.equal([]);
      expect(sent(), 'GREEN-API requests').to.deep.equal([]);
    });
  });

  describe('removal during a logout', () => {
    it('while waiting out logoutProcess: the promise resolves and nothing more is sent', async () => {
      const { element, instance } = await authorizedElement();
      const done = element.logout();
      await until(async () => {
        const log = await requestLog(instance.idInstance);
        const at = log.findIndex((entry) => entry.method === 'logout');
        return at >= 0 && ofMethod(log.slice(at), 'getWaSettings').some((entry) => entry.endedAt !== null);
      }, 'the first getWaSettings of the cleanup to be answered');
      element.remove();
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');

      const count = (await requestLog(instance.idInstance)).length;
      await realDelay(LOGOUT_PROCESS_MS + 1500);
      const log = await requestLog(instance.idInstance);
      expect(log.length, 'requests after removal').to.equal(count);
      expect(fromLogout(log).map((entry) => entry.method)).to.deep.equal(['logout', 'getWaSettings']);
      const { stats } = await instanceInfo(instance.idInstance);
      expect(stats.inFlight).to.equal(0);
      expect(stats.maxInFlight).to.equal(1);
    });

    it('while the logout request is open: it is cancelled, the promise resolves and nothing more is sent', async () => {
      const { element, instance } = await authorizedElement();
      await addFault(instance.idInstance, { method: 'logout', hang: true });
      const done = element.logout();
      await untilInFlight(instance.idInstance, 1);
      element.remove();
      await untilAborted(instance.idInstance, 1);
      expect(await settledWithin(done, 1000), 'the promise').to.equal('resolved');

      const count = (await requestLog(instance.idInstance)).length;
      await realDelay(1500);
      const log = await requestLog(instance.idInstance);
      expect(log.length, 'requests after removal').to.equal(count);
      expect(fromLogout(log).map((entry) => `${entry.method} ${entry.aborted}`)).to.deep.equal(['logout true']);
    });
  });
});
