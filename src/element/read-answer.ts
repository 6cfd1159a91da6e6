import type { LinkingMethodName } from '../protocol/index.js';
import { errorDetail, interpretHttpError } from './errors.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

// How every answer of a GREEN-API method is first read: its HTTP status, its JSON, its shape.

/** What an answer gave: its value, or the error it means. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: GreenApiQrErrorDetail };

/** The parsed JSON body, or a `bad-response` error. */
export function parseJsonBody(body: string): { json: unknown } | { error: GreenApiQrErrorDetail } {
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return { error: errorDetail('bad-response', 'GREEN-API answered with something that is not JSON.', true) };
  }
}

/** The JSON of a 200 answer; any other status is an error (interpretHttpError's table). */
export function readJson(status: number, body: string, secret: string): Answer<unknown> {
  if (status !== 200) return { ok: false, error: interpretHttpError(status, body, secret) };
  const parsed = parseJsonBody(body);
  return 'error' in parsed ? { ok: false, error: parsed.error } : { ok: true, value: parsed.json };
}

/** `method`'s JSON read by `shape` (src/protocol/answers.ts): a `bad-response` when it has not the shape. */
export function readAnswer<T>(method: LinkingMethodName, shape: (json: unknown) => T | undefined, status: number, body: string, secret: string): Answer<T> {
  const answer = readJson(status, body, secret);
  if (!answer.ok) return answer;
  const value = shape(answer.value);
  return value === undefined ? badShape(method) : { ok: true, value };
}

export function badShape(method: LinkingMethodName): Answer<never> {
  return { ok: false, error: errorDetail('bad-response', `GREEN-API answered ${method} with an unexpected shape.`, true) };
}
