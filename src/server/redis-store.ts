// createRedisStore: the relay's state in Redis, so that however many processes serve an instance,
// GREEN-API sees one caller. For each instance and method one process at a time holds a lease and
// asks upstream; the others wait for its outcome (woken by pub/sub) and every process answers its
// pages from the shared answer while the method's gap lasts. Actions take their turn in Redis.
// When Redis is gone each process goes on alone (MemoryStore), and comes back when it answers.
import type { LinkingMethod } from '../protocol/index.js';
import { MemoryStore, type RelayStore, type StoreCall, type UpstreamIdentity } from './relay-store.js';
import { RedisLink, StoreUnavailable, type RedisClientLike } from './redis-link.js';
import { encodeOutcome, GIVE_BACK, PACE, paceStep, READ, readStep, RENEW, SETTLE, STATE_SWAP, type Outcome } from './redis-scripts.js';
import { encodeState, MemoryLedger, STATE_KEPT_MS, stateSwap, type StateObservation, type StateSwap } from './state-ledger.js';
import { ACTION_WAIT_LIMIT_MS, delay, MAX_SLOTS, TooManyInstances, TurnTooFar, type UpstreamAnswer } from './upstream-coalescer.js';
import { UpstreamFailure } from './upstream-request.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`): the store opens its own connections with the `redis` package */
  url?: string;
  /** a node-redis client the app already has, connected; the store adds one connection for pub/sub and never closes the app's */
  client?: RedisClientLike;
  /** starts every key and the pub/sub channel, so that several apps can share one Redis (default `greenapi-qr`) */
  prefix?: string;
}

/** A store for createQrProxy's `store` option; `close()` ends the connections it opened. */
export interface RedisStore extends RelayStore {
  close(): void;
}

/**
 * A process that dies while asking upstream stops renewing: another takes over when the lease
 * runs out, at most LEASE_MS + RECHECK_MS later. Renewed every LEASE_MS / 4, so a Redis blip
 * shorter than that costs nothing.
 */
export const LEASE_MS = 2000;
/** How often a waiter looks again without pub/sub news (a lost message, pub/sub reconnecting, a holder that died). */
export const RECHECK_MS = 250;
/** How long an outcome outlives the method's gap in Redis: long enough for every waiter to read it, then it costs nothing. */
const OUTCOME_KEPT_MS = 5000;
/** A waiter gives up (504) after the longest an upstream request may take, and a takeover. */
const MAX_WAIT_MS = 75_000;

/** What a process keeps of one instance's method: the read it is doing, and the shared answer while it is fresh. */
interface Slot {
  pending: Promise<UpstreamAnswer> | undefined;
  answer: UpstreamAnswer | undefined;
  freshUntil: number;
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const { url, client, prefix = 'greenapi-qr' } = options ?? {};
  if ((url === undefined) === (client === undefined))
    throw new TypeError('createRedisStore: pass either options.url (a redis:// URL) or options.client (a connected node-redis client)');
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url)))
    throw new TypeError('createRedisStore: options.url must be a redis:// or rediss:// URL');
  if (
    client !== undefined &&
    (typeof client !== 'object' || client === null || typeof client.sendCommand !== 'function' || typeof client.duplicate !== 'function')
  ) {
    throw new TypeError('createRedisStore: options.client must be a node-redis client (createClient() from `redis`)');
  }
  if (typeof prefix !== 'string' || !/^[\w.:-]{1,64}$/.test(prefix))
    throw new TypeError('createRedisStore: options.prefix must be 1 to 64 of A-Z a-z 0-9 _ . : -');
  return new SharedStore(new RedisLink(url === undefined ? { client: client as RedisClientLike } : { url }, `${prefix}:answered`), prefix);
}

class SharedStore implements RedisStore {
  readonly #link: RedisLink;
  readonly #prefix: string;
  /** Serves while Redis is down: each process alone keeps the limits, as before the store existed. */
  readonly #memory = new MemoryStore();
  readonly #memoryStates = new MemoryLedger();
  readonly #slots = new Map<string, Slot>();
  /** Marks this process's leases and outcomes. */
  readonly #owner = randomId();
  #outcomes = 0;

  constructor(link: RedisLink, prefix: string) {
    this.#link = link;
    this.#prefix = prefix;
  }

  async read(call: StoreCall): Promise<UpstreamAnswer> {
    if (!(await this.#link.usable(call.report))) return this.#memory.read(call);
    const base = await this.#keyOf(call.upstream, call.method);
    let slot = this.#slots.get(base);
    if (slot?.answer && Date.now() < slot.freshUntil) return slot.answer;
    if (slot?.pending) return slot.pending;
    if (!slot) {
      if (this.#slots.size >= MAX_SLOTS) throw new TooManyInstances();
      slot = { pending: undefined, answer: undefined, freshUntil: 0 };
      this.#slots.set(base, slot);
    }
    const kept = slot;
    // The callers in this process share one read of Redis (and, when it is their turn, of upstream).
    const pending = this.#shared(call, base).then(({ answer, freshMs }) => {
      kept.answer = answer;
      kept.freshUntil = Date.now() + freshMs;
      return answer;
    });
    kept.pending = pending;
    const done = () => {
      kept.pending = undefined;
      // Kept only while fresh: memory follows the instances asked about now.
      const left = kept.answer ? kept.freshUntil - Date.now() : 0;
      if (left <= 0) this.#drop(base, kept);
      else setTimeout(() => this.#drop(base, kept), left).unref();
    };
    pending.then(done, done);
    return pending;
  }

  async act(call: StoreCall, signal: AbortSignal): Promise<UpstreamAnswer> {
    if (!(await this.#link.usable(call.report))) return this.#memory.act(call, signal);
    const turnKey = `${await this.#keyOf(call.upstream, call.method)}:turn`;
    let turn;
    try {
      turn = paceStep(await this.#link.run(PACE, [turnKey], [call.method.gapMs, ACTION_WAIT_LIMIT_MS]));
    } catch (error) {
      if (error instanceof StoreUnavailable) return this.#memory.act(call, signal);
      throw error;
    }
    if (!turn) return this.#memory.act(call, signal);
    if (!turn.granted) throw new TurnTooFar(turn.waitMs);
    try {
      await delay(turn.waitMs, signal);
    } catch (error) {
      this.#link.run(GIVE_BACK, [turnKey], [turn.start, call.method.gapMs]).catch(() => {});
      throw error;
    }
    return call.ask();
  }

  /** The instance's last state in Redis (named by a hash, like every key), replaced in one step: a change is told by one process. */
  async recordState(idInstance: string, observation: StateObservation, report: StoreCall['report']): Promise<StateSwap> {
    if (!(await this.#link.usable(report))) return this.#memoryStates.record(idInstance, observation);
    const { stateInstance, at, covered = [], toleranceMs = 0 } = observation;
    const args = [`${Math.max(0, Math.floor(at))}|${encodeState(stateInstance)}`, STATE_KEPT_MS, toleranceMs, ...covered.map(encodeState)];
    try {
      const swap = stateSwap(await this.#link.run(STATE_SWAP, [`${this.#prefix}:{${await sha256(`state\n${idInstance}`)}}:state`], args));
      if (swap) return swap;
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
    }
    return this.#memoryStates.record(idInstance, observation);
  }

  close(): void {
    this.#link.close();
  }

  /** The answer for everyone, and how long it stays fresh; from memory if Redis fails on the way. */
  async #shared(call: StoreCall, base: string): Promise<{ answer: UpstreamAnswer; freshMs: number }> {
    try {
      return await this.#sharedOrUnavailable(call, base);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      return { answer: await this.#memory.read(call), freshMs: 0 };
    }
  }

  async #sharedOrUnavailable(call: StoreCall, base: string): Promise<{ answer: UpstreamAnswer; freshMs: number }> {
    const keys = [`${base}:lease`, `${base}:answer`];
    const giveUpAt = Date.now() + MAX_WAIT_MS;
    let seen = '';
    for (;;) {
      const news = this.#link.watch(keys[1], RECHECK_MS);
      let step;
      try {
        step = readStep(await this.#link.run(READ, keys, [this.#owner, LEASE_MS, seen]));
      } catch (error) {
        news.cancel();
        throw error;
      }
      if (!step) {
        news.cancel();
        throw new StoreUnavailable('Redis answered the read script with something it never returns');
      }
      if (step.kind === 'wait' && Date.now() < giveUpAt) {
        seen ||= step.seen;
        await news.next;
        continue;
      }
      news.cancel();
      if (step.kind === 'fetch') return this.#fetch(call, keys);
      if (step.kind === 'wait') throw new UpstreamFailure(504);
      return { answer: settled(step.outcome), freshMs: step.kind === 'answer' ? step.freshMs : 0 };
    }
  }

  /** This process holds the lease: asks upstream, renewing the lease meanwhile, and shares the outcome. */
  async #fetch(call: StoreCall, [leaseKey, answerKey]: string[]): Promise<{ answer: UpstreamAnswer; freshMs: number }> {
    const renew = setInterval(() => this.#link.run(RENEW, [leaseKey], [this.#owner, LEASE_MS]).catch(() => {}), LEASE_MS / 4);
    renew.unref();
    const id = `${this.#owner}.${++this.#outcomes}`;
    let outcome: Outcome;
    try {
      outcome = { id, answer: await call.ask() };
    } catch (error) {
      outcome = { id, failure: error instanceof UpstreamFailure ? error.status : 502 };
    } finally {
      clearInterval(renew);
    }
    const ok = 'answer' in outcome;
    const keptMs = call.method.gapMs + OUTCOME_KEPT_MS;
    // If Redis fails here, this process's callers still get the outcome; the lease runs out by itself.
    await this.#link
      .run(SETTLE, [leaseKey, answerKey], [this.#owner, encodeOutcome(outcome), call.method.gapMs, keptMs, this.#link.channel, ok ? '1' : '0'])
      .catch(() => {});
    return { answer: settled(outcome), freshMs: ok ? call.method.gapMs : 0 };
  }

  /** `{prefix}:{sha256 of host, id and token}:{method}`: the token never reaches Redis. */
  async #keyOf({ apiUrl, idInstance, token }: UpstreamIdentity, method: LinkingMethod): Promise<string> {
    const digest = await sha256(`${apiUrl}\n${idInstance}\n${token}`);
    return `${this.#prefix}:{${digest}}:${method.name}`;
  }

  #drop(base: string, slot: Slot): void {
    if (this.#slots.get(base) === slot && !slot.pending && !(slot.answer && Date.now() < slot.freshUntil)) this.#slots.delete(base);
  }
}

/** The answer of an outcome, or its failure thrown, as every waiter of it gets it. */
function settled(outcome: Outcome): UpstreamAnswer {
  if ('failure' in outcome) throw new UpstreamFailure(outcome.failure);
  return outcome.answer;
}

let hash: ((text: string) => string) | undefined;

/** SHA-256 in base64url; `node:crypto` is loaded on first use, as only a Redis store (Node) needs it. */
async function sha256(text: string): Promise<string> {
  if (!hash) {
    const { createHash } = await import('node:crypto');
    hash = (input) => createHash('sha256').update(input).digest('base64url');
  }
  return hash(text);
}

/** 64 random bits: process ids never meet. */
function randomId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 16);
}
