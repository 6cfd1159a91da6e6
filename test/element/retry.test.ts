import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, clearFaults } from '../helpers/emulator.js';
import { fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, button, qrFixture, qrImage, requestCount, shadow, visibleText } from '../helpers/fixture.js';
import { greenApiMethod, methodsOf, recordErrorDetails, spyGreenApiRequests } from '../helpers/observe.js';

/**
 * A qrFixture (polling every second) on a fake clock, stepped by fetchStepper (each step waits until
 * the element has read and handled the answers, with no fixed delay), that also records the
 * element's error details and can pin down when the next request goes out.
 */
async function setUp(options: { pollInterval?: number; maxWait?: number } = {}) {
  const clock = useFakeClock();
  const sent = spyGreenApiRequests();
  const { element, instance } = await qrFixture({ pollInterval: 1000, ...options });
  const step = fetchStepper(clock, element, instance.idInstance);
  const errors = recordErrorDetails(element);
  const { idInstance } = instance;

  /**
   * Ticks to 1 ms before `delay`: no request; then 1 ms more: exactly one, a qr request (a retry
   * is of the code, not a new state check), which the emulator answers.
   */
  async function expectNextRequestAfter(delay: number, label: string): Promise<void> {
    const before = sent().length;
    await step(delay - 1);
    expect(sent().length, `${label}: nothing sent 1 ms before ${delay} ms`).to.equal(before);
    expect(await allRequestCount(idInstance), `${label}: nothing at the emulator 1 ms before ${delay} ms`).to.equal(before);
    await step(1);
    expect(sent().length, `${label}: one request at ${delay} ms`).to.equal(before + 1);
    expect(greenApiMethod(sent()[before]), `${label}: the request`).to.equal('qr');
    expect(await allRequestCount(idInstance), `${label}: the emulator got it`).to.equal(before + 1);
  }

  return { clock, element, instance, errors, sent, step, expectNextRequestAfter };
}

function hint(element: GreenApiQr): string {
  return [...shadow(element).querySelectorAll('[part="hint"]')].map((node) => node.textContent ?? '').join(' ');
}

describe('retrying', () => {
  afterEach(() => sinon.restore());

  it('backs off exponentially after failures, 1 s, 2 s, 4 s, 8 s, 16 s, and never waits more than 30 s', async function () {
    this.timeout(20_000);
    sinon.stub(Math, 'random').returns(1); // jitter at its top: each delay is the full nominal one
    const { element, instance, step, expectNextRequestAfter } = await setUp();
    await addFault(instance.idInstance, { status: 500 });
    await step(0);
    expect(await requestCount(instance.idInstance)).to.equal(1);

    for (const [index, delay] of [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000].entries()) {
      expect(visibleText(element), `countdown before retry ${index + 1}`).to.include(`Retrying in ${delay / 1000} s`);
      await expectNextRequestAfter(delay, `retry ${index + 1}`);
    }
    expect(element.status).to.equal('loading');
  });

  it('keeps at least half the delay with the lowest jitter, so a retry is never immediate', async () => {
    sinon.stub(Math, 'random').returns(0);
    const { instance, step, expectNextRequestAfter } = await setUp();
    await addFault(instance.idInstance, { status: 502 });
    await step(0);
    await expectNextRequestAfter(500, 'retry 1');
    await expectNextRequestAfter(1000, 'retry 2');
    await expectNextRequestAfter(2000, 'retry 3');
  });

  it('shows a countdown to the next retry that goes down every second', async () => {
    sinon.stub(Math, 'random').returns(1);
    const { element, instance, step } = await setUp();
    await addFault(instance.idInstance, { status: 500 });
    await step(0);
    await step(1000);
    await step(2000); // third failure: the next retry is 4 s away
    expect(element.status).to.equal('loading');
    expect(visibleText(element)).to.include('GREEN-API is having trouble.');
    expect(hint(element)).to.include('Retrying in 4 s');
    for (const seconds of [3, 2, 1]) {
      await step(1000);
      expect(hint(element), `after ${4 - seconds} s`).to.include(`Retrying in ${seconds} s`);
    }
  });

  it('starts the backoff over after a successful answer', async () => {
    sinon.stub(Math, 'random').returns(1);
    const { element, instance, errors, step, expectNextRequestAfter } = await setUp();
    await addFault(instance.idInstance, { status: 500, times: 3 });
    await step(0);
    await step(1000);
    await step(2000);
    await step(4000); // fourth request: a code
    expect(element.status).to.equal('qr');
    expect(await requestCount(instance.idInstance)).to.equal(4);

    await addFault(instance.idInstance, { status: 500, times: 1 });
    await step(1000); // the next poll fails
    expect(errors.map((error) => error.code)).to.deep.equal(['server', 'server']);
    expect(hint(element)).to.include('Retrying in 1 s');
    await expectNextRequestAfter(1000, 'first retry after the recovery'); // not 8 s
    expect(element.status).to.equal('qr');
  });

  it('keeps the last code on screen during retries only until it is 20 s old, then shows loading without a picture', async function () {
    this.timeout(15_000);
    sinon.stub(Math, 'random').returns(1);
    const { element, instance, step } = await setUp();
    await step(0);
    expect(element.status).to.equal('qr');
    const picture = qrImage(element)!.getAttribute('src');

    await addFault(instance.idInstance, { status: 500 });
    await step(1000); // t = 1 s: the poll fails
    expect(element.status, 'a failed poll keeps the fresh code').to.equal('qr');
    expect(qrImage(element)?.getAttribute('src')).to.equal(picture);
    expect(visibleText(element))
      .to.include('GREEN-API is having trouble.')
      .and.match(/Retrying in 1 s/);
    await step(1000); // t = 2 s
    await step(2000); // t = 4 s
    await step(4000); // t = 8 s
    await step(8000); // t = 16 s; the next retry is at 32 s
    await step(3999); // t = 19.999 s
    expect(element.status, 'at 19.999 s').to.equal('qr');
    expect(qrImage(element), 'at 19.999 s').to.exist;

    await step(1); // t = 20 s
    expect(element.status, 'at 20 s').to.equal('loading');
    expect(element.getAttribute('status')).to.equal('loading');
    expect(qrImage(element), 'the 20 s old picture').to.equal(null);
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element))
      .to.include('GREEN-API is having trouble.')
      .and.match(/Retrying in 12 s/);
    expect(visibleText(element)).not.to.include('Scan with WhatsApp');

    await step(11_999); // t = 31.999 s: still nothing fresh
    expect(qrImage(element)).to.equal(null);
    await clearFaults(instance.idInstance);
    await step(1); // t = 32 s: the retry gets a fresh code
    expect(element.status).to.equal('qr');
    expect(qrImage(element)).to.exist;
  });

  it('goes back to loading, then shows a code, when "Try again" is pressed after a fatal error', async () => {
    const { element, instance, errors, sent, step } = await setUp();
    await addFault(instance.idInstance, { status: 466, times: 1 });
    await step(0);
    expect(element.status).to.equal('error');
    expect(errors.map((error) => error.code)).to.deep.equal(['quota']);
    expect(methodsOf(sent()), 'the state check and the qr request beside it, which failed').to.deep.equal(['getStateInstance', 'qr']);
    await step(60_000);
    expect(sent().length, 'nothing while the error shows').to.equal(2);

    const tryAgain = button(element)!;
    expect(tryAgain.textContent?.trim()).to.equal('Try again');
    tryAgain.click();
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element)).to.include('Getting the QR code');
    expect(button(element)).to.equal(null);

    await step(0);
    expect(element.status).to.equal('qr');
    expect(qrImage(element)).to.exist;
    expect(methodsOf(sent().slice(2)), 'after "Try again": a new session, its state check and the qr beside it').to.deep.equal(['getStateInstance', 'qr']);
    expect(await requestCount(instance.idInstance)).to.equal(2);
  });
});
