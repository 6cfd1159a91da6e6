/*
 * lazyActivity is not exported: it is tested through the activities built on it (accountLookup
 * for its own behaviour, as that one hands back whatever the chunk's accountLookup builds), with
 * each chunk's loader in `chunks` replaced, so that the test decides when and whether a chunk loads.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import * as accountFlows from '../../src/element/account-flows.js';
import { GreenApiClient } from '../../src/element/greenapi-client.js';
import {
  accountLookup,
  chunks,
  logoutFlow,
  pairingCodeFlow,
  preloadAccountFlows,
  preloadPairingCodeFlow,
  socketQrSource,
} from '../../src/element/lazy-activities.js';
import * as pairing from '../../src/element/pairing-code-flow.js';
import type { Activity } from '../../src/element/request-chain.js';
import * as socket from '../../src/element/socket-qr-source.js';
import type { SourceContext, SourceEvent } from '../../src/element/source-events.js';
import { EMULATOR_URL } from '../helpers/emulator.js';
import { useFakeClock } from '../helpers/fake-clock.js';
import { realDelay } from '../helpers/wait.js';

/** What a chunk's code builds, standing in for the real one: records what it is told. */
class RecordingActivity implements Activity {
  readonly calls: string[] = [];
  start(delay = 0): void {
    this.calls.push(`start ${delay}`);
  }
  stop(): void {
    this.calls.push('stop');
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** A context whose reports are recorded; the activities under test never reach the network. */
function contextOf(emitted: SourceEvent[]): SourceContext {
  return {
    client: new GreenApiClient(),
    credentials: { apiUrl: EMULATOR_URL, idInstance: '1101000001', apiTokenInstance: 'token-of-the-test' },
    emit: (event) => emitted.push(event),
  };
}

/** Lets every promise reaction that a settled import() leads to run (a real macrotask, whatever the clock). */
const settle = () => realDelay(0);

const unavailableAccount: SourceEvent = { kind: 'account-known', account: {} };

/**
 * accountLookup, a lazyActivity over the account chunk, with that chunk's loading in the test's
 * hands: `load()` gives it a chunk whose accountLookup builds `inner`, `fail()` makes it unloadable.
 */
function lazyLookup() {
  const loading = deferred<typeof accountFlows>();
  sinon.replace(chunks, 'account', () => loading.promise);
  const inner = new RecordingActivity();
  const emitted: SourceEvent[] = [];
  const activity = accountLookup(contextOf(emitted));
  return {
    activity,
    inner,
    emitted,
    load: () => loading.resolve({ ...accountFlows, accountLookup: () => inner }),
    fail: () => loading.reject(new Error('Failed to fetch dynamically imported module')),
  };
}

describe('chunks', () => {
  // Every chunk is already in on this page: fake-clock.ts imports the fixture, whose chunks.ts
  // loads them all before the first test. So the first, asynchronous load is not seen here (the
  // real bundle's first loads are tested in test/e2e/chunks.test.mjs), only what comes after it.
  it('each loader, once its chunk has loaded, gives the module itself at once instead of a promise', async () => {
    const modules = { socket, pairing, account: accountFlows };
    for (const name of ['socket', 'pairing', 'account'] as const) {
      // Compared with ===: a failing to.equal between a promise and a module never finishes reporting (seen in Chromium).
      expect((await chunks[name]()) === modules[name], `${name}: the import gives the module`).to.equal(true);
      expect(chunks[name]() === modules[name], `${name}: from then on, the module itself, not a promise of it`).to.equal(true);
    }
  });
});

describe('lazyActivity', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = useFakeClock();
  });
  afterEach(() => sinon.restore());

  it('with its chunk already loaded, passes start(delay) and stop() on to the activity at once', () => {
    const inner = new RecordingActivity();
    sinon.replace(chunks, 'account', () => ({ ...accountFlows, accountLookup: () => inner }));
    const activity = accountLookup(contextOf([]));
    activity.start(250);
    activity.stop();
    activity.start();
    expect(inner.calls).to.deep.equal(['start 250', 'stop', 'start 0']);
  });

  it('remembers start() given before the chunk has loaded, and starts the activity once it has', async () => {
    const { activity, inner, load } = lazyLookup();
    activity.start();
    await settle();
    expect(inner.calls).to.deep.equal([]);
    load();
    await settle();
    expect(inner.calls).to.deep.equal(['start 0']);
  });

  it('keeps the delay given to start() before the chunk loaded: the activity starts no earlier than asked', async () => {
    const { activity, inner, load } = lazyLookup();
    activity.start(1000);
    clock.tick(300);
    load();
    await settle();
    expect(inner.calls).to.deep.equal(['start 700']);
  });

  it('starts the activity at once when the chunk loads after the delay given to start() is over', async () => {
    const { activity, inner, load } = lazyLookup();
    activity.start(1000);
    clock.tick(5000);
    load();
    await settle();
    expect(inner.calls).to.deep.equal(['start 0']);
  });

  it('remembers stop() given while the chunk is loading: the loaded activity is never started', async () => {
    const { activity, inner, load } = lazyLookup();
    activity.start();
    activity.stop();
    load();
    await settle();
    expect(inner.calls).to.deep.equal([]);
  });

  it('started, stopped and started again while loading: the activity starts once, with the latest start()’s delay', async () => {
    const { activity, inner, load } = lazyLookup();
    activity.start(100);
    activity.stop();
    activity.start(500);
    clock.tick(200);
    load();
    await settle();
    expect(inner.calls).to.deep.equal(['start 300']);
  });

  it('does not start an activity nobody asked for when its chunk loads; a later start() reaches it at once', async () => {
    const { activity, inner, load } = lazyLookup();
    load();
    await settle();
    expect(inner.calls).to.deep.equal([]);
    activity.start(100);
    expect(inner.calls).to.deep.equal(['start 100']);
  });

  it('reports a chunk that cannot be loaded by onUnavailable, once, when start() was given before the failure', async () => {
    const { activity, inner, emitted, fail } = lazyLookup();
    activity.start();
    await settle();
    expect(emitted).to.deep.equal([]);
    fail();
    await settle();
    expect(emitted).to.deep.equal([unavailableAccount]);
    clock.tick(60_000);
    await settle();
    expect(emitted).to.deep.equal([unavailableAccount]);
    expect(inner.calls).to.deep.equal([]);
  });

  it('reports nothing for a chunk that failed while nobody wanted it, until start(), which reports it at once', async () => {
    const { activity, emitted, fail } = lazyLookup();
    fail();
    await settle();
    expect(emitted).to.deep.equal([]);
    activity.start();
    expect(emitted).to.deep.equal([unavailableAccount]);
  });

  it('stopped while the chunk is loading, reports nothing when it fails; started again, reports it', async () => {
    const { activity, emitted, fail } = lazyLookup();
    activity.start();
    activity.stop();
    fail();
    await settle();
    expect(emitted).to.deep.equal([]);
    activity.start();
    expect(emitted).to.deep.equal([unavailableAccount]);
  });

  it('reports an unavailable chunk again on every start(), and never on stop()', async () => {
    const { activity, emitted, fail } = lazyLookup();
    fail();
    await settle();
    activity.start();
    activity.stop();
    activity.start(500);
    activity.stop();
    expect(emitted).to.deep.equal([unavailableAccount, unavailableAccount]);
  });
});

describe('the activities in chunks of their own', () => {
  afterEach(() => sinon.restore());

  /** Makes `load` give back a chunk that is not there (an import() that rejects). */
  const missingChunk = () => Promise.reject(new Error('Failed to fetch dynamically imported module'));

  it('socketQrSource builds the socket chunk’s source on the context it was given', () => {
    const built: SourceContext[] = [];
    const delays: number[] = [];
    const spy = (context: SourceContext): Activity => {
      built.push(context);
      return { start: (delay = 0) => void delays.push(delay), stop: () => {} };
    };
    sinon.replace(chunks, 'socket', () => ({ ...socket, createSocketQrSource: spy }));
    const context = contextOf([]);
    socketQrSource(context).start(250);
    expect(built).to.have.length(1);
    expect(built[0]).to.equal(context);
    expect(delays).to.deep.equal([250]);
  });

  it('socketQrSource without its chunk reports socket-unavailable, so that the element polls instead', async () => {
    sinon.replace(chunks, 'socket', missingChunk);
    const emitted: SourceEvent[] = [];
    socketQrSource(contextOf(emitted)).start();
    await settle();
    expect(emitted).to.deep.equal([{ kind: 'socket-unavailable' }]);
  });

  it('pairingCodeFlow builds the pairing chunk’s PairingCodeFlow for the context and the number given', () => {
    const built: [SourceContext, string][] = [];
    let started = 0;
    class SpyPairingCodeFlow extends pairing.PairingCodeFlow {
      constructor(context: SourceContext, phoneNumber: string) {
        super(context, phoneNumber);
        built.push([context, phoneNumber]);
      }
      override start(): void {
        started++;
      }
    }
    sinon.replace(chunks, 'pairing', () => ({ ...pairing, PairingCodeFlow: SpyPairingCodeFlow }));
    const context = contextOf([]);
    pairingCodeFlow(context, '79001234567').start();
    expect(built).to.have.length(1);
    expect(built[0][0]).to.equal(context);
    expect(built[0][1]).to.equal('79001234567');
    expect(started).to.equal(1);
  });

  it('pairingCodeFlow without its chunk fails for good with a network error that names the pairing codes and chunks/', async () => {
    sinon.replace(chunks, 'pairing', missingChunk);
    const emitted: SourceEvent[] = [];
    pairingCodeFlow(contextOf(emitted), '79001234567').start();
    await settle();
    expect(emitted).to.have.length(1);
    const [event] = emitted;
    if (event.kind !== 'failed') throw new Error(`expected a failed event, got ${event.kind}`);
    expect(event.error).to.include({ code: 'network', retryable: false });
    expect(event.error.message).to.include('pairing codes').and.to.include('chunks/');
  });

  it('accountLookup builds what the account chunk’s accountLookup makes of the context', () => {
    const inner = new RecordingActivity();
    const built: SourceContext[] = [];
    const lookup = (context: SourceContext): Activity => {
      built.push(context);
      return inner;
    };
    sinon.replace(chunks, 'account', () => ({ ...accountFlows, accountLookup: lookup }));
    const context = contextOf([]);
    accountLookup(context).start();
    expect(built).to.have.length(1);
    expect(built[0]).to.equal(context);
    expect(inner.calls).to.deep.equal(['start 0']);
  });

  it('accountLookup without its chunk announces the account with nothing known, as when getWaSettings fails', async () => {
    sinon.replace(chunks, 'account', missingChunk);
    const emitted: SourceEvent[] = [];
    accountLookup(contextOf(emitted)).start();
    await settle();
    expect(emitted).to.deep.equal([unavailableAccount]);
  });

  it('logoutFlow builds the account chunk’s LogoutFlow on the context it was given', () => {
    const built: SourceContext[] = [];
    let started = 0;
    class SpyLogoutFlow extends accountFlows.LogoutFlow {
      constructor(context: SourceContext) {
        super(context);
        built.push(context);
      }
      override start(): void {
        started++;
      }
    }
    sinon.replace(chunks, 'account', () => ({ ...accountFlows, LogoutFlow: SpyLogoutFlow }));
    const context = contextOf([]);
    logoutFlow(context).start();
    expect(built).to.have.length(1);
    expect(built[0]).to.equal(context);
    expect(started).to.equal(1);
  });

  it('logoutFlow without its chunk fails for good with a network error that names the logout and chunks/', async () => {
    sinon.replace(chunks, 'account', missingChunk);
    const emitted: SourceEvent[] = [];
    logoutFlow(contextOf(emitted)).start();
    await settle();
    expect(emitted).to.have.length(1);
    const [event] = emitted;
    if (event.kind !== 'failed') throw new Error(`expected a failed event, got ${event.kind}`);
    expect(event.error).to.include({ code: 'network', retryable: false });
    expect(event.error.message).to.include('logout').and.to.include('chunks/');
  });

  describe('preloading', () => {
    /** Every unhandled promise rejection on the page during the test. */
    const unhandled: unknown[] = [];
    const recordUnhandled = (event: PromiseRejectionEvent) => {
      unhandled.push(event.reason);
      event.preventDefault();
    };
    beforeEach(() => {
      unhandled.length = 0;
      window.addEventListener('unhandledrejection', recordUnhandled);
    });
    afterEach(() => window.removeEventListener('unhandledrejection', recordUnhandled));

    for (const [name, preload, chunk] of [
      ['preloadPairingCodeFlow', preloadPairingCodeFlow, 'pairing'],
      ['preloadAccountFlows', preloadAccountFlows, 'account'],
    ] as const) {
      it(`${name}() starts loading the ${chunk} chunk`, () => {
        const load = sinon.fake(() => new Promise<never>(() => undefined));
        sinon.replace(chunks, chunk, load);
        preload();
        expect(load.callCount).to.equal(1);
      });

      it(`${name}() leaves a failed load of the ${chunk} chunk for its use to report: no unhandled rejection`, async () => {
        sinon.replace(chunks, chunk, missingChunk);
        preload();
        await realDelay(50);
        expect(unhandled).to.deep.equal([]);
      });
    }
  });
});
