// The last state the relay knows of each instance, so that the integrator's onStateChange hears
// each change once: a new observation replaces the old one in one atomic step (compare and set),
// and only the caller whose step changed it tells. In memory by default (bounded, each entry
// expiring); the Redis store keeps it in Redis, so one change is told once across the cluster.
import type { InstanceState } from '../protocol/index.js';

/** One thing the relay learnt of an instance's state. */
export interface StateObservation {
  stateInstance: InstanceState;
  /** When it was true, in ms since the epoch: when the request that learnt it was sent, or a webhook's timestamp. */
  at: number;
  /** States that already say as much (a linked state covers `alreadyLogged`'s `authorized`): no change if the last one is among them. */
  covered?: readonly InstanceState[];
  /**
   * An observation older than the last one by more than this is stale and ignored (an answer to a
   * request sent before the scan, a retried notification). 0 by default; a webhook's timestamp
   * (whole seconds, GREEN-API's clock) takes WEBHOOK_TOLERANCE_MS.
   */
  toleranceMs?: number;
}

/** The outcome of recording one observation. */
export interface StateSwap {
  changed: boolean;
  /** The state before; undefined when none was known (never seen, or forgotten after STATE_KEPT_MS). */
  previous: InstanceState | undefined;
}

/** Where the last states are kept: createRedisStore's store has one; otherwise this process's memory. */
export interface StateLedger {
  record(idInstance: string, observation: StateObservation): Promise<StateSwap>;
}

/** A state nobody confirmed for a day is forgotten: the next one is told again, with `previous` undefined. */
export const STATE_KEPT_MS = 24 * 60 * 60 * 1000;
/**
 * A webhook's timestamp has whole seconds and GREEN-API's clock, which may differ from the relay's:
 * only one this much older than the last state is stale. GREEN-API retries a notification 60 s
 * apart, so a retried one is always older than this.
 */
export const WEBHOOK_TOLERANCE_MS = 30_000;
/** Instances remembered by one process at most; the one heard of longest ago goes first. */
export const MAX_REMEMBERED = 10_000;

/** The one rule, in memory; redis-scripts.ts's STATE_SWAP says the same in Lua. */
export class MemoryLedger implements StateLedger {
  readonly #last = new Map<string, { stateInstance: InstanceState; at: number; until: number }>();

  record(idInstance: string, { stateInstance, at, covered = [], toleranceMs = 0 }: StateObservation): Promise<StateSwap> {
    const now = Date.now();
    let last = this.#last.get(idInstance);
    if (last && last.until <= now) last = undefined;
    const stale = last && at + toleranceMs < last.at;
    const unchanged = last && (stale || last.stateInstance === stateInstance || covered.includes(last.stateInstance));
    const kept = unchanged && last ? last : { stateInstance, at, until: 0 };
    // The same state seen later: what comes after is compared with this moment.
    if (unchanged && !stale) kept.at = Math.max(kept.at, at);
    kept.until = now + STATE_KEPT_MS;
    // Re-inserted, so the map's order is the order instances were last heard of.
    this.#last.delete(idInstance);
    this.#last.set(idInstance, kept);
    if (this.#last.size > MAX_REMEMBERED) this.#last.delete(this.#last.keys().next().value as string);
    return Promise.resolve({ changed: !unchanged, previous: last?.stateInstance });
  }
}

/** A state as the Redis script compares it: JSON, so `null` and any name stay apart. */
export function encodeState(stateInstance: InstanceState): string {
  return JSON.stringify(stateInstance);
}

/** What the Redis script answered, `{changed (1|0), previous record ('' for none)}`, checked. */
export function stateSwap(reply: unknown): StateSwap | undefined {
  if (!Array.isArray(reply)) return undefined;
  const [changed, record] = reply as unknown[];
  if ((changed !== 0 && changed !== 1) || typeof record !== 'string') return undefined;
  let previous: InstanceState | undefined;
  const encoded = /^\d+\|(.*)$/s.exec(record)?.[1];
  try {
    const parsed: unknown = encoded === undefined ? undefined : JSON.parse(encoded);
    previous = parsed === null || typeof parsed === 'string' ? parsed : undefined;
  } catch {
    previous = undefined;
  }
  return { changed: changed === 1, previous };
}
