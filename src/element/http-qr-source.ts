import { interpretQrResponse } from './api.js';
import { RequestChain, type Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';

/** GREEN-API rotates the code every 20 s: a picture older than that may no longer link. */
export const QR_LIFETIME_MS = 20_000;

type PolledOutcome = Exclude<ReturnType<typeof interpretQrResponse>, { kind: 'failure' }>;

/** `transport="poll"`: asks `GET …/qr/…` for the current code, `pollInterval()` ms after each answer. */
export class HttpQrSource implements Activity {
  readonly #chain: RequestChain<PolledOutcome>;

  constructor({ client, credentials, emit }: SourceContext, pollInterval: () => number) {
    const read = (status: number, text: string) => {
      const outcome = interpretQrResponse(status, text, credentials.apiTokenInstance);
      return outcome.kind === 'failure' ? ({ ok: false, error: outcome.error } as const) : ({ ok: true, value: outcome } as const);
    };
    this.#chain = new RequestChain(
      client,
      credentials,
      { method: 'qr', read },
      {
        onAnswer: (outcome) => {
          if (outcome.kind === 'qr-code') {
            emit({ kind: 'qr-code', image: outcome.image, freshForMs: QR_LIFETIME_MS });
            return pollInterval();
          }
          emit({ kind: 'authorized' });
          return undefined;
        },
        onRetry: (error, retryAt) => emit({ kind: 'retrying', error, retryAt }),
        onFail: (error) => emit({ kind: 'failed', error }),
      },
    );
  }

  start(delay = 0): void {
    this.#chain.start(delay);
  }

  stop(): void {
    this.#chain.stop();
  }
}
