import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrAuthorizedDetail } from '../../src/index.js';
import { linkingMethod } from '../../src/protocol/index.js';
import { addFault, createInstance, EMULATOR_URL, emulatedAccount, rotate, scan } from '../helpers/emulator.js';
import { expectNothingSentFor, fakeClockFixture, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, button, qrImage, shadow, visibleText } from '../helpers/fixture.js';
import { methodsOf, recordErrorDetails, recordStatuses, spyGreenApiRequests } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

/** The start-to-start gap the element keeps between two qr requests (src/protocol). */
const QR_GAP_MS = linkingMethod('qr')!.gapMs;

/** Shows codes for `shownMs` in 1 s poll steps (the clock must be at a poll), checking the code stays up. */
async function showFor(step: (ms: number) => Promise<void>, element: GreenApiQr, shownMs: number): Promise<void> {
  for (let t = 0; t < shownMs; t += 1000) {
    await step(Math.min(1000, shownMs - t));
    expect(element.status, `after ${Math.min(t + 1000, shownMs)} ms of showing codes`).to.equal('qr');
    expect(qrImage(element)).to.exist;
  }
}

async function expectExpired(element: GreenApiQr): Promise<void> {
  expect(element.status).to.equal('expired');
  expect(element.getAttribute('status')).to.equal('expired');
  expect(qrImage(element), 'no picture once expired').to.equal(null);
  const text = visibleText(element);
  expect(text).to.include('The QR code has expired.');
  expect(text).not.to.include('Scan with WhatsApp');
  expect(button(element)?.textContent?.trim()).to.equal('Reload QR code');
}

describe('expiry', () => {
  afterEach(() => sinon.restore());

  it('stops after max-wait of showing codes without a scan: says the code expired, offers "Reload QR code" and sends nothing more', async () => {
    const { clock, element, instance, sent, step } = await fakeClockFixture({ maxWait: 3000 });
    const errors = recordErrorDetails(element);
    await step(0);
    expect(element.status).to.equal('qr');

    await showFor(step, element, 2999);
    await step(1);
    await expectExpired(element);

    const atEmulator = await allRequestCount(instance.idInstance);
    await expectNothingSentFor(step, sent, 60_000, 'requests started after expiry');
    expect(await allRequestCount(instance.idInstance), 'requests at the emulator after expiry').to.equal(atEmulator);
    expect(clock.countTimers(), 'timers left running').to.equal(0);
    await expectExpired(element);
    expect(errors, 'expiry is not an error').to.deep.equal([]);
  });

  it('does not count the time spent loading before the first code', async () => {
    sinon.stub(Math, 'random').returns(1); // retries after exactly 1 s, 2 s, 4 s
    const instance = await createInstance();
    await addFault(instance.idInstance, { status: 500, times: 3 });
    const { element, step } = await fakeClockFixture({ maxWait: 3000 }, instance);
    await step(0);
    await step(1000);
    await step(2000); // t = 3 s, still loading: max-wait is not running yet
    expect(element.status).to.equal('loading');
    await step(4000); // t = 7 s: the first code
    expect(element.status).to.equal('qr');

    await showFor(step, element, 2999);
    await step(1);
    await expectExpired(element);
  });

  it('"Reload QR code" starts over: loading, then a new code, with the full max-wait again', async () => {
    const { element, instance, sent, step } = await fakeClockFixture({ maxWait: 3000 });
    await step(0);
    const firstPicture = qrImage(element)!.getAttribute('src');
    await showFor(step, element, 2999);
    await step(1);
    await expectExpired(element);
    await rotate(instance.idInstance); // WhatsApp has a new code by now
    const count = sent().length;

    button(element)!.click();
    await element.updateComplete;
    expect(element.status, 'right after the click').to.equal('loading');
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element)).to.include('Getting the QR code');
    expect(button(element)).to.equal(null);

    await step(0);
    expect(methodsOf(sent().slice(count)), 'right after the click: a new session, so the state check, then one qr request').to.deep.equal([
      'getStateInstance',
      'qr',
    ]);
    expect(element.status).to.equal('qr');
    expect(qrImage(element)!.getAttribute('src'), 'the new code')
      .to.match(/^data:image\/png;base64,/)
      .and.not.equal(firstPicture);

    // The max-wait clock starts again from zero.
    await showFor(step, element, 2999);
    await step(1);
    await expectExpired(element);
  });

  it('defaults max-wait to 300000 ms: still showing at 299 s, expired at 300 s', async () => {
    expect(document.createElement('greenapi-qr').maxWait, 'property default').to.equal(300_000);
    const clock = useFakeClock();
    spyGreenApiRequests(); // for fetchStepper
    const instance = await createInstance();
    // No max-wait attribute. Polls every 15 s (well inside the 20 s code lifetime) to keep the test short.
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr
        lang="en"
        api-url=${EMULATOR_URL}
        id-instance=${instance.idInstance}
        .apiTokenInstance=${instance.apiTokenInstance}
        poll-interval="15000"
      ></greenapi-qr>
    `);
    expect(element.maxWait).to.equal(300_000);
    const step = fetchStepper(clock, element, instance.idInstance);
    await step(0);
    expect(element.status).to.equal('qr');
    for (let t = 15_000; t <= 285_000; t += 15_000) {
      await step(15_000);
      expect(element.status, `at ${t / 1000} s`).to.equal('qr');
    }
    await step(14_000); // 299 s
    expect(element.status, 'at 299 s').to.equal('qr');
    expect(qrImage(element)).to.exist;
    await step(1000); // 300 s
    await expectExpired(element);
  });

  it('never expires once the phone has scanned before max-wait', async () => {
    const { clock, element, instance, sent, step } = await fakeClockFixture({ maxWait: 3000 });
    const statuses = recordStatuses(element);
    const authorized: GreenApiQrAuthorizedDetail[] = [];
    element.addEventListener('authorized', (event) => authorized.push(event.detail));
    await step(0);
    await step(1000);
    expect(element.status).to.equal('qr');
    await scan(instance.idInstance);
    await step(1000); // t = 2 s: the poll sees the scan
    expect(element.status).to.equal('authorized');
    const account = await emulatedAccount(instance.idInstance);
    expect(authorized).to.deep.equal([{ idInstance: instance.idInstance, ...account }]);

    const count = sent().length;
    await step(60_000);
    expect(element.status).to.equal('authorized');
    expect(statuses()).not.to.include('expired');
    expect(visibleText(element)).to.include(`Connected as +${account.phone}.`).and.not.include('expired');
    expect(button(element)).to.equal(null);
    expect(sent().length).to.equal(count);
    expect(clock.countTimers()).to.equal(0);
  });

  it('does not expire while it gets the account details of a scan made in time', async () => {
    const maxWait = 1500;
    const pollInterval = 334;
    const instance = await createInstance();
    // The account lookup after the scan is still unanswered, in real time, while the fake clock
    // goes well past max-wait (but not past the lookup's own 10 s timeout).
    await addFault(instance.idInstance, { method: 'getWaSettings', latencyMs: 100, times: 1 });
    const { clock, element, sent, step } = await fakeClockFixture({ maxWait, pollInterval }, instance);
    const statuses = recordStatuses(element);
    const authorized: GreenApiQrAuthorizedDetail[] = [];
    element.addEventListener('authorized', (event) => authorized.push(event.detail));
    await step(0);
    expect(element.status).to.equal('qr');
    await scan(instance.idInstance); // well within the 1.5 s

    // The next poll (334 ms, stretched to qr's rate-limit gap) sees the scan; the element asks for
    // the account details at once.
    const count = sent().length;
    clock.tick(QR_GAP_MS);
    expect(methodsOf(sent().slice(count)), 'the poll').to.deep.equal(['qr']);
    await until(() => element.status !== 'qr', 'the poll to see the scan');
    clock.tick(0);
    expect(methodsOf(sent().slice(count)), 'the poll, then the account lookup').to.deep.equal(['qr', 'getWaSettings']);
    // Synchronous, right after the lookup went out: its answer cannot be handled before this.
    clock.tick(3 * maxWait);
    await element.updateComplete;
    expect(authorized, 'no answer yet').to.deep.equal([]);
    expect(element.status, `${3 * maxWait} ms after max-wait started, the lookup still running`).to.equal('loading');

    await until(() => authorized.length > 0 || element.status === 'expired', 'authorized or expired');
    await element.updateComplete;
    expect(statuses(), `statuses: ${statuses().join(' → ')}`).not.to.include('expired');
    expect(element.status).to.equal('authorized');
    expect(authorized).to.deep.equal([{ idInstance: instance.idInstance, ...(await emulatedAccount(instance.idInstance)) }]);
    await expectNothingSentFor(step, sent, 60_000, 'requests once authorized');
    expect(clock.countTimers(), 'timers left running').to.equal(0);
    expect(element.status).to.equal('authorized');
  });
});
