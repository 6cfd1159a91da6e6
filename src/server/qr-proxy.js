// @ts-check
// `createQrProxy`: a standard `(request: Request) => Promise<Response>` handler that lets
// `<greenapi-qr proxy-url>` link an instance without the token ever reaching the page. It adds the
// token on the server, forwards only the methods the element uses, and nothing of the browser's
// request but the method's own body.
import { linkingMethod, methodUrl, REQUEST_TIMEOUT_MS, withoutSecret } from '../protocol/greenapi.js';
import { corsHeaders, preflight } from './cors.js';
import { parseRelayRoute } from './relay-route.js';
import { resolveUpstream } from './resolve-upstream.js';
import { UpstreamCoalescer } from './upstream-coalescer.js';

/** @typedef {import('./resolve-upstream.js').ResolveInstance} ResolveInstance */

/**
 * @typedef {object} QrProxyOptions
 * @property {ResolveInstance} resolveInstance called for every request; if it throws, the answer is a bare 500
 * @property {readonly string[]} [allowedOrigins] exact origins (`https://app.example.com`) allowed to call with credentials from another origin; none by default
 * @property {number} [upstreamTimeoutMs] how long GREEN-API may take to answer before the relay says 504 (default 70 000, as `qr` can take up to 60 s)
 */

/** GREEN-API's answers to these methods are a few kB (a QR PNG, an avatar in getWaSettings): far more is not one of them. */
export const MAX_RESPONSE_BYTES = 512 * 1024;
/** The only request body is getAuthorizationCode's `{"phoneNumber": …}`. */
export const MAX_REQUEST_BYTES = 1024;

/** @typedef {import('./upstream-coalescer.js').UpstreamAnswer} UpstreamAnswer */

class UpstreamFailure extends Error {
  /** @param {502 | 504} status */
  constructor(status) {
    super(status === 504 ? 'GREEN-API did not answer in time' : 'GREEN-API could not be reached');
    this.status = status;
  }
}

/**
 * @param {QrProxyOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
export function createQrProxy(options) {
  const { resolveInstance, allowedOrigins = [], upstreamTimeoutMs = REQUEST_TIMEOUT_MS } = options ?? {};
  if (typeof resolveInstance !== 'function') throw new TypeError('createQrProxy: options.resolveInstance must be a function (request, idInstance) => ({ apiUrl, apiTokenInstance }) | null');
  const coalescer = new UpstreamCoalescer();

  return async function qrProxy(request) {
    const cors = corsHeaders(request, allowedOrigins);
    if (request.method === 'OPTIONS') return preflight(request, allowedOrigins);
    const answer = (/** @type {number} */ status, /** @type {string} */ text = '', /** @type {Record<string, string>} */ extra = {}) =>
      new Response(text || null, { status, headers: { ...(text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}), 'Cache-Control': 'no-store', ...cors, ...extra } });

    const route = parseRelayRoute(new URL(request.url).pathname);
    if ('status' in route) return answer(route.status, route.reason);
    const method = linkingMethod(route.method);
    // scanqrcode is a WebSocket: only the socket relay (createSocketRelay) can carry it.
    if (!method) return answer(426, 'scanqrcode needs a WebSocket upgrade', { Upgrade: 'websocket' });
    if (request.method !== method.verb) return answer(405, `${method.name} is sent with ${method.verb}`, { Allow: method.verb });

    /** @type {string | undefined} */
    let body;
    if (method.verb === 'POST') {
      const read = await readPairingRequest(request);
      if ('status' in read) return answer(read.status, read.reason);
      body = read.body;
    }

    const target = await resolveUpstream(resolveInstance, request, route.idInstance);
    if ('status' in target) return target.status === 403 ? answer(403, 'not allowed to link this instance') : answer(500);
    const { apiUrl, token } = target;

    const url = methodUrl(apiUrl, route.idInstance, method.name, token);
    const ask = () => askUpstream(url, method.verb, body, token, upstreamTimeoutMs);
    const key = `${url} ${method.verb}`;
    let upstream;
    try {
      upstream = method.action ? await coalescer.act(key, method.gapMs, request.signal, ask) : await coalescer.read(key, method.gapMs, ask);
    } catch (error) {
      if (error instanceof UpstreamFailure) return answer(error.status);
      // The browser went away while its action waited its turn: nobody reads this.
      return answer(499);
    }
    return new Response(upstream.body, { status: upstream.status, headers: { 'Content-Type': upstream.contentType, 'Cache-Control': 'no-store', ...cors } });
  };
}

/**
 * getAuthorizationCode's body, re-written from what was parsed so that nothing else is forwarded.
 * @param {Request} request
 * @returns {Promise<{ body: string } | { status: 400 | 413 | 415, reason: string }>}
 */
async function readPairingRequest(request) {
  if (!/^application\/json\b/i.test(request.headers.get('Content-Type') ?? '')) return { status: 415, reason: 'the body must be application/json' };
  const text = await readCapped(request.body, MAX_REQUEST_BYTES);
  if (text === undefined) return { status: 413, reason: `the body must be at most ${MAX_REQUEST_BYTES} bytes` };
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, reason: 'the body is not JSON' };
  }
  const keys = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : [];
  const phoneNumber = keys.length === 1 && keys[0] === 'phoneNumber' ? parsed.phoneNumber : undefined;
  if (!(Number.isSafeInteger(phoneNumber) && phoneNumber > 0)) return { status: 400, reason: 'the body must be {"phoneNumber": <digits>}' };
  return { body: JSON.stringify({ phoneNumber }) };
}

/**
 * @param {string} url
 * @param {'GET' | 'POST'} verb
 * @param {string | undefined} body
 * @param {string} token
 * @param {number} timeoutMs
 * @returns {Promise<UpstreamAnswer>}
 */
async function askUpstream(url, verb, body, token, timeoutMs) {
  const signal = AbortSignal.timeout(timeoutMs);
  let response;
  let text;
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
  if (text === undefined || (response.status >= 300 && response.status < 400)) throw new UpstreamFailure(502);
  return { status: response.status, contentType: response.headers.get('Content-Type') ?? 'application/octet-stream', body: withoutSecret(text, token) };
}

/**
 * A body as text, or undefined when it is longer than `limit` bytes (reading stops there).
 * @param {ReadableStream<Uint8Array> | null} stream
 * @param {number} limit
 * @returns {Promise<string | undefined>}
 */
async function readCapped(stream, limit) {
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks = [];
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

/** @param {Uint8Array[]} chunks @param {number} size */
function concat(chunks, size) {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
