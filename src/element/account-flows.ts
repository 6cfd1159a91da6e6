import { LOGOUT_PROCESS_MAX_MS } from '../protocol/index.js';
import { interpretLogoutResponse, interpretWaSettingsResponse, type WaSettings } from './account-api.js';
import { errorDetail } from './errors.js';
import { requestChain, type Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** The account details are a nicety: `authorized` is not held back longer than this for them. */
const ACCOUNT_TIMEOUT_MS = 10_000;
const LOGOUT_PROCESS_POLL_MS = 1_500;

/** Once linked: asks getWaSettings once who it is. Reports `account-known`, with nothing known if that failed. */
export function accountLookup({ client, credentials, emit }: SourceContext): Activity {
  return requestChain<WaSettings>(
    client,
    credentials,
    {
      method: 'getWaSettings',
      timeoutMs: ACCOUNT_TIMEOUT_MS,
      read: (status, text) => interpretWaSettingsResponse(status, text, credentials.apiTokenInstance),
    },
    {
      onAnswer: ({ account }) => {
        emit({ kind: 'account-known', account });
        return undefined;
      },
      onFail: () => emit({ kind: 'account-known', account: {} }),
    },
  );
}

/** `logout`, then getWaSettings until GREEN-API's cleanup (logoutProcess) is over; reports `logged-out`. */
export class LogoutFlow implements Activity {
  #current: Activity;

  constructor({ client, credentials, emit }: SourceContext) {
    const secret = credentials.apiTokenInstance;
    const report = {
      onRetry: (error: GreenApiQrErrorDetail, retryAt: number) => emit({ kind: 'retrying', error, retryAt }),
      onFail: (error: GreenApiQrErrorDetail) => emit({ kind: 'failed', error }),
    };
    let cleanupSince = 0;
    const cleanup = requestChain<WaSettings>(
      client,
      credentials,
      { method: 'getWaSettings', read: (status, text) => interpretWaSettingsResponse(status, text, secret) },
      {
        ...report,
        onAnswer: ({ logoutProcess }) => {
          if (!logoutProcess) emit({ kind: 'logged-out' });
          else if (Date.now() - cleanupSince < LOGOUT_PROCESS_MAX_MS) return LOGOUT_PROCESS_POLL_MS;
          else
            emit({
              kind: 'failed',
              error: errorDetail('api', `GREEN-API was still cleaning up after logout (logoutProcess) after ${LOGOUT_PROCESS_MAX_MS / 1000} s.`, false),
            });
          return undefined;
        },
      },
    );
    this.#current = requestChain<true>(
      client,
      credentials,
      { method: 'logout', read: (status, text) => interpretLogoutResponse(status, text, secret) },
      {
        ...report,
        onAnswer: () => {
          cleanupSince = Date.now();
          this.#current = cleanup;
          cleanup.start();
          return undefined;
        },
      },
    );
  }

  start(): void {
    this.#current.start();
  }

  stop(): void {
    this.#current.stop();
  }
}
