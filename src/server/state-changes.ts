// onStateChange: the integrator's backend hears each change of an instance's state once, from what
// the relay sees while pages link (`getStateInstance`, `qr`'s `alreadyLogged`) and from GREEN-API's
// `stateInstanceChanged` webhook. The state ledger (memory, or Redis with the Redis store) decides
// which observation is a change; the handler may throw or reject: the relay reports it and goes on.
import {
  containsSecret,
  LINKED_STATES,
  qrMessage,
  stateInstanceAnswer,
  waSettingsAnswer,
  type InstanceState,
  type LinkedAccount,
  type LinkingMethodName,
} from '../protocol/index.js';
import { RelayError } from './relay-options.js';
import type { RelayStore } from './relay-store.js';
import { MemoryLedger, type StateObservation } from './state-ledger.js';
import type { UpstreamAnswer } from './upstream-coalescer.js';

/** What onStateChange hears: never the token. */
export interface StateChange {
  idInstance: string;
  stateInstance: InstanceState;
  /** The state before; undefined when the relay knew none (the first it heard of the instance, or nothing for a day). */
  previous: InstanceState | undefined;
  /** When the new state was seen (a webhook's own timestamp). */
  at: Date;
  /** Who is linked, when the new state is a linked one and GREEN-API said. */
  account?: LinkedAccount;
  /** Where the relay learnt it: an answer it relayed to a page, or GREEN-API's webhook. */
  source: 'relay' | 'webhook';
}

export type OnStateChange = (change: StateChange) => void | Promise<void>;

/** The account of a change, given or to be asked for (only once the change is certain). */
type AccountSource = LinkedAccount | (() => Promise<LinkedAccount | undefined>) | undefined;

export class StateNotifier {
  readonly #handler: OnStateChange;
  readonly #store: RelayStore;
  readonly #report: (error: RelayError) => void;
  readonly #memory = new MemoryLedger();

  constructor(handler: OnStateChange, store: RelayStore, report: (error: RelayError) => void) {
    this.#handler = handler;
    this.#store = store;
    this.#report = report;
  }

  /** Records the observation and, when it is a change, calls the handler (not waiting for it). Never rejects. */
  async observe(idInstance: string, observation: StateObservation, source: StateChange['source'], account?: AccountSource): Promise<void> {
    try {
      const swap = this.#store.recordState
        ? await this.#store.recordState(idInstance, observation, this.#report)
        : await this.#memory.record(idInstance, observation);
      if (!swap.changed) return;
      const { stateInstance, at } = observation;
      const change: StateChange = { idInstance, stateInstance, previous: swap.previous, at: new Date(at), source };
      const linked = LINKED_STATES.includes(stateInstance) ? await accountOf(account) : undefined;
      if (linked && Object.keys(linked).length > 0) change.account = linked;
      this.#call(change);
    } catch (error) {
      this.#report(new RelayError('internal', `the relay could not record instance ${idInstance}'s state`, error));
    }
  }

  #call(change: StateChange): void {
    const failed = (error: unknown) =>
      this.#report(
        new RelayError(
          'state-change-failed',
          `onStateChange failed for instance ${change.idInstance} (${String(change.stateInstance)}); it is not called again for this change`,
          error,
        ),
      );
    try {
      const result: unknown = this.#handler(change);
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}

async function accountOf(account: AccountSource): Promise<LinkedAccount | undefined> {
  if (typeof account !== 'function') return account;
  try {
    return await account();
  } catch {
    return undefined;
  }
}

/** What a relayed answer says of the state: `getStateInstance`'s state, or `qr`'s `alreadyLogged` (linked). */
export function observedState(method: LinkingMethodName, answer: UpstreamAnswer): Omit<StateObservation, 'at'> | undefined {
  if (answer.status !== 200 || (method !== 'getStateInstance' && method !== 'qr')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  if (method === 'qr') return qrMessage(json)?.type === 'alreadyLogged' ? { stateInstance: 'authorized', covered: LINKED_STATES } : undefined;
  const stateInstance = stateInstanceAnswer(json);
  return stateInstance === undefined ? undefined : { stateInstance };
}

/** The account in a `getWaSettings` answer: the phone's digits and the WhatsApp id; a field holding the token is dropped. */
export function waSettingsAccount(answer: UpstreamAnswer, token: string): LinkedAccount | undefined {
  if (answer.status !== 200) return undefined;
  let settings;
  try {
    settings = waSettingsAnswer(JSON.parse(answer.body));
  } catch {
    return undefined;
  }
  const account: LinkedAccount = {};
  if (settings?.phone && /^\+?\d{5,20}$/.test(settings.phone)) account.phone = settings.phone.replace(/^\+/, '');
  if (settings?.chatId && !containsSecret(settings.chatId, token)) account.wid = settings.chatId;
  return account;
}

/** The account a webhook's `wid` names (`{digits}@c.us`); undefined for an empty one. */
export function widAccount(wid: string): LinkedAccount | undefined {
  if (!wid) return undefined;
  const phone = /^(\d{5,20})@c\.us$/.exec(wid)?.[1];
  return phone ? { phone, wid } : { wid };
}
