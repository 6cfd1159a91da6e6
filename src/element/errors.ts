import { errorMessage, QUOTA_EXCEEDED_STATUS, STARTING_STATUS, STARTING_TEXT, TOOK_TOO_LONG_STATUS, withoutSecret } from '../protocol/index.js';
import type { GreenApiQrErrorCode, GreenApiQrErrorDetail } from './public-types.js';

// The element's errors: how one is made, how text from outside goes into its message, and what a
// call that failed (an HTTP status, a fetch that got no answer) means.

const MAX_SERVER_TEXT = 200;

export function errorDetail(code: GreenApiQrErrorCode, message: string, retryable: boolean, status?: number): GreenApiQrErrorDetail {
  const error: GreenApiQrErrorDetail = { code, message, retryable };
  if (status !== undefined) error.status = status;
  return error;
}

/** A `config` error listing `problems`, or undefined when there are none. */
export function configError(problems: string[]): GreenApiQrErrorDetail | undefined {
  return problems.length ? errorDetail('config', `Invalid configuration: ${problems.join('; ')}.`, false) : undefined;
}

/** Removes every form of the token from text that came from outside, and keeps it short. */
export function redact(text: string, secret: string): string {
  const clean = withoutSecret(text, secret).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_SERVER_TEXT ? `${clean.slice(0, MAX_SERVER_TEXT)}…` : clean;
}

/** The `message` of a JSON error body, else the body itself: what the server said, for the developer. */
function serverText(body: string): string {
  try {
    return errorMessage(JSON.parse(body)) ?? body;
  } catch {
    // not JSON: the raw text is the best description there is
    return body;
  }
}

/**
 * In `proxy-url` mode a 401 or 403 is the page's own backend refusing this user (its sign-in, or
 * resolveInstance), never GREEN-API: the relay turns GREEN-API's own 401 and 403 into 502.
 */
export function relayRefusal(status: number): GreenApiQrErrorDetail {
  return errorDetail('not-allowed', `Your backend refused this user for this instance (HTTP ${status} from proxy-url).`, false, status);
}

/** What a non-200 answer of any GREEN-API method means; the same table for every method. */
export function interpretHttpError(status: number, body: string, secret: string): GreenApiQrErrorDetail {
  const said = redact(serverText(body), secret);
  const suffix = said ? `: ${said}` : '';
  if (status === STARTING_STATUS && STARTING_TEXT.test(said)) {
    return errorDetail('starting', `The instance is starting (HTTP 400${suffix}).`, true, status);
  }
  switch (status) {
    case 401:
      return errorDetail('unauthorized', 'GREEN-API rejected api-token-instance (HTTP 401). Check the token.', false, status);
    case 403:
      return errorDetail('forbidden', 'GREEN-API refused this instance (HTTP 403). Check id-instance and api-url.', false, status);
    case 429:
      return errorDetail('rate-limited', 'GREEN-API rate-limited the requests (HTTP 429).', true, status);
    case QUOTA_EXCEEDED_STATUS:
      return errorDetail('quota', 'The instance has used up its plan quota (HTTP 466).', false, status);
  }
  if (status >= 500 || status === TOOK_TOO_LONG_STATUS) {
    return errorDetail('server', `GREEN-API answered HTTP ${status}${suffix}.`, true, status);
  }
  return errorDetail('api', `GREEN-API answered HTTP ${status}${suffix}.`, false, status);
}

/** A fetch that never produced an HTTP answer: the network failed or our timeout fired. */
export function interpretFetchFailure(timedOut: boolean, timeoutMs: number): GreenApiQrErrorDetail {
  return errorDetail(
    'network',
    timedOut ? `GREEN-API did not answer within ${Math.round(timeoutMs / 1000)} s.` : 'GREEN-API could not be reached (network error, CORS or wrong api-url).',
    true,
  );
}
