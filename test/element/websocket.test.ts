import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { createInstance, instanceInfo, rotate, scan, setState, socketAction, type TestInstance } from '../helpers/emulator.js';
import { qrFixture, qrImage, requestCount, untilStatus, visibleText } from '../helpers/fixture.js';
import { recordEvents, recordStatuses } from '../helpers/observe.js';
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
} from '../helpers/socket.js';
import { realDelay, until } from '../helpers/wait.js';

/** Well before the emulator's 5 s grace after a final frame: only the element itself can have closed the socket. */
const CLOSED_BY_ELEMENT_MS = 1000;
/** The element opens sockets at most once per second (scanQrCode's limit); allow a little clock slack. */
const MIN_REOPEN_GAP_MS = 950;

/** A `transport="websocket"` element on a fresh instance, showing its first pushed code. */
async function socketFixture(options: { maxWait?: number } = {}, instance?: TestInstance) {
  const fixtureResult = await qrFixture({ transport: 'websocket', ...options }, instance);
  await untilStatus(fixtureResult.element, 'qr');
  await untilSockets(fixtureResult.instance.idInstance, { open: 1 });
  return fixtureResult;
}

function qrSrc(element: GreenApiQr): string | undefined {
  return qrImage(element)?.src;
}

/** A rotation on the emulator shows up as a new picture: codes are still arriving (over whichever transport). */
async function expectNewCodeAfterRotation(element: GreenApiQr, idInstance: string, timeoutMs = 4000): Promise<void> {
  const before = qrSrc(element);
  expect(before, 'a code on screen before the rotation').to.be.a('string');
  await rotate(idInstance);
  await until(() => qrSrc(element) !== undefined && qrSrc(element) !== before, 'the rotated code on screen', timeoutMs);
}

/** Checks, over `ms` of real time, that the instance never has a socket open and none is opened. */
async function expectNoSocketFor(idInstance: string, ms: number): Promise<void> {
  const { opened } = await socketStats(idInstance);
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const stats = await socketStats(idInstance);
    expect(stats.open, 'sockets open').to.equal(0);
    expect(stats.opened, 'sockets opened').to.equal(opened);
    await realDelay(100);
  }
}

describe('transport="websocket"', () => {
  afterEach(() => {
    sinon.restore();
    closeOwnSockets();
    if (pageIsFakedHidden()) setPageHidden(false);
  });

  describe('getting codes', () => {
    it('opens ws://{api-url host}/waInstance{id}/scanqrcode/{token} and shows the pushed codes, without polling', async () => {
      const sockets = watchSockets();
      const { element, instance } = await socketFixture();
      expect(sockets.map((socket) => socket.url)).to.deep.equal([emulatorSocketUrl(instance)]);
      expect(element.activeTransport).to.equal('websocket');
      expect(visibleText(element)).to.include('Scan with WhatsApp');
      await realDelay(1200);
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets).to.deep.equal({ opened: 1, open: 1, maxOpen: 1, refused: 0 });
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
      expect(info.stats.requests.getStateInstance, 'the state check first').to.equal(1);

      // The code on screen is the one the emulator pushed: the phone scanning that payload links.
      await scan(instance.idInstance, info.qr.payload);
      await untilStatus(element, 'authorized');
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
      const { element, instance } = await socketFixture();
      const { authorized, errors } = recordEvents(element);
      await scan(instance.idInstance);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await untilStatus(element, 'authorized');
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
      await realDelay(1200);
      expect(authorized, 'still one authorized event').to.have.length(1);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 0, maxOpen: 1, refused: 0 });
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
    });

    it('accountData after the instance turns authorized while the socket is open: authorized', async () => {
      const { element, instance } = await socketFixture();
      const { authorized, errors } = recordEvents(element);
      await setState(instance.idInstance, { stateInstance: 'authorized' });
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await untilStatus(element, 'authorized');
      expect(authorized).to.have.length(1);
      expect(authorized[0].detail).to.include({ idInstance: instance.idInstance, name: 'GREEN-API Emulator', wid: '79001234567@c.us' });
      expect(errors).to.deep.equal([]);
    });

    it('alreadyLogged: authorized, and the element closes the socket itself', async () => {
      const { element, instance } = await socketFixture();
      const { authorized, errors } = recordEvents(element);
      await sendFrame(instance.idInstance, { type: 'alreadyLogged', message: 'instance account already authorized' });
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await untilStatus(element, 'authorized');
      expect(authorized).to.have.length(1);
      expect(authorized[0].detail.idInstance).to.equal(instance.idInstance);
      expect(element.activeTransport).to.equal(null);
      expect(errors).to.deep.equal([]);
      await realDelay(1200);
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
        const { element, instance } = await socketFixture();
        const { authorized, errors } = recordEvents(element);
        await cause(instance.idInstance);
        await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
        await untilStatus(element, 'error');
        expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['needs-logout', false]]);
        expect(element.activeTransport).to.equal(null);
        expect(visibleText(element)).to.include('Log out and get a new QR code');
        expect(authorized).to.deep.equal([]);
        await expectNoSocketFor(instance.idInstance, 1500);
        expect(await requestCount(instance.idInstance), 'no fallback to polling').to.equal(0);
      });
    }
    it('"instance in starting process" frame: a retryable starting error, then codes again over a new socket once the instance is ready', async () => {
      const { element, instance } = await socketFixture();
      const { errors } = recordEvents(element);
      await setState(instance.idInstance, { stateInstance: 'starting' });
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await until(() => errors.length > 0, 'an error event');
      expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['starting', true]]);
      await setState(instance.idInstance, { stateInstance: 'notAuthorized' });
      await until(async () => (await socketStats(instance.idInstance)).open === 1, 'a socket again', 6000);
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
        const sockets = watchSockets();
        const { element, instance } = await socketFixture();
        const { errors } = recordEvents(element);
        const statuses = recordStatuses(element);
        await setState(instance.idInstance, { wsTimeoutType: type });
        await sendFrame(instance.idInstance, { type, message: 'timeoutExpired' });
        await untilSockets(instance.idInstance, { opened: 2, open: 1 });
        expect(sockets).to.have.length(2);
        expect(sockets[1].at - sockets[0].at, 'ms between the sockets').to.be.at.least(MIN_REOPEN_GAP_MS);
        expect(sockets[1].url).to.equal(emulatorSocketUrl(instance));

        await expectNewCodeAfterRotation(element, instance.idInstance);
        expect(element.activeTransport).to.equal('websocket');
        expect(statuses(), 'the code stays on screen meanwhile').to.deep.equal(['qr']);
        expect(errors).to.deep.equal([]);
        const info = await instanceInfo(instance.idInstance);
        expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
        expect(info.stats.sockets.maxOpen).to.equal(1);
      });
    }

    it('with repeated timeouts, ends expired at max-wait with no socket open', async function () {
      this.timeout(15_000);
      const { element, instance } = await socketFixture({ maxWait: 3000 });
      const { errors } = recordEvents(element);
      const expired = () => element.status === 'expired';
      let timeouts = 0;
      while (!expired()) {
        await until(async () => expired() || (await socketStats(instance.idInstance)).open === 1, 'an open socket or expiry');
        if (expired()) break;
        const { opened } = await socketStats(instance.idInstance);
        await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' })
          .then(() => timeouts++)
          .catch(() => undefined); // the socket may have gone with the expiry in the meantime
        await until(async () => expired() || (await socketStats(instance.idInstance)).opened > opened, 'a new socket or expiry');
      }
      await element.updateComplete;
      expect(timeouts, 'timeouts sent before expiry').to.be.at.least(2);
      expect(qrImage(element)).to.equal(null);
      expect(visibleText(element)).to.include('Reload QR code');
      expect(element.activeTransport).to.equal(null);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1500);
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets.maxOpen).to.equal(1);
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
      expect(errors).to.deep.equal([]);
    });
  });

  describe('unparseable frames', () => {
    it('one bad-response error (retryable), then a new socket and codes again', async () => {
      const { element, instance } = await socketFixture();
      const { errors } = recordEvents(element);
      await sendFrame(instance.idInstance, 'not json');
      await until(() => errors.length > 0, 'an error event');
      expect(errors.map(({ detail }) => [detail.code, detail.retryable])).to.deep.equal([['bad-response', true]]);
      await untilSockets(instance.idInstance, { opened: 2, open: 1 }, 5000);
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

  describe('falling back to polling', () => {
    it('when the upgrade is refused (503): codes by polling, activeTransport poll, no error event', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { wsRefuse: true });
      const { element } = await qrFixture({ transport: 'websocket' }, instance);
      const { errors } = recordEvents(element);
      await untilStatus(element, 'qr');
      expect(element.activeTransport).to.equal('poll');
      expect(await requestCount(instance.idInstance), 'qr requests').to.be.greaterThan(0);
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(errors).to.deep.equal([]);
      expect((await socketStats(instance.idInstance)).opened).to.equal(0);
      await scan(instance.idInstance);
      await untilStatus(element, 'authorized');
    });

    const cuts = [
      { name: 'the connection drops (1006)', cut: (id: string) => socketAction(id, { action: 'drop' }) },
      { name: 'the server closes with 1011', cut: (id: string) => socketAction(id, { action: 'close', code: 1011, reason: 'internal error' }) },
    ];
    for (const { name, cut } of cuts) {
      it(`when ${name} while a code is shown: polls, keeping the picture on screen, no error event`, async () => {
        const { element, instance } = await socketFixture();
        const { errors } = recordEvents(element);
        const statuses = recordStatuses(element);
        const picture = qrSrc(element);
        await cut(instance.idInstance);
        await until(async () => (await requestCount(instance.idInstance)) > 0, 'a qr request');
        expect(element.activeTransport).to.equal('poll');
        expect(qrSrc(element), 'the same picture while polling starts').to.equal(picture);
        await expectNewCodeAfterRotation(element, instance.idInstance);
        expect(statuses(), 'the code stays on screen').to.deep.equal(['qr']);
        expect(errors).to.deep.equal([]);
        expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 0, maxOpen: 1, refused: 0 });
      });
    }

    it('keeps the max-wait clock running across the fallback', async () => {
      const { element, instance } = await socketFixture({ maxWait: 3000 });
      const firstCodeAt = performance.now();
      await realDelay(2000);
      await socketAction(instance.idInstance, { action: 'drop' });
      await until(async () => (await requestCount(instance.idInstance)) > 0, 'a qr request');
      expect(element.status).to.equal('qr');
      await untilStatus(element, 'expired', 3000);
      // A clock restarted by the fallback would expire 2 s + 3 s after the first code.
      expect(performance.now() - firstCodeAt, 'ms from the first code to expiry').to.be.below(3900);
      expect(element.activeTransport).to.equal(null);
    });

    it('when another socket holds the instance (one session, 1008): polls, no error event', async () => {
      const instance = await createInstance();
      await openOwnSocket(instance);
      // Past the 1 upgrade/s limit, so the element's socket is accepted and then refused by the one-session rule.
      await realDelay(1100);
      const { element } = await qrFixture({ transport: 'websocket' }, instance);
      const { errors } = recordEvents(element);
      await untilSockets(instance.idInstance, { opened: 2 });
      await until(
        async () => element.status === 'error' || (await requestCount(instance.idInstance)) > 0,
        'a qr request or an error',
      );
      expect(errors.map(({ detail }) => detail), 'error events').to.deep.equal([]);
      await untilStatus(element, 'qr');
      expect(element.activeTransport).to.equal('poll');
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect((await socketStats(instance.idInstance)).open, 'only the test\'s own socket').to.equal(1);
    });

    it('not after a normal close (1000) once codes came: a new socket, still websocket', async () => {
      const { element, instance } = await socketFixture();
      const { errors } = recordEvents(element);
      const statuses = recordStatuses(element);
      await socketAction(instance.idInstance, { action: 'close', code: 1000 });
      await untilSockets(instance.idInstance, { opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.activeTransport).to.equal('websocket');
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
      expect(statuses()).to.deep.equal(['qr']);
      expect(errors).to.deep.equal([]);
    });
  });

  describe('one socket at most', () => {
    it('never has two open over a run with rotations, a timeout and a scan', async function () {
      this.timeout(15_000);
      const { element, instance } = await socketFixture();
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' });
      await untilSockets(instance.idInstance, { opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await socketAction(instance.idInstance, { action: 'close', code: 1000 });
      await untilSockets(instance.idInstance, { opened: 3, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      await scan(instance.idInstance);
      await untilStatus(element, 'authorized');
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 3, open: 0, maxOpen: 1, refused: 0 });
    });

    it('none after removal from the DOM', async () => {
      const { element, instance } = await socketFixture();
      element.remove();
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1500);
    });

    it('none after removal while a new socket is due after a timeout', async () => {
      const { element, instance } = await socketFixture();
      await sendFrame(instance.idInstance, { type: 'timeoutExpired', message: 'timeoutExpired' });
      element.remove();
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1500);
      expect((await socketStats(instance.idInstance)).opened).to.equal(1);
    });

    it('none after stop()', async () => {
      const { element, instance } = await socketFixture();
      element.stop();
      await element.updateComplete;
      expect(element.status).to.equal('idle');
      expect(element.activeTransport).to.equal(null);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1500);
    });

    it('none after stop() while a new socket is due after a timeout', async () => {
      const { element, instance } = await socketFixture();
      await sendFrame(instance.idInstance, { type: 'timeout', message: 'timeoutExpired' });
      element.stop();
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1500);
      expect((await socketStats(instance.idInstance)).opened).to.equal(1);
    });

    it('closes the old socket when api-token-instance changes, and the new session opens exactly one', async () => {
      const { element, instance } = await socketFixture();
      // The same instance gets a new token; the reset clears the counters but the old socket stays open.
      const newToken = Array.from(crypto.getRandomValues(new Uint8Array(25)), (byte) => byte.toString(16).padStart(2, '0')).join('');
      await createInstance({ idInstance: instance.idInstance, apiTokenInstance: newToken });
      expect(await socketStats(instance.idInstance), 'the old socket after the reset').to.deep.equal({ opened: 0, open: 1, maxOpen: 1, refused: 0 });
      const sockets = watchSockets();

      element.apiTokenInstance = newToken;
      await until(async () => (await socketStats(instance.idInstance)).opened === 1, 'the new session\'s socket');
      await untilStatus(element, 'qr');
      await realDelay(1200);
      expect(await socketStats(instance.idInstance)).to.deep.equal({ opened: 1, open: 1, maxOpen: 1, refused: 0 });
      expect(sockets.map((socket) => socket.url)).to.deep.equal([emulatorSocketUrl({ ...instance, apiTokenInstance: newToken })]);
      expect(element.activeTransport).to.equal('websocket');
      expect(await requestCount(instance.idInstance), 'qr requests').to.equal(0);
    });
  });

  describe('pausing', () => {
    it('closes the socket while the page is hidden and opens one again when it is shown', async () => {
      const { element, instance } = await socketFixture();
      setPageHidden(true);
      await untilSockets(instance.idInstance, { open: 0 }, CLOSED_BY_ELEMENT_MS);
      await expectNoSocketFor(instance.idInstance, 1200);
      expect(visibleText(element)).to.include('Paused while the page is hidden.');

      setPageHidden(false);
      await untilSockets(instance.idInstance, { opened: 2, open: 1 });
      await expectNewCodeAfterRotation(element, instance.idInstance);
      expect(element.activeTransport).to.equal('websocket');
      expect(visibleText(element)).not.to.include('Paused');
      const info = await instanceInfo(instance.idInstance);
      expect(info.stats.sockets.maxOpen).to.equal(1);
      expect(info.stats.requests.qr ?? 0, 'qr requests').to.equal(0);
    });
  });
});
