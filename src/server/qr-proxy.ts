// `createQrProxy`: a standard `(request: Request) => Promise<Response>` handler that lets
// `<greenapi-qr proxy-url>` link an instance without the token ever reaching the page. It adds the
// token on the server, forwards only the methods the element uses, and nothing of the browser's
// request but the method's own body. Whatever a client or the upstream sends, it answers: a
// request never makes it throw.
import { isPhoneNumber, linkingMethod, methodUrl, relayVerbOf, REQUEST_TIMEOUT_MS, type LinkingMethod } from '../protocol/index.js';
import { corsHeaders, preflight } from './cors.js';
import { readRelayOptions, RelayError, type RelayOptions } from './relay-options.js';
import { parseRelayRoute } from './relay-route.js';
import { requestHost, sentByAllowedPage } from './request-origin.js';
import { readStore, type RelayStore, type StoreCall, type UpstreamIdentity } from './relay-store.js';
import { resolveUpstream } from './resolve-upstream.js';
import { TooManyInstances, TurnTooFar, type UpstreamAnswer } from './upstream-coalescer.js';
import { askUpstream, readCapped, UpstreamFailure } from './upstream-request.js';
import { observedState, StateNotifier, waSettingsAccount, type OnStateChange } from './state-changes.js';
import { readWebhookToken, serveWebhook, WEBHOOK_SEGMENT, type WebhookRoute, type WebhookToken } from './webhook-route.js';

export interface QrProxyOptions extends RelayOptions {
  /** how long GREEN-API may take to answer before the relay says 504 (default 70 000, as `qr` can take up to 60 s) */
  upstreamTimeoutMs?: number;
  /** where GREEN-API's limits are kept: this process's memory (the default), or `createRedisStore({ url })` for many processes */
  store?: RelayStore;
  /**
   * Hears each change of an instance's state once (once across processes with the Redis store):
   * from what the relay passes to pages, and from GREEN-API's webhook with `webhookToken`. It may
   * throw or reject: onError hears it, the relay goes on.
   */
  onStateChange?: OnStateChange;
  /** The instances' `webhookUrlToken` (one string, or `(idInstance) => string`): turns on `POST {basePath}/webhook` for GREEN-API's notifications. Needs onStateChange. */
  webhookToken?: WebhookToken;
}

/** A fetch-style handler, as createQrProxy returns and Next.js, Hono, Deno, Bun and Workers take. */
export type RequestHandler = (request: Request) => Promise<Response>;

/** The only request body is getAuthorizationCode's `{"phoneNumber": …}`. */
export const MAX_REQUEST_BYTES = 1024;

/** Headers on every answer of the relay's, here and in toNodeListener: nothing is cached, and no browser reads a body as anything but what its type says. */
export const ANSWER_HEADERS: Readonly<Record<string, string>> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function createQrProxy(options: QrProxyOptions): RequestHandler {
  const config = readRelayOptions(options, 'createQrProxy');
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const store = readStore(options.store);
  const { onStateChange } = options;
  if (onStateChange !== undefined && typeof onStateChange !== 'function')
    throw new TypeError('createQrProxy: options.onStateChange must be a function (change) => void');
  const notifier = onStateChange && new StateNotifier(onStateChange, store, config.report);
  const webhookToken = readWebhookToken(options.webhookToken);
  if (webhookToken !== undefined && !notifier)
    throw new TypeError('createQrProxy: options.webhookToken needs options.onStateChange, which hears what the webhook says');
  const webhook: WebhookRoute | undefined =
    webhookToken === undefined || !notifier ? undefined : { token: webhookToken, notifier, report: config.report, headers: ANSWER_HEADERS };
  const webhookPath = `${config.basePath}${WEBHOOK_SEGMENT}`;

  /**
   * Tells onStateChange what an answer from upstream says of the state, as of when its request
   * left (an answer shared later says nothing newer); a linked account is asked for, shared with
   * the page's own getWaSettings.
   */
  function hear({ apiUrl, idInstance, token }: UpstreamIdentity, method: LinkingMethod, answer: UpstreamAnswer, sentAt: number): void {
    const seen = notifier && observedState(method.name, answer);
    if (!seen) return;
    const settings = linkingMethod('getWaSettings');
    const account = async () => {
      if (!settings) return undefined;
      const url = methodUrl(apiUrl, idInstance, settings.name, token);
      const ask = () => askUpstream({ url, verb: settings.verb, body: undefined, token, timeoutMs: upstreamTimeoutMs }, config.report);
      return waSettingsAccount(await store.read({ upstream: { apiUrl, idInstance, token }, method: settings, ask, report: config.report }), token);
    };
    void notifier.observe(idInstance, { ...seen, at: sentAt }, 'relay', account);
  }

  async function serve(request: Request): Promise<Response> {
    // GREEN-API's server posts here: no CORS, no cross-site check, no resolveInstance; its own token.
    if (webhook && new URL(request.url).pathname === webhookPath) return serveWebhook(request, webhook);
    const cors = corsHeaders(request, config.allowedOrigins);
    if (request.method === 'OPTIONS') return preflight(request, config.allowedOrigins);
    const answer = (status: number, text = '', extra: Record<string, string> = {}) =>
      new Response(text || null, {
        status,
        headers: { ...(text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}), ...ANSWER_HEADERS, ...cors, ...extra },
      });

    const route = parseRelayRoute(new URL(request.url).pathname, config.basePath);
    if ('status' in route) return answer(route.status, route.reason);
    const method = linkingMethod(route.method);
    // scanqrcode is a WebSocket: only the socket relay (createSocketRelay) can carry it.
    if (!method) return answer(426, 'scanqrcode needs a WebSocket upgrade', { Upgrade: 'websocket' });
    const verb = relayVerbOf(method);
    if (request.method !== verb) return answer(405, `${method.name} is sent with ${verb}`, { Allow: verb });
    // CORS hides the answer from another site, not the request: a state change from another
    // site's page (a form, a script) would still carry the user's cookies.
    if (method.action && !sentByAllowedPage(request.headers, requestHost(request), config.allowedOrigins)) {
      return answer(403, `${method.name} must come from this site's own pages or an allowed origin`);
    }

    let body: string | undefined;
    if (method.verb === 'POST') {
      const read = await readPairingRequest(request);
      if ('status' in read) return answer(read.status, read.reason);
      body = read.body;
    }

    const target = await resolveUpstream(config, request, route.idInstance);
    if ('status' in target) return target.status === 403 ? answer(403, 'not allowed to link this instance') : answer(target.status);
    const { apiUrl, token } = target;

    const url = methodUrl(apiUrl, route.idInstance, method.name, token);
    const identity: UpstreamIdentity = { apiUrl, idInstance: route.idInstance, token };
    const call: StoreCall = {
      upstream: identity,
      method,
      async ask() {
        const sentAt = Date.now();
        const answer = await askUpstream({ url, verb: method.verb, body, token, timeoutMs: upstreamTimeoutMs }, config.report);
        hear(identity, method, answer, sentAt);
        return answer;
      },
      report: config.report,
    };
    let upstream: UpstreamAnswer;
    try {
      upstream = method.action ? await store.act(call, request.signal) : await store.read(call);
    } catch (error) {
      if (error instanceof UpstreamFailure) return answer(error.status);
      if (error instanceof TurnTooFar) return answer(429, '', { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) });
      if (error instanceof TooManyInstances) return answer(503, '', { 'Retry-After': '1' });
      // The browser went away while its action waited its turn: nobody reads this.
      if (request.signal.aborted) return answer(499);
      throw error;
    }
    return new Response(upstream.body || null, {
      status: upstream.status,
      headers: { ...(upstream.body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), ...ANSWER_HEADERS, ...cors },
    });
  }

  return async function qrRelay(request) {
    try {
      return await serve(request);
    } catch (error) {
      config.report(new RelayError('internal', 'the relay failed on a request and answered a bare 500', error));
      return new Response(null, { status: 500, headers: ANSWER_HEADERS });
    }
  };
}

/** getAuthorizationCode's body, re-written from what was parsed so that nothing else is forwarded. */
async function readPairingRequest(request: Request): Promise<{ body: string } | { status: 400 | 413 | 415; reason: string }> {
  if (!/^application\/json\b/i.test(request.headers.get('Content-Type') ?? '')) return { status: 415, reason: 'the body must be application/json' };
  const text = await readCapped(request.body, MAX_REQUEST_BYTES);
  if (text === undefined) return { status: 413, reason: `the body must be at most ${MAX_REQUEST_BYTES} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 400, reason: 'the body is not JSON' };
  }
  const phoneNumber = onlyPhoneNumber(parsed);
  // The protocol's one phone rule: a number GREEN-API cannot take is refused here, never sent on.
  if (!isPhoneNumber(phoneNumber)) return { status: 400, reason: 'the body must be {"phoneNumber": <digits>}' };
  return { body: JSON.stringify({ phoneNumber }) };
}

/** The `phoneNumber` of a body that is `{"phoneNumber": …}` and nothing more, else undefined. */
function onlyPhoneNumber(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  return keys.length === 1 && keys[0] === 'phoneNumber' && 'phoneNumber' in parsed ? parsed.phoneNumber : undefined;
}
