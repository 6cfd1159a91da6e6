import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { DEFAULT_POLL_INTERVAL } from '../../src/element/settings.js';
import type { GreenApiQr } from '../../src/index.js';
import { createInstance, instanceInfo, rotate, scan, setPasskeyRequired, setState, socketAction, type TestInstance } from '../helpers/emulator.js';
import { resolveStrings } from '../../src/element/strings.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { qrFixture, qrImage, requestCount, untilStatus, visibleText, type QrFixtureOptions } from '../helpers/fixture.js';
import { methodsOf, recordEvents, recordStatuses, spyGreenApiRequests } from '../helpers/observe.js';
import {
  closeOwnSockets,
  emulatorSocketUrl,
  openOwnSocket,
  pageIsFakedHidden,
  sendFrame,
  setPageHidden,
  socketStats,
  untilSockets,
  watchSockets,
  type OpenedSocket,
} from '../helpers/socket.js';
import { until } from '../helpers/wait.js';

/*
 * The element's timers (the reconnect gap, backoff, max-wait, staleness, the fallback's polling)
 * run on a fake clock here; the sockets are real WebSockets to the emulator, so what the emulator
 * pushes still arrives in real time and is waited for (briefly) with untilSockets/until.
 */

/**
 * Real time, well before the emulator's 5 s grace after a final frame: only the element itself can
 * have closed the socket. Firefox's closing handshake took over 1 s with the whole suite loading
 * both cores, so the wait (which ends as soon as the socket is seen closed) is 2.5 s.
 */
const CLOSED_BY_ELEMENT_MS = 2500;
/** GREEN-API's scanqrcode allows 1 connection per second per instance: the least fake time between two sockets. */
const MIN_REOPEN_GAP_MS = 1000;
/** Fake time within which a socket that is due (after the 1 s gap, or the first backoff) is opened. */
const REOPEN_WITHIN_MS = 5000;
/** Fake-clock steps in which stepToNextSocket looks for the next socket; the socket's time is recorded exactly anyway. */
const SOCKET_STEP_MS = 50;
/** "Nothing more happens": fake time in which every timer the element still holds would fire (staleness 22 s, a 30 s backoff). */
const NOTHING_MORE_MS = 60_000;
const EN = resolveStrings('en');
/** The fallback polls at the default interval. */
const POLL_INTERVAL_MS = DEFAULT_POLL_INTERVAL;

interface SocketElement {
  element: GreenApiQr;
  instance: TestInstance;
  clock: sinon.SinonFakeTimers;
  /** The page's GREEN-API requests (fetch URLs). */
  sent: () => string[];
  /** The sockets the page constructed. */
  sockets: OpenedSocket[];
  /** fake-clock.ts's fetchStepper: moves the fake clock, then waits until the requests this led to have been answered and read. */
  step: (ms: number) => Promise<void>;
}

/**
 * A `transport="websocket"` element on a fake clock, its requests and sockets watched from the
 * start. Nothing has been sent yet: the first `step(0)` lets out the state check, and the socket beside it.
 */
async function socketElement(options: QrFixtureOptions = {}, instance?: TestInstance): Promise<SocketElement> {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const sockets = watchSockets(() => Date.now());
  const fixtureResult = await qrFixture({ transport: 'websocket', pollInterval: POLL_INTERVAL_MS, ...options }, instance);
  return { clock, sent, sockets, ...fixtureResult, step: fetchStepper(clock, fixtureResult.element, fixtureResult.instance.idInstance) };
}

/** A `transport="websocket"` element on a fake clock and a fresh instance, showing its first pushed code; the fake clock has not moved since. */
async function socketFixture(options: QrFixtureOptions = {}): Promise<SocketElement> {
  const fixtureResult = await socketElement(options);
  await fixtureResult.step(0); // the state check, and the socket beside it at the same instant
  await untilStatus(fixtureResult.element, 'qr');
  await untilSockets(fixtureResult.instance.idInstance, { open: 1 });
  return fixtureResult;
}

/**
 * Moves the fake clock on (in SOCKET_STEP_MS steps) until the page constructs another socket, at
 * most `withinMs`, and waits until the emulator has it open. Returns that socket.
 */
async function stepToNextSocket({ step, sockets, instance }: SocketElement, withinMs = REOPEN_WITHIN_MS): Promise<OpenedSocket> {
  const count = sockets.length;
  const start = Date.now();
  while (sockets.length === count) {
    if (Date.now() - start >= withinMs) throw new Error(`no new socket within ${withinMs} ms of fake time`);
    await step(SOCKET_STEP_MS);
  }
  expect(sockets, 'one new socket').to.have.length(count + 1);
  await untilSockets(instance.idInstance, { open: 1 });
  return sockets[count];
}

/**
 * Moves the fake clock NOTHING_MORE_MS on, which fires every timer the element still holds, and
 * checks that no request went out, no socket was opened and none is open.
 */
async function expectNothingOpened({ step, sent, sockets, instance }: SocketElement): Promise<void> {
  const before = await socketStats(instance.idInstance);
  expect(before.open, 'sockets open').to.equal(0);
  const constructed = sockets.length;
  await expectNothingSentFor(step, sent, NOTHING_MORE_MS, 'GREEN-API requests (no fallback to polling)');
  expect(sockets.slice(constructed), 'sockets the page opened').to.deep.equal([]);
  const after = await socketStats(instance.idInstance);
  expect(after.open, 'sockets open').to.equal(0);
  expect(after.opened, 'sockets opened').to.equal(before.opened);
}

/** A final frame was handled (the element closed the socket itself): lets out getWaSettings, due at once, and waits for `authorized`. */
async function untilAuthorizedAfterFinalFrame({ element, instance, clock }: SocketElement): Promise<void> {
  await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
  clock.tick(0);
  await untilStatus(element, 'authorized');
}

function qrSrc(element: GreenApiQr): string | undefined {
  return qrImage(element)?.src;
}

/** A rotation on the emulator shows up as a new picture pushed over the socket, with no fake time passing. */
async function expectNewCodeAfterRotation(element: GreenApiQr, idInstance: string): Promise<void> {
  const before = qrSrc(element);
  expect(before, 'a code on screen before the rotation').to.be.a('string');
  await rotate(idInstance);
  await until(() => qrSrc(element) !== undefined && qrSrc(element) !== before, 'the rotated code on screen');
}

/** A rotation on the emulator shows up as a new picture with the next poll, at most a poll interval later. */
async function expectNewPolledCodeAfterRotation({ element, instance, step }: SocketElement): Promise<void> {
  const before = qrSrc(element);
  expect(before, 'a code on screen before the rotation').to.be.a('string');
  await rotate(instance.idInstance);
  await step(POLL_INTERVAL_MS);
  expect(qrSrc(element), 'the rotated code on screen after the next poll').to.be.a('string').and.not.equal(before);
}

describe('transport="websocket"', () => {
  afterEach(() => {
    sinon.restore();
    closeOwnSockets();
    if (pageIsFakedHidden()) setPageHidden(false);
  });

  describe('getting codes', () => {
    it('opens ws://{api-url host}/waInstance{id}/scanqrcode/{token} and shows the pushed codes, without polling', async () => {
      const fx = await socketFixture();
      const { element, instance, sent, sockets } = fx;
      expect(sockets.map((socket) => socket.url)).to.deep.equal([emulatorSocketUrl(instance)]);
      expect(element.activeTransport).to.equal('websocket');
      expect(visibleText(element)).to.include('Scan with WhatsApp');
      await expectNothingSentFor(fx.step, sent, NOTHING_MORE_MS, 'GREEN-API requests after the state check');
      expect(methodsOf(sent()), 'the state check (the socket beside it), and nothing else').to.deep.equal(['getStateInstance']);
      expect(sockets, 'sockets the page opened').to.have.length(1);
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets).to.deep.equal({ opened: 1, open: 1, maxOpen: 1, refused: 0 });
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
      expect(info.stats.requests.getStateInstance, 'one state check').to.equal(1);

      // The code the emulator pushed: the phone scanning that payload links.
      await scan(instance.idInstance, info.qr.payload);
      await untilAuthorizedAfterFinalFrame(fx);
    });

    it('replaces the picture when the emulator pushes a rotated code, on the same socket', async () => {
      const { element, instance } = await socketFixture();
      const statuses = recordStatuses(element);
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 1, maxOpen: 1, refused: 0 });
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
      expect(statuses()).to.deep.equal(['qr']);
      expect(element.activeTransport).to.equal('websocket');
    });
  });

  describe('final frames', () => {
    it('accountData after a scan: authorized once with name, wid and phone, and the element closes the socket itself', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { authorized, errors } = recordEvents(element);
      await scan(instance.idInstance);
      await untilAuthorizedAfterFinalFrame(fx);
      expect(authorized).to.have.length(1);
      expect(authorized[0].detail).to.include({
        idInstance: instance.idInstance,
        name: 'GREEN-API Emulator',
        wid: '79001234567@c.us',
        phone: '79001234567',
      });
      expect(visibleText(element)).to.include('Connected as GREEN-API Emulator (+79001234567).');
      expect(element.activeTransport).to.equal(null);
      expect(errors).to.deep.equal([]);
      await expectNothingOpened(fx);
      expect(authorized, 'still one authorized event').to.have.length(1);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 0, maxOpen: 1, refused: 0 });
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
    });

    it('accountData after the instance turns authorized while the socket is open: authorized', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { authorized, errors } = recordEvents(element);
      await setState(instance.idInstance, { stateInstance: 'authorized' });
      await untilAuthorizedAfterFinalFrame(fx);
      expect(authorized).to.have.length(1);
      expect(authorized[0].detail).to.include({ idInstance: instance.idInstance, name: 'GREEN-API Emulator', wid: '79001234567@c.us' });
      expect(errors).to.deep.equal([]);
    });

    it('alreadyLogged: authorized, and the element closes the socket itself', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { authorized, errors } = recordEvents(element);
      await sendFrame(instance.idInstance, { type: 'alreadyLogged', message: 'instance account already authorized' });
      await untilAuthorizedAfterFinalFrame(fx);
      expect(authorized).to.have.length(1);
      expect(authorized[0].detail.idInstance).to.equal(instance.idInstance);
      expect(element.activeTransport).to.equal(null);
      expect(errors).to.deep.equal([]);
      await expectNothingOpened(fx);
      expect((await socketStats(instance.idInstance)).opened, 'no new socket').to.equal(1);
    });

    const needsLogoutCauses = [
      { name: 'the instance needs a logout', cause: (id: string) => setState(id, { needsLogout: true }) },
      {
        name: 'the server sends the error frame',
        cause: (id: string) => sendFrame(id, { type: 'error', message: 'Instance has auth. You need to make log out' }),
      },
    ];
    for (const { name, cause } of needsLogoutCauses) {
      it(`"Instance has auth. You need to make log out" when ${name}: error needs-logout, socket closed, nothing reopened`, async () => {
        const fx = await socketFixture();
        const { element, instance } = fx;
        const { authorized, errors } = recordEvents(element);
        await cause(instance.idInstance);
        await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
        await untilStatus(element, 'error');
        expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['needs-logout', false]]);
        expect(element.activeTransport).to.equal(null);
        expect(visibleText(element)).to.include('Log out and get a new QR code');
        expect(authorized).to.deep.equal([]);
        await expectNothingOpened(fx);
        expect(await requestCount(instance.idInstance), 'no fallback to polling').to.equal(0);
      });
    }
    it('"instance in starting process" frame: a retryable starting error, then codes again over a new socket once the instance is ready', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { errors } = recordEvents(element);
      await setState(instance.idInstance, { stateInstance: 'starting' });
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await until(() => errors.length > 0, 'an error event');
      expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['starting', true]]);
      await setState(instance.idInstance, { stateInstance: 'notAuthorized' });
      await stepToNextSocket(fx);
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.status).to.equal('qr');
      expect(element.activeTransport).to.equal('websocket');
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
      expect((await socketStats(instance.idInstance)).maxOpen).to.equal(1);
    });
  });

  describe('scan timeouts', () => {
    for (const type of ['timeoutExpired', 'timeout'] as const) {
      it(`a "${type}" frame: a new socket at least a second after the first, and codes keep coming`, async () => {
        const fx = await socketFixture();
        const { element, instance, sockets } = fx;
        const { errors } = recordEvents(element);
        const statuses = recordStatuses(element);
        await setState(instance.idInstance, { wsTimeoutType: type });
        await sendFrame(instance.idInstance, { type, message: 'timeoutExpired' });
        await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
        const second = await stepToNextSocket(fx);
        expect(second.at - sockets[0].at, 'fake ms between the sockets').to.be.at.least(MIN_REOPEN_GAP_MS);
        expect(second.url).to.equal(emulatorSocketUrl(instance));
        expect(await socketStats(instance.idInstance)).to.include({ opened: 2, open: 1 });

        await expectNewCodeAfterRotation(element, instance.idInstance);
        expect(element.activeTransport).to.equal('websocket');
        expect(statuses(), 'the code stays on screen meanwhile').to.deep.equal(['qr']);
        expect(errors).to.deep.equal([]);
        const info = await instanceInfo(instance.idInstance);
        expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
        expect(info.stats.sockets.maxOpen).to.equal(1);
      });
    }

    it('with repeated timeouts, ends expired at max-wait with no socket open', async () => {
      const maxWait = 3000;
      const fx = await socketFixture({ maxWait });
      const { element, instance, sockets } = fx;
      const { errors } = recordEvents(element);
      const firstCodeAt = Date.now();
      // Two timeouts bring two more sockets (each a second after the one before) well within max-wait.
      let timeouts = 0;
      for (let round = 0; round < 2; round++) {
        await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' });
        timeouts++;
        await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
        await stepToNextSocket(fx);
        await untilStatus(element, 'qr');
      }
      expect(sockets, 'sockets before expiry').to.have.length(3);
      expect(timeouts, 'timeouts sent before expiry').to.be.at.least(2);
      // The max-wait clock runs from the first code across the new sockets: not restarted by them.
      await fx.step(firstCodeAt + maxWait - 1 - Date.now());
      expect(element.status, 'a millisecond before max-wait').to.equal('qr');
      await fx.step(1);
      expect(element.status, 'at max-wait').to.equal('expired');
      await element.updateComplete;
      expect(qrImage(element)).to.equal(null);
      expect(visibleText(element)).to.include('Reload QR code');
      expect(element.activeTransport).to.equal(null);
      // The third socket was open at expiry: the element closes it itself.
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNothingOpened(fx);
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets.maxOpen).to.equal(1);
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
      expect(errors).to.deep.equal([]);
    });
  });

  describe('unparseable frames', () => {
    it('one bad-response error (retryable), then a new socket and codes again', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { errors } = recordEvents(element);
      await sendFrame(instance.idInstance, 'not json');
      await until(() => errors.length > 0, 'an error event');
      expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['bad-response', true]]);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await stepToNextSocket(fx);
      expect(await socketStats(instance.idInstance)).to.include({ opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.status).to.equal('qr');
      expect(element.activeTransport).to.equal('websocket');
      expect(visibleText(element)).to.include('Scan with WhatsApp');
      expect(errors, 'still one error event').to.have.length(1);
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
      expect(info.stats.sockets.maxOpen).to.equal(1);
    });
  });

  describe('frames GREEN-API may add', () => {
    it('an unknown frame type is read past: no error, the same socket, and the next codes and the scan still arrive', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { errors, authorized } = recordEvents(element);
      await sendFrame(instance.idInstance, JSON.stringify({ type: 'somethingNew', message: 'from a newer GREEN-API' }));
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(await socketStats(instance.idInstance)).to.include({ opened: 1, open: 1 });
      expect(element.status).to.equal('qr');
      await scan(instance.idInstance);
      await untilAuthorizedAfterFinalFrame(fx);
      expect(authorized).to.have.length(1);
      expect(errors).to.deep.equal([]);
    });

    it('passkeyRequired: WhatsApp asks for a passkey, so the element stops with passkey-required, says what to do on the phone, and offers Try again', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { errors, authorized } = recordEvents(element);
      await setPasskeyRequired(instance.idInstance, true);
      await scan(instance.idInstance);
      await untilStatus(element, 'error');
      expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['passkey-required', false]]);
      expect(visibleText(element)).to.include(EN.errors['passkey-required']);
      expect(authorized).to.deep.equal([]);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
    });
  });

  describe('falling back to polling', () => {
    it('when the upgrade is refused (503): codes by polling, activeTransport poll, no error event', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { wsRefuse: true });
      const fx = await socketElement({}, instance);
      const { element, step } = fx;
      const { errors } = recordEvents(element);
      await step(0);
      // The refusal comes back in real time; the first poll is then due at once.
      await until(() => element.activeTransport === 'poll', 'the fallback to polling');
      await step(0);
      await untilStatus(element, 'qr');
      expect(element.activeTransport).to.equal('poll');
      expect(await requestCount(instance.idInstance), 'qr requests').to.be.greaterThan(0);
      await expectNewPolledCodeAfterRotation(fx);
      expect(errors).to.deep.equal([]);
      expect((await socketStats(instance.idInstance)).opened).to.equal(0);
      await scan(instance.idInstance);
      await step(POLL_INTERVAL_MS);
      await untilStatus(element, 'authorized');
    });

    const cuts = [
      { name: 'the connection drops (1006)', cut: (id: string) => socketAction(id, { action: 'drop' }) },
      { name: 'the server closes with 1011', cut: (id: string) => socketAction(id, { action: 'close', code: 1011, reason: 'internal error' }) },
    ];
    for (const { name, cut } of cuts) {
      it(`when ${name} while a code is shown: polls, keeping the picture on screen, no error event`, async () => {
        const fx = await socketFixture();
        const { element, instance } = fx;
        const { errors } = recordEvents(element);
        const statuses = recordStatuses(element);
        const picture = qrSrc(element);
        await cut(instance.idInstance);
        await until(() => element.activeTransport === 'poll', 'the fallback to polling');
        expect(qrSrc(element), 'the same picture when polling starts').to.equal(picture);
        await fx.step(0);
        expect(await requestCount(instance.idInstance), 'qr requests at once').to.equal(1);
        expect(element.activeTransport).to.equal('poll');
        expect(qrSrc(element), 'the same picture from the first poll').to.equal(picture);
        await expectNewPolledCodeAfterRotation(fx);
        expect(statuses(), 'the code stays on screen').to.deep.equal(['qr']);
        expect(errors).to.deep.equal([]);
        expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 0, maxOpen: 1, refused: 0 });
      });
    }

    it('keeps the max-wait clock running across the fallback', async () => {
      const maxWait = 3000;
      const fx = await socketFixture({ maxWait });
      const { element, instance } = fx;
      const firstCodeAt = Date.now();
      await fx.step(2000);
      await socketAction(instance.idInstance, { action: 'drop' });
      await until(() => element.activeTransport === 'poll', 'the fallback to polling');
      await fx.step(0);
      expect(await requestCount(instance.idInstance), 'qr requests').to.be.greaterThan(0);
      expect(element.status).to.equal('qr');
      // A clock restarted by the fallback would expire 2 s + 3 s after the first code.
      await fx.step(firstCodeAt + maxWait - 1 - Date.now());
      expect(element.status, 'a millisecond before max-wait from the first code').to.equal('qr');
      await fx.step(1);
      expect(element.status, 'max-wait after the first code').to.equal('expired');
      expect(element.activeTransport).to.equal(null);
    });

    it('when another socket holds the instance (one session, 1008): polls, no error event', async () => {
      // Rate limits off from the start, so that the element's socket is accepted right after the
      // test's own (not refused by the 1 upgrade/s limit) and then refused by the one-session rule.
      const instance = await createInstance({ rateLimits: false });
      await openOwnSocket(instance);
      const fx = await socketElement({}, instance);
      const { element } = fx;
      const { errors } = recordEvents(element);
      await fx.step(0);
      await untilSockets(instance.idInstance, { opened: 2 });
      await until(() => element.activeTransport === 'poll' || element.status === 'error', 'the fallback to polling or an error');
      await fx.step(0);
      expect(await requestCount(instance.idInstance), 'qr requests').to.be.greaterThan(0);
      expect(
        errors.map(({ detail }) => detail),
        'error events',
      ).to.deep.equal([]);
      await untilStatus(element, 'qr');
      expect(element.activeTransport).to.equal('poll');
      await expectNewPolledCodeAfterRotation(fx);
      expect((await socketStats(instance.idInstance)).open, "only the test's own socket").to.equal(1);
    });

    it('not after a normal close (1000) once codes came: a new socket, still websocket', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      const { errors } = recordEvents(element);
      const statuses = recordStatuses(element);
      await socketAction(instance.idInstance, { action: 'close', code: 1000 });
      await untilSockets(instance.idInstance, { open: 0 });
      await stepToNextSocket(fx);
      expect(await socketStats(instance.idInstance)).to.include({ opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.activeTransport).to.equal('websocket');
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
      expect(statuses()).to.deep.equal(['qr']);
      expect(errors).to.deep.equal([]);
    });
  });

  describe('one socket at most', () => {
    it('never has two open over a run with rotations, a timeout and a scan', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' });
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await stepToNextSocket(fx);
      expect(await socketStats(instance.idInstance)).to.include({ opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await socketAction(instance.idInstance, { action: 'close', code: 1000 });
      await untilSockets(instance.idInstance, { open: 0 });
      await stepToNextSocket(fx);
      expect(await socketStats(instance.idInstance)).to.include({ opened: 3, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await scan(instance.idInstance);
      await untilAuthorizedAfterFinalFrame(fx);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 3, open: 0, maxOpen: 1, refused: 0 });
    });

    it('none after removal from the DOM', async () => {
      const fx = await socketFixture();
      fx.element.remove();
      await untilSockets(fx.instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNothingOpened(fx);
    });

    it('none after removal while a new socket is due after a timeout', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' });
      // The element closes the socket on the frame and plans the new one: remove it while that is due.
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      element.remove();
      await expectNothingOpened(fx);
      expect((await socketStats(instance.idInstance)).opened).to.equal(1);
    });

    it('none after stop()', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      element.stop();
      await element.updateComplete;
      expect(element.status).to.equal('idle');
      expect(element.activeTransport).to.equal(null);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNothingOpened(fx);
    });

    it('none after stop() while a new socket is due after a timeout', async () => {
      const fx = await socketFixture();
      const { element, instance } = fx;
      await sendFrame(instance.idInstance, { type: 'timeout', message: 'timeoutExpired' });
      // The element closes the socket on the frame and plans the new one: stop it while that is due.
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      element.stop();
      await expectNothingOpened(fx);
      expect((await socketStats(instance.idInstance)).opened).to.equal(1);
    });

    it('closes the old socket when api-token-instance changes, and the new session opens exactly one', async () => {
      const fx = await socketFixture();
      const { element, instance, sockets, step } = fx;
      // The same instance gets a new token; the reset clears the counters (and switches the rate
      // limits back on unless told) but the old socket stays open.
      const newToken = Array.from(crypto.getRandomValues(new Uint8Array(25)), (byte) => byte.toString(16).padStart(2, '0')).join('');
      await createInstance({ idInstance: instance.idInstance, apiTokenInstance: newToken, rateLimits: false });
      expect(await socketStats(instance.idInstance), 'the old socket after the reset').to.deep.equal({ opened: 0, open: 1, maxOpen: 1, refused: 0 });
      const sentBefore = fx.sent().length;
      const sent = () => fx.sent().slice(sentBefore);
      const socketsBefore = sockets.length;

      element.apiTokenInstance = newToken;
      // The old socket is closed at once. On a real clock the new one would open a second later (the
      // limit's gap), long after the server saw that close; the fake clock squeezes that second into
      // a few ms, so wait until the emulator has seen it, or it would refuse the new one (one session).
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      // The new session asks the state again (a second after the last time, as the limit says) and
      // opens its socket beside it (the head start).
      await stepToNextSocket(fx);
      await untilStatus(element, 'qr');
      expect(methodsOf(sent()), "the new session's requests").to.deep.equal(['getStateInstance']);
      await expectNothingSentFor(step, sent, NOTHING_MORE_MS, "GREEN-API requests after the new session's state check");
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 1, maxOpen: 1, refused: 0 });
      expect(sockets.slice(socketsBefore).map((socket) => socket.url)).to.deep.equal([emulatorSocketUrl({ ...instance, apiTokenInstance: newToken })]);
      expect(element.activeTransport).to.equal('websocket');
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
    });
  });

  describe('pausing', () => {
    it('closes the socket while the page is hidden and opens one again when it is shown', async () => {
      const fx = await socketFixture();
      const { element, instance, sockets } = fx;
      setPageHidden(true);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNothingOpened(fx);
      expect(visibleText(element)).to.include('Paused while the page is hidden.');

      setPageHidden(false);
      // Long past the 1 s gap: the socket is opened at once.
      await fx.step(0);
      expect(sockets, 'a socket at once').to.have.length(2);
      await untilSockets(instance.idInstance, { opened: 2, open: 1 });
      await untilStatus(element, 'qr');
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.activeTransport).to.equal('websocket');
      expect(visibleText(element)).not.to.include('Paused');
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets.maxOpen).to.equal(1);
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
    });
  });
});
