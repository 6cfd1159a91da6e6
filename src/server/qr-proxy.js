// @ts-check
// `createQrProxy`: a standard `(request: Request) => Promise<Response>` handler that lets
// `<greenapi-qr proxy-url>` link an instance without the token ever reaching the page. It adds the
// token on the server, forwards only the methods the element uses, and nothing of the browser's
// request but the method's own body. Whatever a client or the upstream sends, it answers: a
// request never makes it throw.
import { linkingMethod, methodUrl, relayVerbOf, REQUEST_TIMEOUT_MS } from '../protocol/index.js';
import { corsHeaders, preflight } from './cors.js';
import { readRelayOptions, RelayError } from './relay-options.js';
import { parseRelayRoute } from './relay-route.js';
import { requestHost, sentByAllowedPage } from './request-origin.js';
import { resolveUpstream } from './resolve-upstream.js';
import { askUpstream, readCapped, UpstreamFailure } from './upstream-request.js';
import { TooManyInstances, TurnTooFar, UpstreamCoalescer } from './upstream-coalescer.js';

/**
 * @typedef {import('./relay-options.js').RelayOptions & {
 *   upstreamTimeoutMs?: number,
 * }} QrProxyOptions `upstreamTimeoutMs`: how long GREEN-API may take to answer before the relay says 504 (default 70 000, as `qr` can take up to 60 s)
 */

/** The only request body is getAuthorizationCode's `{"phoneNumber": …}`. */
export const MAX_REQUEST_BYTES = 1024;

/** Headers on every answer of the relay's, here and in toNodeListener: nothing is cached, and no browser reads a body as anything but what its type says. */
export const ANSWER_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * @param {QrProxyOptions} options
 * @returns {(request: Request) => Promise<Response>}
 */
export function createQrProxy(options) {
  const relay = readRelayOptions(options, 'createQrProxy');
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const coalescer = new UpstreamCoalescer();

  /** @param {Request} request */
  async function serve(request) {
    const cors = corsHeaders(request, relay.allowedOrigins);
    if (request.method === 'OPTIONS') return preflight(request, relay.allowedOrigins);
    const answer = (/** @type {number} */ status, /** @type {string} */ text = '', /** @type {Record<string, string>} */ extra = {}) =>
      new Response(text || null, { status, headers: { ...(text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}), ...ANSWER_HEADERS, ...cors, ...extra } });

    const route = parseRelayRoute(new URL(request.url).pathname, relay.basePath);
    if ('status' in route) return answer(route.status, route.reason);
    const method = linkingMethod(route.method);
    // scanqrcode is a WebSocket: only the socket relay (createSocketRelay) can carry it.
    if (!method) return answer(426, 'scanqrcode needs a WebSocket upgrade', { Upgrade: 'websocket' });
    const verb = relayVerbOf(method);
    if (request.method !== verb) return answer(405, `${method.name} is sent with ${verb}`, { Allow: verb });
    // CORS hides the answer from another site, not the request: a state change from another
    // site's page (a form, a script) would still carry the user's cookies.
    if (method.action && !sentByAllowedPage(request.headers, requestHost(request), relay.allowedOrigins)) {
      return answer(403, `${method.name} must come from this site's own pages or an allowed origin`);
    }

    /** @type {string | undefined} */
    let body;
    if (method.verb === 'POST') {
      const read = await readPairingRequest(request);
      if ('status' in read) return answer(read.status, read.reason);
      body = read.body;
    }

    const target = await resolveUpstream(relay, request, route.idInstance);
    if ('status' in target) return target.status === 403 ? answer(403, 'not allowed to link this instance') : answer(target.status);
    const { apiUrl, token } = target;

    const url = methodUrl(apiUrl, route.idInstance, method.name, token);
    const ask = () => askUpstream(url, method.verb, body, token, upstreamTimeoutMs, relay.report);
    const key = `${url} ${method.verb}`;
    let upstream;
    try {
      upstream = method.action ? await coalescer.act(key, method.gapMs, request.signal, ask) : await coalescer.read(key, method.gapMs, ask);
    } catch (error) {
      if (error instanceof UpstreamFailure) return answer(error.status);
      if (error instanceof TurnTooFar) return answer(429, '', { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) });
      if (error instanceof TooManyInstances) return answer(503, '', { 'Retry-After': '1' });
      // The browser went away while its action waited its turn: nobody reads this.
      return answer(499);
    }
    return new Response(upstream.body || null, {
      status: upstream.status,
      headers: { ...(upstream.body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), ...ANSWER_HEADERS, ...cors },
    });
  }

  return async function qrProxy(request) {
    try {
      return await serve(request);
    } catch (error) {
      relay.report(new RelayError('internal', 'the relay failed on a request and answered a bare 500', error));
      return new Response(null, { status: 500, headers: ANSWER_HEADERS });
    }
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
