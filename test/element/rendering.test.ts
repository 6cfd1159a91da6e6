import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { addFault, emulatedAccount, rotate, scan } from '../helpers/emulator.js';
import { fakeClockFixture, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { button, qrFixture, qrImage, requestCount, shadow, untilStatus, visibleText } from '../helpers/fixture.js';
import { until } from '../helpers/wait.js';

/** The fixtures' default poll interval. */
const POLL_MS = 1000;
/** GreenApiClient's start-to-start gap for the 1-per-second methods such as getStateInstance (not exported by src). */
const STATE_CHECK_GAP_MS = 1050;

describe('rendering', () => {
  afterEach(() => sinon.restore());

  it('shows the code as a crisp, large, named PNG image', async () => {
    const { element } = await qrFixture();
    await untilStatus(element, 'qr');
    const img = qrImage(element)!;
    expect(img.getAttribute('src')).to.match(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(img.alt).to.equal('QR code to link WhatsApp');
    await until(() => img.complete && img.naturalWidth > 0, 'image decoded');
    expect(img.naturalWidth).to.equal(256);
    const style = getComputedStyle(img);
    expect(style.imageRendering).to.be.oneOf(['pixelated', 'crisp-edges']);
    expect(img.getBoundingClientRect().width).to.be.at.least(240);
    expect(visibleText(element)).to.include('Scan with WhatsApp').and.include('Linked devices');
  });

  it('reflects each status to the status attribute', async () => {
    const { element, instance, step } = await fakeClockFixture({ pollInterval: POLL_MS });
    expect(['loading', 'qr']).to.include(element.getAttribute('status'));
    await step(0);
    await untilStatus(element, 'qr');
    expect(element.getAttribute('status')).to.equal('qr');
    await scan(instance.idInstance);
    await step(POLL_MS); // the next poll says alreadyLogged, then getWaSettings tells who it is
    await untilStatus(element, 'authorized');
    expect(element.getAttribute('status')).to.equal('authorized');
  });

  it('keeps the same picture while the code is unchanged and swaps it when the code rotates', async () => {
    const { element, instance, step } = await fakeClockFixture({ pollInterval: 400 });
    await step(0);
    await untilStatus(element, 'qr');
    const img = qrImage(element)!;
    const first = img.getAttribute('src');
    const mutations: MutationRecord[] = [];
    new MutationObserver((records) => mutations.push(...records)).observe(img, { attributes: true });
    const seen = await requestCount(instance.idInstance);
    await step(400);
    await step(400);
    expect(await requestCount(instance.idInstance), 'two more polls').to.equal(seen + 2);
    expect(mutations, 'no attribute writes for an unchanged code').to.have.length(0);
    await rotate(instance.idInstance);
    await step(400);
    await until(() => qrImage(element)?.getAttribute('src') !== first, 'new code rendered');
    expect(qrImage(element), 'the same <img> is updated in place').to.equal(img);
  });

  it('costs nothing while a code waits: no re-render for an unchanged code, and no clock ticking when none is shown', async () => {
    const { element, instance, step } = await fakeClockFixture({ pollInterval: 1000 });
    await step(0);
    await untilStatus(element, 'qr');
    const renders = sinon.spy(element as unknown as { render: () => unknown }, 'render');
    const seen = await requestCount(instance.idInstance);
    // Ten seconds of polls, each answered with the same code (GREEN-API rotates it every 20 s).
    for (let second = 0; second < 10; second++) await step(1000);
    expect(await requestCount(instance.idInstance), 'it kept polling').to.equal(seen + 10);
    expect(renders.callCount, 'renders while the same code stayed on screen').to.equal(0);
    await rotate(instance.idInstance);
    await step(1000);
    expect(renders.callCount, 'one render for the new code').to.equal(1);
  });

  it('shows progress and the elapsed time while the first code is slow to come', async () => {
    const clock = useFakeClock();
    const { element, instance } = await qrFixture();
    await addFault(instance.idInstance, { hang: true });
    await passStateCheck(clock, element); // the qr request goes out and hangs
    await element.updateComplete;
    expect(element.status).to.equal('loading');
    expect(shadow(element).querySelector('[part="progress"]')).to.exist;
    expect(visibleText(element)).to.include('Getting the QR code').and.include('Waiting 0:00');
    // Synchronous ticks: the once-a-second re-render timers fire without a real task each (tickAsync spends one per timer).
    clock.tick(5000);
    await element.updateComplete;
    expect(visibleText(element)).to.include('Waiting 0:05');
    expect(visibleText(element)).not.to.include('up to 10');
    clock.tick(61_000);
    await element.updateComplete;
    expect(visibleText(element)).to.include('Waiting 1:06').and.include('up to 10');
  });

  it('shows the success state once authorized: who got linked, with their picture', async () => {
    const { element, instance, step } = await fakeClockFixture({ pollInterval: POLL_MS });
    await step(0);
    await untilStatus(element, 'qr');
    await scan(instance.idInstance);
    await step(POLL_MS);
    await untilStatus(element, 'authorized');
    expect(qrImage(element)).to.equal(null);
    const { phone, avatar } = await emulatedAccount(instance.idInstance);
    expect(visibleText(element)).to.include(`Connected as +${phone}.`);
    const picture = shadow(element).querySelector<HTMLImageElement>('img[part="avatar"]')!;
    expect(picture, 'the account picture').to.exist;
    expect(picture.getAttribute('src')).to.equal(avatar);
    await until(() => picture.complete && picture.naturalWidth > 0, 'picture decoded');
    expect(picture.naturalWidth, 'the emulator’s 96×96 avatar').to.equal(96);
    expect(button(element), 'nothing left to do').to.equal(null);
  });

  it('shows an idle hint that names what it waits for until it has credentials', async () => {
    const element = document.createElement('greenapi-qr');
    document.body.append(element);
    await element.updateComplete;
    expect(element.status).to.equal('idle');
    expect(visibleText(element)).to.include('The QR code appears once the instance is set.');
    expect(element.shadowRoot!.querySelector('[part="hint"]')!.textContent).to.equal('Waiting for id-instance, api-token-instance to be set.');
    expect(button(element), 'nothing to start yet').to.equal(null);
    element.remove();
  });

  it('after stop() says it is stopped and offers to show the code again', async () => {
    const { element, step } = await fakeClockFixture({ pollInterval: POLL_MS });
    await step(0);
    await untilStatus(element, 'qr');
    element.stop();
    await element.updateComplete;
    expect(element.status).to.equal('idle');
    expect(visibleText(element)).to.include('The QR code is stopped.');
    button(element)!.click();
    await step(STATE_CHECK_GAP_MS); // the new session's state check keeps its gap from the first one
    await untilStatus(element, 'qr');
  });
});
