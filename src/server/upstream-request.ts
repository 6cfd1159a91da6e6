// One request to GREEN-API on the relay's behalf, and what of its answer may reach the page: a
// status a Response can carry and a JSON body with the token scrubbed, or a failure the relay
// answers itself (502, 504). Nothing else of the upstream's answer (headers, a redirect, HTML) passes.
import { withoutSecret, type LinkingMethod } from '../protocol/index.js';
import { RelayError } from './relay-options.js';
import type { UpstreamAnswer } from './upstream-coalescer.js';

/** GREEN-API's answers to these methods are a few kB (a QR PNG, an avatar in getWaSettings): far more is not one of them. */
export const MAX_RESPONSE_BYTES = 512 * 1024;

export class UpstreamFailure extends Error {
  readonly status: 502 | 504;

  constructor(status: 502 | 504) {
    super(status === 504 ? 'GREEN-API did not answer in time' : 'GREEN-API could not be reached or gave an unusable answer');
    this.status = status;
  }
}

/** One request to send upstream, as the relay built it. */
export interface UpstreamRequest {
  /** The method's URL, token included. */
  url: string;
  verb: LinkingMethod['verb'];
  /** The JSON body, re-written by the relay; undefined for none. */
  body: string | undefined;
  /** Scrubbed from the answer. */
  token: string;
  timeoutMs: number;
}

export async function askUpstream({ url, verb, body, token, timeoutMs }: UpstreamRequest, report: (error: RelayError) => void): Promise<UpstreamAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetch(url, {
      method: verb,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body,
      // A redirect could lead anywhere: the relay only ever talks to the host resolveInstance named.
      redirect: 'manual',
      signal,
    });
    text = await readCapped(response.body, MAX_RESPONSE_BYTES);
  } catch {
    throw new UpstreamFailure(signal.aborted ? 504 : 502);
  }
  const { status } = response;
  const unusable = (why: string) => {
    report(new RelayError('upstream-answer-unusable', `the upstream ${why}; the page got 502`));
    return new UpstreamFailure(502);
  };
  if (text === undefined) throw unusable(`answered more than ${MAX_RESPONSE_BYTES} bytes`);
  if (status >= 300 && status < 400) throw unusable(`redirected (HTTP ${status}), which the relay never follows`);
  // A Response cannot carry these with a body, or at all.
  if (status < 200 || status > 599 || status === 204 || status === 205) throw unusable(`answered HTTP ${status}, which the relay does not pass on`);
  // The page reads a 401 or 403 from the relay as its own backend refusing the user: GREEN-API
  // refusing the token or id resolveInstance gave is the integrator's to fix, not the user's.
  if (status === 401 || status === 403) {
    report(
      new RelayError(
        'instance-record-unusable',
        `GREEN-API refused the instance's ${status === 401 ? 'token' : 'id or host'} (HTTP ${status}): check what resolveInstance returns for it; the page got 502`,
      ),
    );
    throw new UpstreamFailure(502);
  }
  const clean = withoutSecret(text, token);
  if (isJson(clean)) return { status, body: clean };
  // GREEN-API's other refusals (429, 466…) may come with an empty or HTML body: their status is
  // what the element reads. A success must be JSON.
  if (status >= 400) return { status, body: '' };
  throw unusable(`answered HTTP ${status} with a body that is not JSON`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A body as text, or undefined when it is longer than `limit` bytes (reading stops there). */
export async function readCapped(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<string | undefined> {
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concat(chunks, size));
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
