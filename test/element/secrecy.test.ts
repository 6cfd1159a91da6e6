import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GreenApiQr } from '../../src/index.js';
import { addFault, createInstance, EMULATED_PHONE, EMULATOR_URL, scan } from '../helpers/emulator.js';
import { fakeClockFixture, fetchStepper } from '../helpers/fake-clock.js';
import { qrFixture, shadow, untilStatus, visibleText } from '../helpers/fixture.js';
import { recordErrorDetails } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

/** Every place a token could leak to: the element's DOM, its attributes, its events' details. */
function everythingVisible(element: GreenApiQr, details: unknown[]): string {
  const attributes = element.getAttributeNames().map((name) => `${name}=${element.getAttribute(name)}`);
  return [shadow(element).innerHTML, element.innerHTML, attributes.join(' '), JSON.stringify(details)].join('\n');
}

/** Moves the fake clock on a second at a time (retries, backoff and polls come due) until `done`, for at most a minute. */
async function stepUntil(step: (ms: number) => Promise<void>, done: () => boolean, what: string): Promise<void> {
  for (let elapsed = 0; !done(); elapsed += 1000) {
    if (elapsed >= 60_000) throw new Error(`no ${what} within a minute of fake time`);
    await step(1000);
  }
}

describe('the API token stays secret', () => {
  afterEach(() => sinon.restore());

  it('is never written to an attribute, the DOM, an event or the console, whatever the server says', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => sinon.spy(console, level));
    const instance = await createInstance();
    const token = instance.apiTokenInstance;
    // The state check fails once, echoing the token; the account details after the scan echo it too.
    await addFault(instance.idInstance, { method: 'getStateInstance', times: 1, status: 502, body: `failed for /getStateInstance/${token}` });
    await addFault(instance.idInstance, {
      method: 'getWaSettings',
      times: 1,
      body: { phone: EMULATED_PHONE, chatId: `${token}@c.us`, avatar: '', base64Avatar: '', stateInstance: 'authorized', logoutProcess: false },
    });
    // On a fake clock, the retries' backoff and the polls take no real time.
    const { clock, element } = await fakeClockFixture({ pollInterval: 334 }, instance);
    const step = fetchStepper(clock, element, instance.idInstance);
    const details: unknown[] = [];
    element.addEventListener('error', (event) => details.push(event.detail));
    element.addEventListener('authorized', (event) => details.push(event.detail));
    await step(0);
    await stepUntil(step, () => element.status === 'qr', 'QR code');
    // The server echoing the token back, in every kind of answer the element reads.
    await addFault(instance.idInstance, { times: 1, status: 500, body: `failed for /qr/${token}` });
    await addFault(instance.idInstance, { times: 1, status: 400, body: { message: `starting ${token}` } });
    await addFault(instance.idInstance, { times: 1, body: { type: `weird-${token}` } });
    await stepUntil(step, () => details.length >= 4, 'three more error events');
    await addFault(instance.idInstance, { times: 1, body: { type: 'error', message: `no ${token}` } });
    await stepUntil(step, () => element.status === 'error', 'fatal error');
    await scan(instance.idInstance).catch(() => undefined);
    element.refresh();
    await stepUntil(step, () => element.status === 'authorized', 'authorization');
    expect(details.length).to.be.at.least(5);
    const kinds = details.map((detail) => (detail as { code?: string }).code ?? 'authorized');
    expect(kinds, 'one event for each answer that echoed the token').to.deep.equal(['server', 'server', 'starting', 'bad-response', 'api', 'authorized']);
    expect(visibleText(element), 'the account is still named').to.include(`Connected as +${EMULATED_PHONE}.`);
    expect(everythingVisible(element, details)).not.to.include(token);
    for (const spy of consoleCalls) expect(JSON.stringify(spy.args)).not.to.include(token);
  });

  it('is not shown when the server names the instance state with it', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => sinon.spy(console, level));
    const instance = await createInstance();
    const token = instance.apiTokenInstance;
    await addFault(instance.idInstance, { method: 'getStateInstance', times: 1, body: { stateInstance: `weird-${token}` } });
    const { element } = await qrFixture({}, instance);
    const details = recordErrorDetails(element);
    await until(() => details.length > 0, 'an instance-state error event');
    await element.updateComplete;
    expect(details[0].code).to.equal('instance-state');
    expect(element.status).to.equal('loading');
    expect(visibleText(element), 'the unknown state is named').to.include('The instance is in the state');
    expect(everythingVisible(element, details)).not.to.include(token);
    for (const spy of consoleCalls) expect(JSON.stringify(spy.args)).not.to.include(token);
    element.stop();
  });

  it('is not reflected to an attribute when set as a property', async () => {
    const { element } = await qrFixture();
    expect(element.hasAttribute('api-token-instance')).to.equal(false);
    await untilStatus(element, 'qr');
    expect(element.hasAttribute('api-token-instance')).to.equal(false);
  });

  it('is not repeated in a config error about itself', async () => {
    const badToken = 'secret/with/slashes';
    const element = await fixture<GreenApiQr>(html`<greenapi-qr api-url=${EMULATOR_URL} id-instance="1101000001" .apiTokenInstance=${badToken}></greenapi-qr>`);
    await untilStatus(element, 'error');
    const details = recordErrorDetails(element);
    element.refresh();
    expect(details[0].code).to.equal('config');
    expect(everythingVisible(element, details)).not.to.include(badToken);
  });
});
