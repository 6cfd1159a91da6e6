import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrStatusChangeDetail, GreenApiQrStatusChangeEvent } from '../../src/index.js';
import { createInstance, rotate, scan } from '../helpers/emulator.js';
import { fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { connect, makeElement, qrImage, untilStatus } from '../helpers/fixture.js';
import { spyGreenApiRequests } from '../helpers/observe.js';
import { until } from '../helpers/wait.js';

/** How often these tests' elements poll. */
const POLL_MS = 400;

/** Every `statuschange` the element fires from now on. */
function recordStatusChanges(element: GreenApiQr): GreenApiQrStatusChangeEvent[] {
  const events: GreenApiQrStatusChangeEvent[] = [];
  element.addEventListener('statuschange', (event) => events.push(event));
  return events;
}

const details = (events: GreenApiQrStatusChangeEvent[]): GreenApiQrStatusChangeDetail[] => events.map((event) => event.detail);

/** A new instance's element on a fake clock, not connected yet, and `step` to drive the clock with its requests. */
async function elementOnFakeClock() {
  const instance = await createInstance();
  const clock = useFakeClock();
  const element = makeElement(instance, { pollInterval: POLL_MS });
  spyGreenApiRequests(); // what fetchStepper follows
  return { instance, element, step: fetchStepper(clock, element, instance.idInstance) };
}

/** The phone scans the code on screen; the next poll says so, and the account lookup ends in authorized. */
async function scanUntilAuthorized(idInstance: string, element: GreenApiQr, step: (ms: number) => Promise<void>): Promise<void> {
  await scan(idInstance);
  await step(POLL_MS);
  await untilStatus(element, 'authorized');
}

describe('statuschange', () => {
  afterEach(() => sinon.restore());

  it('tells every step from the late token to authorized, once each, with the transport and the instance state', async () => {
    const instance = await createInstance();
    const clock = useFakeClock();
    const element = makeElement({ ...instance, apiTokenInstance: '' }, { pollInterval: POLL_MS });
    spyGreenApiRequests(); // what fetchStepper follows
    const step = fetchStepper(clock, element, instance.idInstance);
    const events = recordStatusChanges(element);
    await connect(element);
    expect(events, 'waiting for the token is the state it starts in').to.have.length(0);

    element.apiTokenInstance = instance.apiTokenInstance;
    await element.updateComplete;
    await step(0);
    await untilStatus(element, 'qr');
    await scan(instance.idInstance);
    await step(POLL_MS); // the next poll says alreadyLogged, then getWaSettings tells who it is
    await untilStatus(element, 'authorized');

    expect(details(events)).to.deep.equal([
      { status: 'loading', activeTransport: null, stateInstance: undefined },
      { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
      { status: 'loading', activeTransport: 'poll', stateInstance: 'notAuthorized' },
      { status: 'qr', activeTransport: 'poll', stateInstance: 'notAuthorized' },
      { status: 'loading', activeTransport: null, stateInstance: 'notAuthorized' },
      { status: 'authorized', activeTransport: null, stateInstance: 'authorized' },
    ]);
    for (const event of events) {
      expect(event.bubbles, 'it fires often: listen on the element').to.equal(false);
      expect(event.composed).to.equal(false);
      expect(JSON.stringify(event.detail)).not.to.include(instance.apiTokenInstance);
    }
  });

  it('matches the element’s own properties whenever it fires', async () => {
    const { instance, element, step } = await elementOnFakeClock();
    const mismatches: string[] = [];
    element.addEventListener('statuschange', ({ detail }) => {
      const seen = { status: element.status, activeTransport: element.activeTransport, stateInstance: element.stateInstance };
      if (JSON.stringify(seen) !== JSON.stringify(detail)) mismatches.push(`${JSON.stringify(detail)} vs ${JSON.stringify(seen)}`);
    });
    await connect(element);
    await step(0);
    await untilStatus(element, 'qr');
    await scanUntilAuthorized(instance.idInstance, element, step);
    expect(mismatches).to.deep.equal([]);
  });

  it('a handler bound late (a framework hydrating after the element started) reads where it stands from status, activeTransport and stateInstance, then hears each change', async () => {
    const { instance, element, step } = await elementOnFakeClock();
    await connect(element);
    await step(0);
    await untilStatus(element, 'qr');

    const events = recordStatusChanges(element);
    expect({ status: element.status, activeTransport: element.activeTransport, stateInstance: element.stateInstance }).to.deep.equal({
      status: 'qr',
      activeTransport: 'poll',
      stateInstance: 'notAuthorized',
    });
    await scanUntilAuthorized(instance.idInstance, element, step);
    expect(details(events).map(({ status }) => status)).to.deep.equal(['loading', 'authorized']);
  });

  it('stays quiet while new codes replace each other, and for properties the page sets', async () => {
    const { instance, element, step } = await elementOnFakeClock();
    await connect(element);
    await step(0);
    await untilStatus(element, 'qr');
    const events = recordStatusChanges(element);
    const firstCode = qrImage(element)?.getAttribute('src');
    await rotate(instance.idInstance);
    await step(POLL_MS);
    await until(() => qrImage(element)?.getAttribute('src') !== firstCode, 'the next code on screen');

    element.pollInterval = 500;
    element.maxWait = 600_000;
    element.strings = { scanTitle: 'Scan it' };
    element.lang = 'ru';
    await element.updateComplete;
    // Two more polls, the first planned before the change and one at the new interval, each with a code.
    await step(500);
    await step(500);
    expect(details(events)).to.deep.equal([]);
    element.remove();
  });

  it('names the socket while codes come over it', async () => {
    const instance = await createInstance();
    const element = makeElement(instance);
    element.transport = 'websocket';
    const events = recordStatusChanges(element);
    await connect(element);
    await untilStatus(element, 'qr');
    expect(details(events).at(-1)).to.deep.equal({ status: 'qr', activeTransport: 'websocket', stateInstance: 'notAuthorized' });
    element.remove();
  });

  it('reports a failure as status error, with no transport', async () => {
    const instance = await createInstance();
    const element = makeElement({ ...instance, apiTokenInstance: 'wrong-token' });
    const events = recordStatusChanges(element);
    await connect(element);
    await untilStatus(element, 'error');
    expect(details(events)).to.deep.equal([
      { status: 'loading', activeTransport: null, stateInstance: undefined },
      { status: 'error', activeTransport: null, stateInstance: undefined },
    ]);
  });

  it('is typed for listeners on the element and on HTMLElement, and both hear it', async () => {
    const element = makeElement({ idInstance: 'not-digits', apiTokenInstance: 'token' });
    const statuses: string[] = [];
    // Both compile only if `statuschange` is in the element's event map and in HTMLElementEventMap.
    element.addEventListener('statuschange', (event) => statuses.push(`element: ${event.detail.status}`));
    (element as HTMLElement).addEventListener('statuschange', (event) => statuses.push(`HTMLElement: ${event.detail.status}`));
    await connect(element);
    await untilStatus(element, 'error');
    expect(statuses).to.deep.equal(['element: error', 'HTMLElement: error']);
  });
});
