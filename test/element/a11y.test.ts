import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, createInstance, emulatedAccount, scan, setState } from '../helpers/emulator.js';
import { fakeClockFixture, passStateCheck, useFakeClock } from '../helpers/fake-clock.js';
import { button, qrFixture, shadow, untilStatus } from '../helpers/fixture.js';

/** The fixtures' default poll interval. */
const POLL_MS = 1000;

async function expectAccessible(element: GreenApiQr): Promise<void> {
  await element.updateComplete;
  await expect(element).to.be.accessible();
  expect(shadow(element).querySelector('[role="status"]'), 'a live status region').to.exist;
}

describe('accessibility', () => {
  afterEach(() => sinon.restore());

  it('passes axe while idle', async () => {
    const element = document.createElement('greenapi-qr');
    document.body.append(element);
    await expectAccessible(element);
    element.remove();
  });

  it('passes axe while loading', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { hang: true });
    const { element } = await qrFixture({}, instance);
    expect(element.status).to.equal('loading');
    await expectAccessible(element);
  });

  it('passes axe with a code on screen, whose image has a name', async () => {
    const { element } = await qrFixture();
    await untilStatus(element, 'qr');
    await expectAccessible(element);
  });

  it('passes axe when authorized, with the account picture left out of the accessibility tree', async () => {
    const { element, instance, clock, step } = await fakeClockFixture({ pollInterval: POLL_MS });
    await step(0);
    await untilStatus(element, 'qr');
    await scan(instance.idInstance);
    await step(POLL_MS); // the next poll says alreadyLogged, then getWaSettings tells who it is
    await untilStatus(element, 'authorized');
    clock.restore(); // axe runs on real timers
    await expectAccessible(element);
    const avatar = shadow(element).querySelector<HTMLImageElement>('img[part="avatar"]');
    expect(avatar, 'the account picture').to.exist;
    // The text next to it names the account; the picture adds nothing for a screen reader.
    expect(avatar!.getAttribute('alt'), 'decorative').to.equal('');
  });

  it('passes axe in the error state, with a focusable Try again button', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { status: 401 });
    const { element } = await qrFixture({}, instance);
    await untilStatus(element, 'error');
    await expectAccessible(element);
    const tryAgain = button(element)!;
    tryAgain.focus();
    expect(shadow(element).activeElement).to.equal(tryAgain);
  });

  it('passes axe when expired', async () => {
    const clock = useFakeClock();
    const { element } = await qrFixture({ maxWait: 1000 });
    await passStateCheck(clock, element);
    await untilStatus(element, 'qr');
    await clock.tickAsync(1000);
    await untilStatus(element, 'expired');
    clock.restore();
    await expectAccessible(element);
  });

  it('passes axe with the phone-number form, whose field has a label', async () => {
    const { element } = await qrFixture({ method: 'phone' });
    await untilStatus(element, 'phone');
    await expectAccessible(element);
    const input = shadow(element).querySelector<HTMLInputElement>('input[part="input"]')!;
    expect(input.labels?.[0]?.textContent, 'its label').to.equal('WhatsApp number with country code');
  });

  it('passes axe after an invalid number, which is marked invalid and described by the problem', async () => {
    const { element } = await qrFixture({ method: 'phone' });
    await untilStatus(element, 'phone');
    const input = shadow(element).querySelector<HTMLInputElement>('input[part="input"]')!;
    input.value = '12';
    shadow(element).querySelector<HTMLFormElement>('form[part="form"]')!.requestSubmit();
    await element.updateComplete;
    await expectAccessible(element);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const problem = shadow(element).getElementById(input.getAttribute('aria-describedby')!);
    expect(problem?.textContent, 'the description read with the field').to.include('phone-number');
    expect(shadow(element).activeElement, 'focus goes back to the field').to.equal(input);
  });

  it('passes axe with a pairing code on screen', async () => {
    const { element } = await qrFixture({ method: 'phone', phoneNumber: '79001234567' });
    await untilStatus(element, 'code');
    await expectAccessible(element);
  });

  it('passes axe when GREEN-API declines a pairing code', async () => {
    const instance = await createInstance();
    await setState(instance.idInstance, { pairingFails: true });
    const { element } = await qrFixture({ method: 'phone', phoneNumber: '79001234567' }, instance);
    await untilStatus(element, 'error');
    await expectAccessible(element);
  });

  it('announces each state it passes through in the live region, from loading to the linked account', async () => {
    const { element, instance, step } = await fakeClockFixture({ pollInterval: POLL_MS });
    const region = shadow(element).querySelector('[role="status"]')!;
    const announced: string[] = [];
    element.addEventListener('statuschange', async ({ detail }) => {
      await element.updateComplete;
      announced.push(`${detail.status}: ${region.textContent?.replace(/\s+/g, ' ').trim()}`);
    });
    await step(0);
    await untilStatus(element, 'qr');
    await scan(instance.idInstance);
    await step(POLL_MS);
    await untilStatus(element, 'authorized');
    await element.updateComplete;
    const { phone } = await emulatedAccount(instance.idInstance);
    expect(
      announced.filter((line) => line.startsWith('loading: ')),
      'every loading step says what it waits for',
    ).to.have.length.greaterThan(0);
    for (const line of announced.filter((line) => line.startsWith('loading: '))) expect(line).to.match(/loading: \S/);
    expect(announced.find((line) => line.startsWith('qr: '))).to.include('Scan with WhatsApp');
    expect(announced.at(-1), 'the success text, naming the linked account').to.include(`authorized: `).and.include(`Connected as +${phone}.`);
    expect(region.contains(shadow(element).querySelector('img[part="avatar"]')), 'the picture is not read out').to.equal(false);
  });

  it('announces a failure and what to do in the live region', async () => {
    const { element } = await qrFixture({}, { ...(await createInstance()), apiTokenInstance: 'not-the-token' });
    await untilStatus(element, 'error');
    await element.updateComplete;
    expect(shadow(element).querySelector('[role="status"]')!.textContent).to.include('The API token was rejected.');
  });
});
