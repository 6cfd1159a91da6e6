import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import { createInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { allRequestCount, connect, makeElement, shadow, untilStatus } from '../helpers/fixture.js';
import { methodsOf, recordEvents, spyGreenApiRequests } from '../helpers/observe.js';

/** How long a page typically takes to get the token from its backend after showing the element. */
const BACKEND_ROUND_TRIP_MS = 300;

describe('credentials that arrive late', () => {
  afterEach(() => sinon.restore());

  for (const late of ['apiTokenInstance', 'idInstance'] as const) {
    it(`starts by itself when ${late} is set ${BACKEND_ROUND_TRIP_MS} ms after it is on the page, with no error event at all`, async () => {
      const instance = await createInstance();
      // What the element does meanwhile runs on its timers and Date: it sees those 300 ms on a fake clock.
      const clock = useFakeClock();
      const element = makeElement({ ...instance, [late]: '' });
      const { authorized, errors } = recordEvents(element);
      const sent = spyGreenApiRequests();
      const step = fetchStepper(clock, element, instance.idInstance);
      await connect(element);
      await expectNothingSentFor(step, sent, BACKEND_ROUND_TRIP_MS, 'nothing is sent while a credential is missing');
      expect(element.status).to.equal('idle');
      expect(sent(), 'nothing is sent while a credential is missing').to.deep.equal([]);

      element[late] = instance[late];
      await element.updateComplete;
      await step(0);
      await untilStatus(element, 'qr');
      expect(errors.map((event) => event.detail)).to.deep.equal([]);
      expect(authorized).to.have.length(0);
      expect(methodsOf(sent())[0]).to.equal('getStateInstance');
      element.remove();
    });
  }

  it('never given a token: stays idle, sends nothing and fires nothing for ten minutes, and its hint says what is missing', async () => {
    const instance = await createInstance();
    const clock = useFakeClock();
    const element = makeElement({ ...instance, apiTokenInstance: '' });
    const { authorized, errors } = recordEvents(element);
    const statusChanges: Event[] = [];
    element.addEventListener('statuschange', (event) => statusChanges.push(event));
    const sent = spyGreenApiRequests();
    await connect(element);
    await clock.tickAsync(10 * 60 * 1000);
    await element.updateComplete;

    expect(element.status).to.equal('idle');
    expect(element.getAttribute('status')).to.equal('idle');
    expect(shadow(element).querySelector('[part="hint"]')!.textContent).to.equal('Waiting for api-token-instance to be set.');
    expect(clock.countTimers(), 'no timer runs while it waits').to.equal(0);
    expect(sent()).to.deep.equal([]);
    expect(await allRequestCount(instance.idInstance)).to.equal(0);
    expect(errors).to.have.length(0);
    expect(authorized).to.have.length(0);
    expect(statusChanges).to.have.length(0);
    element.remove();
  });

  it('still reports a set but invalid value at once, as a config error, while the token is missing', async () => {
    const element = makeElement({ idInstance: '12ab', apiTokenInstance: '' });
    const { errors } = recordEvents(element);
    const sent = spyGreenApiRequests();
    await connect(element);
    expect(element.status).to.equal('error');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['config']);
    expect(errors[0].detail.message).to.include('id-instance must be 1 to 10 digits');
    expect(sent()).to.deep.equal([]);
    element.remove();
  });
});
