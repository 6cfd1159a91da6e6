import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { GreenApiClient } from '../../src/element/greenapi-client.js';
import { readJson, type Answer } from '../../src/element/read-answer.js';
import { requestChain } from '../../src/element/request-chain.js';
import { addFault, createInstance, EMULATOR_URL, instanceInfo, requestLog } from '../helpers/emulator.js';
import { useFakeClock } from '../helpers/fake-clock.js';
import { realDelay, until } from '../helpers/wait.js';
import type { GreenApiQrErrorDetail } from '../../src/element/public-types.js';

/** The answer's HTTP status as the chain's value, read by the element's own reader (readJson): a 5xx is a transient failure. */
const statusOf = (status: number, text: string): Answer<number> => {
  const answer = readJson(status, text, '');
  return answer.ok ? { ok: true, value: status } : answer;
};

interface ChainOptions {
  read?: (status: number, text: string) => Answer<number>;
  /** What onAnswer returns after recording the answer: the delay to the next request, or undefined to finish. */
  next?: () => number | undefined;
  /** Give the chain an onRetry handler (transient failures retried); without it every failure is final. */
  retries?: boolean;
}

/** A chain of getStateInstance against the emulator, on an instance of its own, with everything its handlers hear recorded. */
async function chainOf({ read = statusOf, next = () => undefined, retries = true }: ChainOptions = {}) {
  const instance = await createInstance({ rateLimits: false }); // the client keeps the gaps on the fake clock
  const heard = { answers: [] as number[], retries: [] as GreenApiQrErrorDetail[], failures: [] as GreenApiQrErrorDetail[] };
  const chain = requestChain(
    new GreenApiClient(),
    { apiUrl: EMULATOR_URL, ...instance },
    { method: 'getStateInstance', read },
    {
      onAnswer: (value) => {
        heard.answers.push(value);
        return next();
      },
      onFail: (error) => heard.failures.push(error),
      ...(retries && { onRetry: (error: GreenApiQrErrorDetail) => heard.retries.push(error) }),
    },
  );
  const sent = async () => (await requestLog(instance.idInstance)).filter((request) => request.method === 'getStateInstance').length;
  return { chain, heard, sent, instance };
}

/** Moves the fake clock on in 100 ms steps, letting the real network answer between steps, until `condition` holds. */
async function advanceUntil(clock: sinon.SinonFakeTimers, condition: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  for (let passed = 0; !(await condition()); passed += 100) {
    if (passed > limitMs) throw new Error(`${what}: not within ${limitMs} ms of fake time`);
    clock.tick(100);
    await realDelay(5);
  }
}

describe('RequestChain', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = useFakeClock();
  });
  afterEach(() => sinon.restore());

  it('hands each answer to onAnswer and asks again after the delay it returns, until it returns undefined', async () => {
    let left = 2;
    const { chain, heard, sent } = await chainOf({ next: () => (left-- > 0 ? 0 : undefined) });
    chain.start();
    await advanceUntil(clock, () => heard.answers.length === 3, 'three answers');
    await advanceUntil(clock, () => false, 'a fourth request', 5000).catch(() => undefined); // far past any gap
    expect(heard.answers).to.deep.equal([200, 200, 200]);
    expect(await sent()).to.equal(3);
  });

  it('retries a transient failure after backoff and the method’s gap, and hands the next answer on', async () => {
    const { chain, heard, instance } = await chainOf();
    await addFault(instance.idInstance, { method: 'getStateInstance', status: 500, times: 1 });
    chain.start();
    await advanceUntil(clock, () => heard.retries.length === 1, 'the 500 reached onRetry');
    expect(heard.retries[0]).to.deep.include({ code: 'server', retryable: true });
    await advanceUntil(clock, () => heard.answers.length === 1, 'the retry’s answer', 3000);
    expect(heard.failures).to.deep.equal([]);
  });

  it('without onRetry, a transient failure is final: onFail hears it with retryable false, and the chain does not start again', async () => {
    const { chain, heard, sent, instance } = await chainOf({ retries: false });
    await addFault(instance.idInstance, { method: 'getStateInstance', status: 500, times: 1 });
    chain.start();
    await advanceUntil(clock, () => heard.failures.length === 1, 'onFail heard it');
    expect(heard.failures[0]).to.deep.include({ code: 'server', retryable: false });
    chain.start();
    await advanceUntil(clock, () => false, 'another request', 5000).catch(() => undefined);
    expect(await sent()).to.equal(1);
  });

  it('turns a reader that throws into an internal error that it retries with backoff, instead of stalling', async () => {
    let throws = true;
    const { chain, heard } = await chainOf({
      read: (status, text) => {
        if (throws) throw new TypeError('cannot read properties of undefined');
        return statusOf(status, text);
      },
    });
    chain.start();
    await advanceUntil(clock, () => heard.retries.length === 1, 'the internal failure reached onRetry');
    expect(heard.retries[0]).to.deep.include({ code: 'internal', retryable: true });
    expect(heard.retries[0].message, 'the type, not the text (which may hold an answer)').to.include('TypeError').and.not.include('cannot read');
    throws = false;
    await advanceUntil(clock, () => heard.answers.length === 1, 'the retry after backoff and the method’s gap', 3000);
    expect(heard.failures).to.deep.equal([]);
  });

  it('turns a handler that throws into the same retried internal error', async () => {
    let calls = 0;
    const { chain, heard } = await chainOf({
      next: () => {
        if (++calls === 1) throw new RangeError('bug');
        return undefined;
      },
    });
    chain.start();
    await advanceUntil(clock, () => heard.retries.length === 1, 'the internal failure reached onRetry');
    expect(heard.retries[0].code).to.equal('internal');
    await advanceUntil(clock, () => heard.answers.length === 2, 'the chain asked again and the handler took the answer', 3000);
  });

  it('without onRetry, an internal error is final: onFail hears it with retryable false, and the chain does not start again', async () => {
    const { chain, heard, sent } = await chainOf({
      read: () => {
        throw new Error('bug');
      },
      retries: false,
    });
    chain.start();
    await advanceUntil(clock, () => heard.failures.length === 1, 'onFail heard it');
    expect(heard.failures[0]).to.deep.include({ code: 'internal', retryable: false });
    chain.start();
    await advanceUntil(clock, () => false, 'another request', 5000).catch(() => undefined);
    expect(await sent()).to.equal(1);
  });

  it('stop() aborts the request in flight: its answer reaches nobody, and nothing more is sent', async () => {
    const { chain, heard, sent, instance } = await chainOf();
    await addFault(instance.idInstance, { method: 'getStateInstance', latencyMs: 2000, times: 1 });
    chain.start();
    clock.tick(0);
    await until(async () => (await instanceInfo(instance.idInstance)).stats.inFlight === 1, 'the request is in flight');
    chain.stop();
    await until(async () => (await instanceInfo(instance.idInstance)).stats.inFlight === 0, 'the emulator saw it go');
    await advanceUntil(clock, () => false, 'another request', 5000).catch(() => undefined);
    expect(heard).to.deep.equal({ answers: [], retries: [], failures: [] });
    expect(await sent()).to.equal(1);
  });
});
