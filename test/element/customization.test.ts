import { expect, fixture, html } from '@open-wc/testing';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, createInstance, EMULATOR_URL } from '../helpers/emulator.js';
import { qrFixture, qrImage, shadow, untilStatus, visibleText } from '../helpers/fixture.js';
import { until } from '../helpers/wait.js';

describe('language', () => {
  it('speaks Russian when an ancestor says lang="ru"', async () => {
    const instance = await createInstance();
    const wrapper = await fixture<HTMLDivElement>(html`
      <div lang="ru">
        <greenapi-qr api-url=${EMULATOR_URL} id-instance=${instance.idInstance} .apiTokenInstance=${instance.apiTokenInstance}></greenapi-qr>
      </div>
    `);
    const element = wrapper.querySelector('greenapi-qr')!;
    await untilStatus(element, 'qr');
    expect(visibleText(element)).to.include('Отсканируйте в WhatsApp');
    expect(qrImage(element)!.alt).to.equal('QR-код для привязки WhatsApp');
  });

  it('follows its own lang over the page, and changes language with it', async () => {
    const { element } = await qrFixture({ lang: 'ru' });
    await untilStatus(element, 'qr');
    expect(visibleText(element)).to.include('Отсканируйте');
    element.setAttribute('lang', 'en');
    await until(() => visibleText(element).includes('Scan with WhatsApp'), 'English texts');
    expect(visibleText(element)).to.include('Scan with WhatsApp');
  });

  it('uses the page’s own texts where it overrides them', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { status: 403 });
    const { element } = await qrFixture({}, instance);
    element.strings = { tryAgain: 'Retry now', errors: { forbidden: 'Wrong instance, sorry.' } };
    await untilStatus(element, 'error');
    expect(visibleText(element)).to.include('Wrong instance, sorry.').and.include('Retry now');
  });
});

describe('styling and slots', () => {
  it('sizes the code with --greenapi-qr-size', async () => {
    const { element } = await qrFixture();
    element.style.setProperty('--greenapi-qr-size', '400px');
    await untilStatus(element, 'qr');
    expect(Math.round(shadow(element).querySelector('[part="frame"]')!.getBoundingClientRect().width)).to.equal(400);
    expect(qrImage(element)!.getBoundingClientRect().width).to.be.at.least(380);
  });

  it('exposes its parts for ::part styling', async () => {
    const instance = await createInstance();
    await addFault(instance.idInstance, { status: 401 });
    const { element } = await qrFixture({}, instance);
    await untilStatus(element, 'error');
    for (const part of ['base', 'frame', 'icon', 'status', 'message', 'hint', 'button']) {
      expect(shadow(element).querySelector(`[part~="${part}"]`), part).to.exist;
    }
  });

  it('lets the page replace the text of a state through its slot', async () => {
    const instance = await createInstance();
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr api-url=${EMULATOR_URL} id-instance=${instance.idInstance} .apiTokenInstance=${instance.apiTokenInstance}>
        <span slot="qr">Scan me with the shop’s phone</span>
        <span slot="authorized">All set!</span>
      </greenapi-qr>
    `);
    await untilStatus(element, 'qr');
    const slot = shadow(element).querySelector<HTMLSlotElement>('slot[name="qr"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Scan me with the shop’s phone']);
    expect(qrImage(element), 'the code itself stays').to.exist;
  });
});
