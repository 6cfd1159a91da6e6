import { QR_LIFETIME_MS } from '../protocol/index.js';
import { interpretQrResponse } from './qr-message.js';
import { requestChain, type Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';

/** `transport="poll"`: asks `GET …/qr/…` for the current code, `pollInterval()` ms after each answer. */
export function httpQrSource({ client, credentials, emit }: SourceContext, pollInterval: () => number): Activity {
  return requestChain(
    client,
    credentials,
    { method: 'qr', read: (status, text) => interpretQrResponse(status, text, credentials.apiTokenInstance) },
    {
      onAnswer: (outcome) => {
        if (outcome.kind === 'qr-code') {
          // GREEN-API rotates the code every 20 s: a picture older than that may no longer link.
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
