import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrAuthorizedDetail } from '../../src/index.js';
import { addFault, createInstance, instanceInfo, requestLog, scan, type TestInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { qrFixture, requestCount, shadow, untilInFlight, untilStatus, visibleText } from '../helpers/fixture.js';
import { methodsOf, recordEvents, spyGreenApiRequests } from '../helpers/observe.js';
import { emulatorAvatarDataUrl, expectDroppedHeadStartSeen, mount, ofMethod, sentTo } from '../helpers/states.js';
import { realDelay, until } from '../helpers/wait.js';

/** The emulator's linked account. */
const PHONE = '79001234567';
const WID = `${PHONE}@c.us`;
/** The qr poll interval of a scanned element (fake milliseconds). */
const POLL_INTERVAL_MS = 400;
/** Fake time in which nothing more may be sent: longer than any timer the element could still hold. */
const QUIET_MS = 60_000;

function avatarImage(element: GreenApiQr): HTMLImageElement | null {
  return shadow(element).querySelector('img[part="avatar"]');
}

/** getWaSettings of a linked account as GREEN-API shapes it, with `fields` changed. */
function waSettings(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    avatar: '',
    base64Avatar: '',
    chatId: WID,
    phone: PHONE,
    stateInstance: 'authorized',
    deviceId: `${PHONE}:26@s.whatsapp.net`,
    logoutProcess: false,
    historySyncProgress: 100,
    ...fields,
  };
}

interface Scanned {
  element: GreenApiQr;
  instance: TestInstance;
  detail: GreenApiQrAuthorizedDetail;
  /** How many `authorized` events it has fired. */
  count: () => number;
  /** The page's GREEN-API requests (spyGreenApiRequests). */
  sent: () => string[];
  /** Moves the fake clock and lets the element's requests be answered (fetchStepper). */
  step: (ms: number) => Promise<void>;
}

/**
 * On a fake clock, a QR code on screen, then the phone scans it: resolves with the `authorized`
 * detail, which fires on the next qr poll (it says alreadyLogged) and the getWaSettings after it.
 */
async function scanned(instance?: TestInstance): Promise<Scanned> {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const fixtureResult = await qrFixture({ pollInterval: POLL_INTERVAL_MS }, instance);
  const { element } = fixtureResult;
  const step = fetchStepper(clock, element, fixtureResult.instance.idInstance);
  await step(0);
  await untilStatus(element, 'qr');
  const { authorized } = recordEvents(element);
  await scan(fixtureResult.instance.idInstance);
  await step(POLL_INTERVAL_MS);
  expect(authorized, 'authorized events after the next qr poll').to.have.length(1);
  return { ...fixtureResult, detail: authorized[0].detail, count: () => authorized.length, sent, step };
}

/** The success state without account details: the plain sentence and the success icon. */
function expectPlainSuccess(element: GreenApiQr): void {
  expect(element.status).to.equal('authorized');
  expect(visibleText(element)).to.include('WhatsApp is connected.');
  expect(visibleText(element)).not.to.include('Connected as');
  expect(avatarImage(element), 'no avatar').to.equal(null);
  expect(shadow(element).querySelector('[part="icon"]'), 'the success icon').to.exist;
}

describe('the linked account', () => {
  afterEach(() => sinon.restore());

  describe('after a scan', () => {
    it('fires `authorized` with exactly { idInstance, phone, wid, avatar } from getWaSettings', async () => {
      const { instance, detail, count, sent, step } = await scanned();
      const avatar = await emulatorAvatarDataUrl(instance.idInstance);
      expect(avatar).to.match(/^data:image\/png;base64,iVBORw0KGgo/);
      expect(detail).to.deep.equal({ idInstance: instance.idInstance, phone: PHONE, wid: WID, avatar });
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after authorized');
      expect(count(), 'authorized fires once').to.equal(1);
    });

    it('says "Connected as +79001234567." and shows the avatar picture', async () => {
      const { element, detail } = await scanned();
      expect(visibleText(element)).to.include(`Connected as +${PHONE}.`);
      const img = avatarImage(element)!;
      expect(img, 'img[part=avatar]').to.exist;
      expect(img.getAttribute('src')).to.equal(detail.avatar);
      await until(() => img.complete && img.naturalWidth > 0, 'the avatar to load');
      expect([img.naturalWidth, img.naturalHeight], 'the emulator avatar is 96×96').to.deep.equal([96, 96]);
      expect(shadow(element).querySelector('[part="icon"]'), 'the picture replaces the success icon').to.equal(null);
    });

    it('asks getWaSettings exactly once, after the scan, and nothing after `authorized`', async () => {
      const { instance, sent, step } = await scanned();
      const log = await requestLog(instance.idInstance);
      const lookups = ofMethod(log, 'getWaSettings');
      expect(lookups).to.have.length(1);
      const lastQr = ofMethod(log, 'qr').at(-1)!;
      expect(lookups[0].startedAt, 'after the qr answer that said alreadyLogged').to.be.at.least(lastQr.endedAt!);
      expect(log.at(-1)!.method, 'the last request').to.equal('getWaSettings');
      const total = log.length;
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after authorized');
      expect((await requestLog(instance.idInstance)).length, 'requests after authorized').to.equal(total);
    });

    it('never puts the token in the detail', async () => {
      const { element, instance, detail } = await scanned();
      expect(JSON.stringify(detail)).not.to.include(instance.apiTokenInstance);
      expect(shadow(element).innerHTML).not.to.include(instance.apiTokenInstance);
    });
  });

  describe('when getWaSettings gives no details', () => {
    it('HTTP 500: `authorized` still fires, with idInstance alone, says "WhatsApp is connected." and is not retried', async () => {
      const instance = await createInstance();
      await addFault(instance.idInstance, { method: 'getWaSettings', status: 500 });
      const { element, detail, count, sent, step } = await scanned(instance);
      expect(detail).to.deep.equal({ idInstance: instance.idInstance });
      expectPlainSuccess(element);
      await expectNothingSentFor(step, sent, QUIET_MS, 'requests after authorized');
      expect(count()).to.equal(1);
      expect(await requestCount(instance.idInstance, 'getWaSettings'), 'asked once, not retried').to.equal(1);
    });

    it('no answer: `authorized` fires with idInstance alone after 10 s, not before, and the request is cancelled', async () => {
      const instance = await createInstance({ stateInstance: 'authorized' });
      await addFault(instance.idInstance, { method: 'getWaSettings', hang: true });
      const clock = useFakeClock();
      const sent = spyGreenApiRequests();
      const { element, authorized, errors } = await mount(instance);
      // The state check, then the account lookup that hangs.
      await until(async () => {
        clock.tick(0); // synchronous: an answer is never handled mid-tick
        return sentTo(sent, 'getWaSettings') === 1;
      }, 'the getWaSettings request');
      await untilInFlight(instance.idInstance, 1);
      await element.updateComplete;
      expect(element.status).to.equal('loading');
      expect(visibleText(element)).to.include('Linked. Getting the account details…');

      clock.tick(9_999);
      // Real time: an early abort would fire authorized a few tasks later (up to ~80 ms in Chromium on a busy machine).
      await realDelay(200);
      expect(authorized, 'still waiting at 9.999 s').to.deep.equal([]);
      expect(element.status).to.equal('loading');

      clock.tick(1);
      await until(() => authorized.length > 0, 'an authorized event');
      await element.updateComplete;
      expect(authorized[0].detail).to.deep.equal({ idInstance: instance.idInstance });
      expectPlainSuccess(element);
      await until(async () => ofMethod(await requestLog(instance.idInstance), 'getWaSettings')[0]?.aborted === true, 'the getWaSettings request cancelled');
      await untilInFlight(instance.idInstance, 0);

      // Every request is settled now, so a stepper can move the clock on.
      await expectNothingSentFor(fetchStepper(clock, element, instance.idInstance), sent, QUIET_MS, 'requests after authorized');
      expect(authorized).to.have.length(1);
      expect(errors, 'a missing nicety is not an error').to.deep.equal([]);
      expect(sentTo(sent, 'getWaSettings'), 'not retried').to.equal(1);
      // The qr beside the state check (the head start) was dropped when the state said authorized.
      expect(methodsOf(sent()), 'what the page sent').to.deep.equal(['getStateInstance', 'qr', 'getWaSettings']);
      const { qr = 0, ...requests } = (await instanceInfo(instance.idInstance)).stats.requests;
      expect(requests).to.deep.equal({ getStateInstance: 1, getWaSettings: 1 });
      expectDroppedHeadStartSeen(qr);
    });
  });

  describe('the avatar', () => {
    it('is the https avatar URL when base64Avatar is empty', async () => {
      const instance = await createInstance();
      const url = 'https://pps.whatsapp.net/x.jpg';
      await addFault(instance.idInstance, { method: 'getWaSettings', body: waSettings({ avatar: url, base64Avatar: '' }) });
      const { element, detail } = await scanned(instance);
      expect(detail).to.deep.equal({ idInstance: instance.idInstance, phone: PHONE, wid: WID, avatar: url });
      expect(avatarImage(element)?.getAttribute('src')).to.equal(url);
      expect(visibleText(element)).to.include(`Connected as +${PHONE}.`);
    });

    for (const url of ['javascript:alert(1)', 'http://pps.whatsapp.net/x.jpg']) {
      it(`ignores an avatar "${url}" (no base64Avatar): no avatar in the detail, no picture`, async () => {
        const instance = await createInstance();
        await addFault(instance.idInstance, { method: 'getWaSettings', body: waSettings({ avatar: url, base64Avatar: '' }) });
        const { element, detail } = await scanned(instance);
        expect(detail).to.deep.equal({ idInstance: instance.idInstance, phone: PHONE, wid: WID });
        expect(avatarImage(element)).to.equal(null);
        expect(shadow(element).innerHTML).not.to.include(url);
        expect(visibleText(element)).to.include(`Connected as +${PHONE}.`);
      });
    }

    it('never carries the token, even when getWaSettings echoes it back', async () => {
      const instance = await createInstance();
      const token = instance.apiTokenInstance;
      await addFault(instance.idInstance, {
        method: 'getWaSettings',
        body: waSettings({ chatId: `${token}@c.us`, avatar: `https://pps.whatsapp.net/${token}.jpg?t=${token}`, base64Avatar: '' }),
      });
      const { element, detail } = await scanned(instance);
      expect(detail.idInstance).to.equal(instance.idInstance);
      expect(detail.phone).to.equal(PHONE);
      expect(JSON.stringify(detail), 'the authorized detail').not.to.include(token);
      expect(shadow(element).innerHTML, 'the rendered success state').not.to.include(token);
    });
  });
});
