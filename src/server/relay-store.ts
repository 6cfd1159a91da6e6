// Where createQrProxy keeps what GREEN-API's per-instance limits need: the answer being shared,
// whose turn it is to ask upstream, when the next action may leave. One process keeps it in memory
// (the default, nothing to install); many processes keep it in Redis (createRedisStore), so that
// GREEN-API sees one caller per instance however many processes serve it.
import type { LinkingMethod } from '../protocol/index.js';
import type { RelayError } from './relay-options.js';
import type { StateObservation, StateSwap } from './state-ledger.js';
import { UpstreamCoalescer, type UpstreamAnswer } from './upstream-coalescer.js';

/** Names one instance upstream: GREEN-API's host, the instance and its token. */
export interface UpstreamIdentity {
  /** As normalizeApiUrl writes it. */
  readonly apiUrl: string;
  readonly idInstance: string;
  /** Never written anywhere outside the process: a store that shares state names the instance by a hash. */
  readonly token: string;
}

/** One request the relay is about to send upstream, as it hands it to the store. */
export interface StoreCall {
  readonly upstream: UpstreamIdentity;
  readonly method: LinkingMethod;
  /** Sends the request (token added, answer scrubbed); rejects with UpstreamFailure. */
  readonly ask: () => Promise<UpstreamAnswer>;
  /** The relay's onError, for what the store must tell the integrator (Redis gone, say). */
  readonly report: (error: RelayError) => void;
}

/**
 * What createQrProxy's `store` option takes: the in-memory store (the default) or
 * createRedisStore's. Reads are shared (`qr`, `getStateInstance`, `getWaSettings`); actions
 * (`logout`, `getAuthorizationCode`) are paced and never shared.
 */
export interface RelayStore {
  /** The method's answer: shared with every caller while it is fresh, else asked upstream once for all. */
  read(call: StoreCall): Promise<UpstreamAnswer>;
  /**
   * Sends the action when its turn comes, `gapMs` after the previous one started; rejects with
   * TurnTooFar when that is more than ACTION_WAIT_LIMIT_MS away, or with `signal`'s reason when
   * the caller goes away first.
   */
  act(call: StoreCall, signal: AbortSignal): Promise<UpstreamAnswer>;
  /**
   * Records an instance's state where every process sees it (onStateChange); a store without it
   * (the in-memory one) leaves that to the relay's own memory.
   */
  recordState?(idInstance: string, observation: StateObservation, report: StoreCall['report']): Promise<StateSwap>;
}

/** One process, nothing to install: today's coalescer, keyed by the instance's full identity. */
export class MemoryStore implements RelayStore {
  readonly #coalescer = new UpstreamCoalescer();

  read({ upstream, method, ask }: StoreCall): Promise<UpstreamAnswer> {
    return this.#coalescer.read(memoryKey(upstream, method), method.gapMs, ask);
  }

  act({ upstream, method, ask }: StoreCall, signal: AbortSignal): Promise<UpstreamAnswer> {
    return this.#coalescer.act(memoryKey(upstream, method), method.gapMs, signal, ask);
  }
}

/** In this process's memory only, so the token may be part of it. */
function memoryKey({ apiUrl, idInstance, token }: UpstreamIdentity, method: LinkingMethod): string {
  return `${apiUrl} ${idInstance} ${token} ${method.name}`;
}

/**
 * The `store` option, checked: a JavaScript caller may pass anything.
 * @param store as given to createQrProxy
 */
export function readStore(store: unknown): RelayStore {
  if (store === undefined) return new MemoryStore();
  if (typeof store === 'object' && store !== null && 'read' in store && 'act' in store && typeof store.read === 'function' && typeof store.act === 'function') {
    return store as RelayStore;
  }
  throw new TypeError('createQrProxy: options.store must be a store from createRedisStore({ url }) (or left out: one process keeps it in memory)');
}
