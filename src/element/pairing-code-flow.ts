import { PAIRING_CODE_LIFETIME_MS } from '../protocol/index.js';
import { interpretStateResponse, planForState } from './instance-state.js';
import { interpretPairingResponse } from './pairing-api.js';
import { requestChain, type Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';

/** How often the instance's state is asked while a code is shown; GREEN-API's own app asks every 7 s. */
export const PAIRING_STATE_POLL_MS = 5_000;

/**
 * `method="phone"`: asks `getAuthorizationCode` for the number once, shows the code until it runs
 * out, and meanwhile asks `getStateInstance` whether the user entered it. A new code is only ever
 * asked for by a new flow (the user's action); a failed request is not retried.
 */
export class PairingCodeFlow implements Activity {
  readonly #emit: SourceContext['emit'];
  readonly #codeRequest: Activity;
  readonly #statePoll: Activity;
  #expiresAt?: number;
  #expiryTimer?: ReturnType<typeof setTimeout>;

  constructor({ client, credentials, emit }: SourceContext, phoneNumber: string) {
    const secret = credentials.apiTokenInstance;
    this.#codeRequest = requestChain(
      client,
      credentials,
      {
        method: 'getAuthorizationCode',
        // GREEN-API wants an integer; 15 digits stay exact in a double.
        body: { phoneNumber: Number(phoneNumber) },
        read: (status, text) => interpretPairingResponse(status, text, secret),
      },
      {
        onAnswer: (code) => {
          this.#expiresAt = Date.now() + PAIRING_CODE_LIFETIME_MS;
          emit({ kind: 'pairing-code', code, expiresAt: this.#expiresAt });
          this.#watch(PAIRING_STATE_POLL_MS);
          return undefined;
        },
        // No onRetry: a failed code request is final (see the class comment).
        onFail: (error) => emit({ kind: 'failed', error }),
      },
    );
    this.#statePoll = requestChain(
      client,
      credentials,
      { method: 'getStateInstance', read: (status, text) => interpretStateResponse(status, text, secret) },
      {
        onAnswer: (state) => {
          const plan = planForState(state, secret);
          // Entered (authorized), or the instance cannot be linked any more: either ends the flow.
          if (plan.kind === 'authorized' || plan.kind === 'failed') {
            this.stop();
            emit(plan);
            return undefined;
          }
          return PAIRING_STATE_POLL_MS;
        },
        onRetry: (error, retryAt) => emit({ kind: 'retrying', error, retryAt }),
        onFail: (error) => emit({ kind: 'failed', error }),
      },
    );
    this.#emit = emit;
  }

  start(): void {
    this.stop();
    if (this.#expiresAt === undefined) this.#codeRequest.start();
    else this.#watch(0);
  }

  stop(): void {
    this.#codeRequest.stop();
    this.#statePoll.stop();
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
  }

  /** Asks for the state (after `delay`) until the code runs out; after that only a new code can link. */
  #watch(delay: number): void {
    const left = (this.#expiresAt ?? 0) - Date.now();
    if (left <= 0) {
      this.#emit({ kind: 'pairing-code-expired' });
      return;
    }
    this.#statePoll.start(delay);
    this.#expiryTimer = setTimeout(() => {
      this.stop();
      this.#emit({ kind: 'pairing-code-expired' });
    }, left);
  }
}
