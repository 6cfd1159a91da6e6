import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail } from '../../src/index.js';
import { PAIRING_STATE_POLL_MS } from '../../src/element/pairing-code-flow.js';
import { addFault, createInstance, enterCode, instanceInfo, requestLog, setState, type Fault, type TestInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { connect, makeElement, qrImage, shadow, untilStatus, visibleText } from '../helpers/fixture.js';
import {
  buttonLabelled,
  buttonLabels,
  grouped,
  phoneForm,
  phoneInput,
  phoneProblem,
  recordRequests,
  setPageHidden,
  shownCode,
  submitPhone,
} from '../helpers/pairing.js';
import { until } from '../helpers/wait.js';

/** The number the emulator links (its getWaSettings phone). */
const PHONE = '79001234567';
const CODE_LIFETIME_MS = 150_000;
const CODE_GAP_MS = 10_000;
/** Fake time in which nothing more may be sent: longer than any timer the element could still hold. */
const QUIET_MS = 60_000;
/**
 * Fake time a restart ("Use a QR code instead", "Use another number") takes to reach its next
 * screen: its state check waits out getStateInstance's 1-per-second gap since the previous one.
 */
const RESTART_MS = 2000;

const ACCEPTED = [
  { input: '+44 7700 900123', phoneNumber: 447700900123 },
  { input: '0044 7700 900123', phoneNumber: 447700900123 },
  { input: '+7 (900) 123-45-67', phoneNumber: 79001234567 },
  { input: '79001234567', phoneNumber: 79001234567 },
  { input: '1234567', phoneNumber: 1234567 },
  { input: '123456789012345', phoneNumber: 123456789012345 },
];

const REJECTED = [
  { input: '', why: 'empty' },
  { input: '+', why: 'a plus and no digits' },
  { input: '123456', why: '6 digits' },
  { input: '1234567890123456', why: '16 digits' },
  { input: 'abc', why: 'letters' },
  { input: '+44 7700 9001x3', why: 'a letter among the digits' },
  { input: '0 7700 900123', why: 'a national number, starting with 0' },
];

interface Mounted {
  element: GreenApiQr;
  instance: TestInstance;
  errors: GreenApiQrErrorDetail[];
  authorized: GreenApiQrAuthorizedDetail[];
}

/** A `method="phone"` element on a fresh instance (or the given one), with its listeners in place before it starts. */
async function mountPhone(phoneNumber = '', given?: TestInstance): Promise<Mounted> {
  const instance = given ?? (await createInstance());
  const element = makeElement(instance);
  element.method = 'phone';
  element.phoneNumber = phoneNumber;
  const errors: GreenApiQrErrorDetail[] = [];
  const authorized: GreenApiQrAuthorizedDetail[] = [];
  element.addEventListener('error', (event) => errors.push(event.detail));
  element.addEventListener('authorized', (event) => authorized.push(event.detail));
  await connect(element);
  return { element, instance, errors, authorized };
}

/** The same element on a fake clock, moved forward until the first code (or the form, or an error) is up. */
async function mountPhoneOnFakeClock(phoneNumber = '', given?: TestInstance) {
  const clock = useFakeClock();
  const requests = recordRequests();
  const mounted = await mountPhone(phoneNumber, given);
  // recordRequests' stub on fetch is the spy fetchStepper watches.
  const step = fetchStepper(clock, mounted.element, mounted.instance.idInstance);
  await step(0);
  return { ...mounted, clock, requests, step };
}

async function emulatorCount(idInstance: string, method: string): Promise<number> {
  return (await instanceInfo(idInstance)).stats.requests[method] ?? 0;
}

async function issuedCode(idInstance: string): Promise<string> {
  const { code } = (await instanceInfo(idInstance)).pairing;
  if (!code) throw new Error('the emulator has issued no pairing code');
  return code;
}

function isShown(element: HTMLElement | null): boolean {
  return element !== null && element.getClientRects().length > 0;
}

/** The emulator never saw our requests push the instance into `starting` (strictPairing is on by default). */
async function expectNeverStarting(idInstance: string): Promise<void> {
  const info = await instanceInfo(idInstance);
  expect(info.stateInstance, 'the instance state at the emulator').to.equal('notAuthorized');
  const log = await requestLog(idInstance);
  expect(
    log.filter((entry) => entry.status === 400),
    'requests answered "instance in starting process"',
  ).to.deep.equal([]);
}

describe('method="phone"', () => {
  afterEach(() => {
    sinon.restore();
    if (Object.hasOwn(document, 'visibilityState')) setPageHidden(false);
  });

  describe('without phone-number: the form', () => {
    it('shows status phone with a labelled tel field, "Get code" and "Use a QR code instead", and asks nothing but the state', async () => {
      const { element, instance, requests, step } = await mountPhoneOnFakeClock();
      await untilStatus(element, 'phone');

      const form = phoneForm(element);
      const input = phoneInput(element);
      expect(isShown(form), 'the form').to.equal(true);
      expect(isShown(input), 'the field').to.equal(true);
      expect(input!.type).to.equal('tel');
      expect(input!.getAttribute('autocomplete')).to.equal('tel');
      expect(
        [...input!.labels!].map((label) => label.textContent?.trim()),
        'the field label',
      ).to.deep.equal(['WhatsApp number with country code']);
      expect(input!.getAttribute('aria-invalid')).not.to.equal('true');

      const submit = form!.querySelector<HTMLButtonElement>('button[type="submit"]');
      expect(submit?.textContent?.trim()).to.equal('Get code');
      expect(isShown(submit)).to.equal(true);
      expect(isShown(buttonLabelled(element, 'Use a QR code instead'))).to.equal(true);
      expect(visibleText(element)).to.include('Link with your phone number');
      expect(shownCode(element)).to.equal(null);

      await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests while the form shows');
      expect((await instanceInfo(instance.idInstance)).stats.requests, 'requests at the emulator').to.deep.equal({ getStateInstance: 1 });
      expect(requests.all().map((request) => request.method)).to.deep.equal(['getStateInstance']);
      expect(element.status).to.equal('phone');
    });

    it('"Use a QR code instead" switches to a QR code', async () => {
      const { element, instance, step } = await mountPhoneOnFakeClock();
      await untilStatus(element, 'phone');
      buttonLabelled(element, 'Use a QR code instead')!.click();
      await element.updateComplete;
      expect(element.method).to.equal('qr');
      expect(element.getAttribute('method')).to.equal('qr');
      await step(RESTART_MS);
      await untilStatus(element, 'qr');
      expect(qrImage(element)?.getAttribute('src')).to.match(/^data:image\/png;base64,/);
      expect(phoneForm(element)).to.equal(null);
      expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode')).to.equal(0);
    });

    for (const { input, phoneNumber } of ACCEPTED) {
      it(`accepts "${input}" (${input.replace(/\D/g, '').length} digits) and POSTs {"phoneNumber": ${phoneNumber}} once`, async () => {
        const requests = recordRequests();
        const { element, instance, errors } = await mountPhone();
        await untilStatus(element, 'phone');
        await submitPhone(element, input);
        await untilStatus(element, 'code');

        const sent = requests.of('getAuthorizationCode');
        expect(sent, 'code requests').to.have.length(1);
        expect(sent[0].httpMethod).to.equal('POST');
        expect(sent[0].body).to.deep.equal({ phoneNumber });
        expect(Number.isInteger((sent[0].body as { phoneNumber: unknown }).phoneNumber), 'an integer, not a string').to.equal(true);
        const info = await instanceInfo(instance.idInstance);
        expect(info.stats.requests.getAuthorizationCode, 'code requests at the emulator').to.equal(1);
        expect(info.pairing.requests, 'valid code requests at the emulator').to.equal(1);
        expect(shownCode(element)).to.equal(grouped(info.pairing.code!));
        expect(errors).to.deep.equal([]);
      });
    }

    for (const { input, why } of REJECTED) {
      it(`rejects "${input}" (${why}): config error, inline message, aria-invalid, still the form, no request`, async () => {
        const { element, instance, errors, requests, step } = await mountPhoneOnFakeClock();
        await untilStatus(element, 'phone');
        await submitPhone(element, input);

        expect(errors, 'error events').to.have.length(1);
        expect(errors[0].code).to.equal('config');
        expect(errors[0].retryable).to.equal(false);
        const problem = phoneProblem(element);
        expect(problem?.textContent?.trim(), 'the inline message').to.not.equal('');
        expect(isShown(problem), 'the inline message is visible').to.equal(true);
        const field = phoneInput(element)!;
        expect(field.getAttribute('aria-invalid')).to.equal('true');
        expect(field.getAttribute('aria-describedby')?.split(/\s+/)).to.include('phone-problem');
        expect(element.status).to.equal('phone');
        expect(isShown(phoneForm(element))).to.equal(true);

        await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests after the rejected number');
        expect(element.status).to.equal('phone');
        expect(requests.of('getAuthorizationCode'), 'code requests sent').to.deep.equal([]);
        expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode'), 'code requests at the emulator').to.equal(0);
      });
    }

    it('a corrected number after a rejected one gets a code, and the inline message goes away', async () => {
      const requests = recordRequests();
      const { element } = await mountPhone();
      await untilStatus(element, 'phone');
      await submitPhone(element, '0 7700 900123');
      expect(phoneInput(element)!.getAttribute('aria-invalid')).to.equal('true');
      await submitPhone(element, '+44 7700 900123');
      await untilStatus(element, 'code');
      expect(requests.of('getAuthorizationCode').map((request) => request.body)).to.deep.equal([{ phoneNumber: 447700900123 }]);
      expect(phoneProblem(element)?.textContent?.trim() ?? '').to.equal('');
    });

    it('"Use another number" under a typed number\'s code brings back the empty form, without a new code request', async () => {
      const { element, requests, step } = await mountPhoneOnFakeClock();
      await untilStatus(element, 'phone');
      await submitPhone(element, `+${PHONE}`);
      await step(0);
      await untilStatus(element, 'code');
      buttonLabelled(element, 'Use another number')!.click();
      await step(RESTART_MS);
      await untilStatus(element, 'phone');
      expect(phoneInput(element)!.value).to.equal('');
      expect(shownCode(element)).to.equal(null);
      await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests while the empty form shows');
      expect(requests.of('getAuthorizationCode'), 'code requests').to.have.length(1);
    });
  });

  describe('with phone-number', () => {
    for (const { input, phoneNumber } of ACCEPTED) {
      it(`phone-number="${input}" asks for a code {"phoneNumber": ${phoneNumber}} right after the state check, without a form`, async () => {
        const requests = recordRequests();
        const { element, instance, errors } = await mountPhone(input);
        await untilStatus(element, 'code');
        expect((await requestLog(instance.idInstance)).map((entry) => entry.method)).to.deep.equal(['getStateInstance', 'getAuthorizationCode']);
        expect(requests.of('getAuthorizationCode').map((request) => request.body)).to.deep.equal([{ phoneNumber }]);
        expect(shownCode(element)).to.equal(grouped(await issuedCode(instance.idInstance)));
        expect(buttonLabels(element), "a number the page set is not the user's to change").to.deep.equal(['Copy code', 'Use a QR code instead']);
        expect(errors).to.deep.equal([]);
      });
    }

    for (const { input, why } of REJECTED.filter(({ input }) => input !== '')) {
      it(`phone-number="${input}" (${why}) is status error, code config, and no code request`, async () => {
        const { element, instance, errors, requests, step } = await mountPhoneOnFakeClock(input);
        await untilStatus(element, 'error');
        expect(errors.map((error) => error.code)).to.deep.equal(['config']);
        expect(errors[0].retryable).to.equal(false);
        expect(phoneForm(element), 'no form for a number the page set').to.equal(null);
        await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests after the config error');
        expect(requests.of('getAuthorizationCode'), 'code requests sent').to.deep.equal([]);
        expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode'), 'code requests at the emulator').to.equal(0);
        expect(element.status).to.equal('error');
      });
    }
  });

  describe('the code on screen', () => {
    it('shows the emulator\'s code as XXXX-XXXX with the steps, and counts down from "Valid for 2:30" to "The code has expired."', async () => {
      const { element, instance, clock, requests, errors, step } = await mountPhoneOnFakeClock(PHONE);
      expect(element.status).to.equal('code');
      expect(shownCode(element)).to.equal(grouped(await issuedCode(instance.idInstance)));
      expect(shownCode(element)).to.match(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      const text = visibleText(element);
      expect(text).to.include('Enter this code in WhatsApp');
      expect(text).to.include('Link with phone number instead');
      expect(text).to.include('Valid for 2:30');
      expect(buttonLabels(element)).to.include.members(['Copy code', 'Use a QR code instead']);

      await step(1000);
      expect(visibleText(element)).to.include('Valid for 2:29');
      await step(1000);
      expect(visibleText(element)).to.include('Valid for 2:28');
      await step(3000);
      // The state is polled all along (every 5 s), so each step crosses at most one poll.
      for (let t = 5000; t < 30_000; t += 5000) {
        await step(5000);
        expect(element.status, `at ${(t + 5000) / 1000} s`).to.equal('code');
      }
      expect(visibleText(element)).to.include('Valid for 2:00');
      // The code's validity runs on while the page is hidden (no polls meanwhile, to keep the test short).
      setPageHidden(true);
      await step(110_000);
      setPageHidden(false);
      await step(0);
      expect(visibleText(element), 'at 140 s').to.include('Valid for 0:10');
      await step(5000);
      expect(visibleText(element), 'at 145 s').to.include('Valid for 0:05');
      await step(4000);
      expect(element.status, 'at 149 s').to.equal('code');
      expect(visibleText(element)).to.include('Valid for 0:01');

      await step(1000);
      expect(element.status, 'at 150 s').to.equal('expired');
      expect(element.getAttribute('status')).to.equal('expired');
      expect(visibleText(element)).to.include('The code has expired.').and.not.include('Valid for');
      expect(shownCode(element), 'no code once it ran out').to.equal(null);
      expect(buttonLabels(element)).to.deep.equal(['Get a new code']);
      expect(errors, 'running out is not an error').to.deep.equal([]);

      // No state poll and no code request after that.
      await expectNothingSentFor(step, requests.urls, 120_000, 'requests after expiry');
      expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode')).to.equal(1);
      expect(clock.countTimers(), 'timers left running').to.equal(0);
      expect(element.status).to.equal('expired');
    });

    it('a code that ran out while the page was hidden shows as expired when the page comes back, without polling', async () => {
      const { element, instance, requests, step } = await mountPhoneOnFakeClock(PHONE);
      expect(element.status).to.equal('code');
      setPageHidden(true);
      await step(CODE_LIFETIME_MS + 1000);
      const count = requests.all().length;
      setPageHidden(false);
      await step(0);
      expect(element.status).to.equal('expired');
      expect(visibleText(element)).to.include('The code has expired.');
      expect(buttonLabels(element)).to.deep.equal(['Get a new code']);
      await step(30_000);
      expect(requests.all().slice(count), 'requests once back').to.deep.equal([]);
      expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode')).to.equal(1);
    });

    for (const variant of ['set by phone-number', 'typed into the form'] as const) {
      it(`"Get a new code" gets a new code for the number ${variant}, not within 10 s of the last one`, async () => {
        const byAttribute = variant === 'set by phone-number';
        const { element, instance, requests, step } = await mountPhoneOnFakeClock(byAttribute ? PHONE : '');
        if (!byAttribute) {
          expect(element.status).to.equal('phone');
          await submitPhone(element, `+${PHONE}`);
          await step(0);
        }
        expect(element.status).to.equal('code');
        const firstCode = await issuedCode(instance.idInstance);
        // Most of the code's life spent on a hidden page (no polls), the last second on screen.
        setPageHidden(true);
        await step(CODE_LIFETIME_MS - 1000);
        setPageHidden(false);
        await step(0);
        expect(visibleText(element)).to.include('Valid for 0:01');
        await step(1000);
        expect(element.status).to.equal('expired');
        const count = requests.all().length;
        await step(5000);
        expect(requests.all().slice(count), 'requests after expiry').to.deep.equal([]);

        const statusesAfterClick: string[] = [];
        new MutationObserver(() => statusesAfterClick.push(element.getAttribute('status') ?? '')).observe(element, { attributeFilter: ['status'] });
        buttonLabelled(element, 'Get a new code')!.click();
        await step(0);

        expect(element.status).to.equal('code');
        expect(statusesAfterClick, 'no form in between').not.to.include('phone');
        const codeRequests = requests.of('getAuthorizationCode');
        expect(codeRequests, 'code requests').to.have.length(2);
        expect(codeRequests.map((request) => request.body)).to.deep.equal([{ phoneNumber: Number(PHONE) }, { phoneNumber: Number(PHONE) }]);
        expect(codeRequests[1].at - codeRequests[0].at, 'ms between the code requests').to.be.at.least(CODE_GAP_MS);
        const newCode = await issuedCode(instance.idInstance);
        expect(newCode).not.to.equal(firstCode);
        expect(shownCode(element)).to.equal(grouped(newCode));
        expect(visibleText(element)).to.include('Valid for 2:30');
        await expectNeverStarting(instance.idInstance);
      });
    }

    it('polls getStateInstance about every 5 s while the code shows, and not while the page is hidden', async () => {
      const { element, requests, step } = await mountPhoneOnFakeClock(PHONE);
      expect(element.status).to.equal('code');
      const shownAt = Date.now();
      const polls = () =>
        requests
          .of('getStateInstance')
          .slice(1)
          .map((request) => request.at - shownAt);

      for (let t = 0; t < 20_000; t += 1000) await step(1000);
      expect(element.status).to.equal('code');
      const times = polls();
      expect(times, `poll times (ms after the code showed): ${times.join(', ')}`).to.have.length(4);
      times.forEach((at, index) => {
        const gap = at - (index === 0 ? 0 : times[index - 1]);
        expect(gap, `gap before poll ${index + 1}`).to.be.within(5000, 6000);
      });

      const sentBeforeHiding = requests.all().length;
      setPageHidden(true);
      await element.updateComplete;
      for (let t = 0; t < 30_000; t += 1000) await step(1000);
      await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests while hidden, later on');
      expect(requests.all().slice(sentBeforeHiding), 'requests while hidden').to.deep.equal([]);
      expect(polls(), 'polls while hidden').to.have.length(4);
      expect(visibleText(element)).to.include('Paused while the page is hidden.');
      expect(element.status).to.equal('code');

      setPageHidden(false);
      await step(0);
      expect(polls(), 'a poll as soon as the page is visible').to.have.length(5);
      expect(requests.of('getAuthorizationCode'), 'no new code').to.have.length(1);
    });

    it('fires authorized once, within about 5 s, when the code is entered on the phone, with the account from getWaSettings', async () => {
      const { element, instance, clock, requests, step, errors, authorized } = await mountPhoneOnFakeClock(PHONE);
      expect(element.status).to.equal('code');
      await enterCode(instance.idInstance, grouped(await issuedCode(instance.idInstance)));

      // The code was entered right as it showed: the state poll that finds it linked is the next one, 5 s later.
      await step(PAIRING_STATE_POLL_MS - 1);
      expect(authorized, 'before the next state poll').to.deep.equal([]);
      expect(element.status).to.equal('code');
      await step(1);
      expect(authorized).to.have.length(1);
      const { avatar, ...rest } = authorized[0];
      expect(rest).to.deep.equal({ idInstance: instance.idInstance, phone: PHONE, wid: `${PHONE}@c.us` });
      expect(avatar).to.match(/^data:image\/png;base64,/);
      expect(element.status).to.equal('authorized');
      expect(visibleText(element)).to.include(`Connected as +${PHONE}.`);
      expect(shadow(element).querySelector('img[part="avatar"]')).to.exist;
      expect(shownCode(element)).to.equal(null);

      expect(
        requests.all().map((request) => request.method),
        'everything sent',
      ).to.deep.equal(['getStateInstance', 'getAuthorizationCode', 'getStateInstance', 'getWaSettings']);
      const count = (await requestLog(instance.idInstance)).length;
      await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests after authorized');
      expect(authorized, 'still one authorized event').to.have.length(1);
      expect((await requestLog(instance.idInstance)).length, 'requests after authorized').to.equal(count);
      expect(clock.countTimers(), 'timers left running').to.equal(0);
      expect(errors).to.deep.equal([]);
    });

    it('a wrong code entered on the phone changes nothing on screen', async () => {
      const { element, instance, requests, step, errors, authorized } = await mountPhoneOnFakeClock(PHONE);
      const code = await issuedCode(instance.idInstance);
      const wrong = `${code[0] === 'A' ? 'B' : 'A'}${code.slice(1)}`;
      let refused: unknown;
      await enterCode(instance.idInstance, wrong).catch((error: unknown) => (refused = error));
      expect(String(refused), 'the emulator refuses the wrong code').to.include('409');
      const before = visibleText(element);
      const polls = requests.of('getStateInstance').length;

      for (let t = 0; t < 10_000; t += 5000) await step(5000);
      expect(requests.of('getStateInstance').length, 'state polls after the wrong code').to.equal(polls + 2);
      expect(element.status).to.equal('code');
      expect(shownCode(element)).to.equal(grouped(code));
      expect(visibleText(element)).to.equal(before.replace('Valid for 2:30', 'Valid for 2:20'));
      expect(errors).to.deep.equal([]);
      expect(authorized).to.deep.equal([]);
      expect(requests.of('getAuthorizationCode'), 'no new code asked for').to.have.length(1);
      expect((await instanceInfo(instance.idInstance)).pairing.wrongEntries).to.equal(1);
      await expectNeverStarting(instance.idInstance);
    });

    it('"Copy code" copies the code and says "Copied"', async () => {
      const { element, instance, step } = await mountPhoneOnFakeClock(PHONE);
      expect(element.status).to.equal('code');
      const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
      buttonLabelled(element, 'Copy code')!.click();
      await until(() => buttonLabelled(element, 'Copied') !== null, 'the "Copied" label');
      expect(writeText.callCount).to.equal(1);
      expect(writeText.firstCall.args).to.deep.equal([await issuedCode(instance.idInstance)]);
      expect(element.status).to.equal('code');
      // Long enough to read, then back (before the next state poll, 5 s after the code showed).
      await step(1000);
      expect(buttonLabelled(element, 'Copied'), 'the "Copied" label after 1 s').not.to.equal(null);
      await step(2500);
      expect(buttonLabelled(element, 'Copy code'), 'the label back to "Copy code" within 3.5 s').not.to.equal(null);
      expect(element.status).to.equal('code');
    });

    it('when the clipboard refuses, says "Select the code to copy it" and selects the code', async () => {
      const { element, instance } = await mountPhone(PHONE);
      await untilStatus(element, 'code');
      sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('Write permission denied.', 'NotAllowedError'));
      getSelection()?.removeAllRanges();
      buttonLabelled(element, 'Copy code')!.click();
      await until(() => buttonLabelled(element, 'Select the code to copy it') !== null, 'the "Select the code to copy it" label');
      expect(getSelection()?.toString()).to.equal(grouped(await issuedCode(instance.idInstance)));
      expect(element.status).to.equal('code');
      getSelection()?.removeAllRanges();
    });
  });

  describe('failures', () => {
    it('status:false (pairingFails) is error pairing-failed, not retryable, with "Try again" and "Use a QR code instead", which shows a QR code', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { pairingFails: true });
      const { element, errors, step } = await mountPhoneOnFakeClock(PHONE, instance);
      await untilStatus(element, 'error');

      expect(errors).to.have.length(1);
      expect(errors[0].code).to.equal('pairing-failed');
      expect(errors[0].retryable).to.equal(false);
      expect(visibleText(element)).to.include('Could not get a code.');
      expect(shownCode(element)).to.equal(null);
      expect(isShown(buttonLabelled(element, 'Try again')), '"Try again"').to.equal(true);
      expect(isShown(buttonLabelled(element, 'Use a QR code instead')), '"Use a QR code instead"').to.equal(true);

      buttonLabelled(element, 'Use a QR code instead')!.click();
      await element.updateComplete;
      expect(element.method).to.equal('qr');
      await step(RESTART_MS);
      await untilStatus(element, 'qr');
      expect(qrImage(element)?.getAttribute('src')).to.match(/^data:image\/png;base64,/);
      expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode')).to.equal(1);
    });

    const FAILURES: { name: string; fault?: Fault; code: string; text: string }[] = [
      { name: 'status:false (pairing-failed)', code: 'pairing-failed', text: 'Could not get a code.' },
      { name: 'HTTP 500', fault: { method: 'getAuthorizationCode', status: 500 }, code: 'server', text: 'GREEN-API is having trouble.' },
      {
        name: 'HTTP 400 "instance in starting process"',
        fault: { method: 'getAuthorizationCode', status: 400 },
        code: 'starting',
        text: 'The instance is starting.',
      },
    ];

    for (const { name, fault, code, text } of FAILURES) {
      it(`after ${name} in answer to the code request it shows ${code} and never asks for a code by itself`, async () => {
        const instance = await createInstance();
        if (fault) await addFault(instance.idInstance, fault);
        else await setState(instance.idInstance, { pairingFails: true });
        const { element, errors, requests, step } = await mountPhoneOnFakeClock(PHONE, instance);

        expect(element.status).to.equal('error');
        expect(errors.map((error) => error.code)).to.deep.equal([code]);
        expect(visibleText(element)).to.include(text);
        expect(isShown(buttonLabelled(element, 'Try again'))).to.equal(true);

        // Well past every backoff (1 s … 30 s) and the 10 s code gap.
        for (let t = 0; t < 180_000; t += 15_000) await step(15_000);
        await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests after the failure');
        expect(requests.of('getAuthorizationCode'), 'code requests sent').to.have.length(1);
        expect(await emulatorCount(instance.idInstance, 'getAuthorizationCode'), 'code requests at the emulator').to.equal(1);
        expect(
          requests.all().map((request) => request.method),
          'everything sent',
        ).to.deep.equal(['getStateInstance', 'getAuthorizationCode']);
        expect(element.status).to.equal('error');
        expect(errors).to.have.length(1);
      });
    }

    for (const { name, fault, code } of FAILURES.filter(({ fault }) => fault)) {
      it(`reports ${name} to the code request with retryable: false, since the element does not retry it`, async () => {
        const instance = await createInstance();
        await addFault(instance.idInstance, fault!);
        const { element, errors } = await mountPhone(PHONE, instance);
        await untilStatus(element, 'error');
        expect(errors.map((error) => error.code)).to.deep.equal([code]);
        // The event's own documentation: "True when the element retries by itself; false when it stopped and waits for Try again".
        expect(errors[0].retryable, 'retryable').to.equal(false);
      });
    }

    it('quick "Try again" clicks never put two code requests less than 10 s apart, and never push the instance into starting', async () => {
      const instance = await createInstance();
      await setState(instance.idInstance, { pairingFails: true });
      const { element, requests, step } = await mountPhoneOnFakeClock(PHONE, instance);
      await untilStatus(element, 'error');
      const codeRequestsAt = () => requests.of('getAuthorizationCode').map((request) => request.at);
      const [firstAt] = codeRequestsAt();

      // A double click, and the page's own refresh() a moment later, while the first retry waits out the gap.
      const tryAgain = buttonLabelled(element, 'Try again')!;
      tryAgain.click();
      tryAgain.click();
      await step(1500);
      expect(element.status, 'waiting for the gap, not failed').to.equal('loading');
      expect(requests.of('getStateInstance'), "the restart's state check").to.have.length(2);
      element.refresh();
      // The gap is kept on the page's clock, so it is checked there: `at` is the fake time at which
      // each request left. (The emulator stamps arrival in real time, in which a step of fake seconds
      // takes milliseconds, so its log only counts the requests here.)
      await step(firstAt + CODE_GAP_MS - 1 - Date.now());
      expect(codeRequestsAt(), 'code requests until 1 ms before the gap is over').to.have.length(1);
      await step(1);
      expect(codeRequestsAt(), 'code requests once the gap is over').to.have.length(2);
      await untilStatus(element, 'error');
      await expectNothingSentFor(step, requests.urls, QUIET_MS, 'requests after the second failure');
      expect(requests.of('getAuthorizationCode'), 'one request for the three restarts').to.have.length(2);

      const sent = codeRequestsAt();
      for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1], `ms between code requests ${i} and ${i + 1}`).to.be.at.least(CODE_GAP_MS);
      const log = (await requestLog(instance.idInstance)).filter((entry) => entry.method === 'getAuthorizationCode');
      expect(log, 'code requests at the emulator').to.have.length(2);
      await expectNeverStarting(instance.idInstance);
    });
  });
});
