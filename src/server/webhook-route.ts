// `POST {basePath}/webhook`: GREEN-API's notifications, when createQrProxy has a `webhookToken`.
// The token set as the instance's `webhookUrlToken` comes back in `Authorization` (`Bearer <token>`
// or bare) and is compared in constant time; nothing is read of a request without it. Every
// notification but `stateInstanceChanged` is answered 200 at once; a state change feeds
// onStateChange. No CORS, no cross-site check and no resolveInstance: a server calls this route.
import { stateWebhook, webhookInstance, webhookType } from '../protocol/index.js';
import { RelayError } from './relay-options.js';
import type { StateNotifier } from './state-changes.js';
import { readCapped } from './upstream-request.js';
import { widAccount } from './state-changes.js';
import { WEBHOOK_TOLERANCE_MS } from './state-ledger.js';

/** The token GREEN-API sends: one for every instance, or the instance's own (null or undefined: none, 401). */
export type WebhookToken = string | ((idInstance: string) => string | null | undefined | Promise<string | null | undefined>);

/** GREEN-API's notifications are a few kB (a message's text, a file's URL): a body over this is refused (413). */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/** The route under the relay's basePath. */
export const WEBHOOK_SEGMENT = '/webhook';

/** The `webhookToken` option, checked: a JavaScript caller may pass anything. */
export function readWebhookToken(token: unknown): WebhookToken | undefined {
  if (token === undefined || typeof token === 'function' || (typeof token === 'string' && token !== '')) return token as WebhookToken | undefined;
  throw new TypeError("createQrProxy: options.webhookToken must be the instance's webhookUrlToken (a non-empty string) or a function (idInstance) => string");
}

export interface WebhookRoute {
  token: WebhookToken;
  notifier: StateNotifier;
  report: (error: RelayError) => void;
  /** Headers on every answer. */
  headers: Readonly<Record<string, string>>;
}

export async function serveWebhook(request: Request, { token, notifier, report, headers }: WebhookRoute): Promise<Response> {
  const answer = (status: number, text = '', extra: Record<string, string> = {}) =>
    new Response(text || null, { status, headers: { ...(text ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}), ...headers, ...extra } });
  const refused = () => answer(401, 'the Authorization header must carry the webhookUrlToken', { 'WWW-Authenticate': 'Bearer' });
  if (request.method !== 'POST') return answer(405, 'GREEN-API posts its notifications', { Allow: 'POST' });
  const authorization = request.headers.get('Authorization') ?? '';
  if (!authorization) return refused();
  if (typeof token === 'string' && !(await carries(authorization, token))) return refused();

  const text = await readCapped(request.body, MAX_WEBHOOK_BYTES);
  if (text === undefined) return answer(413, `the body must be at most ${MAX_WEBHOOK_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return answer(400, 'the body is not JSON');
  }

  if (typeof token === 'function') {
    const idInstance = webhookInstance(json);
    if (idInstance === undefined) return refused();
    let expected: unknown;
    try {
      expected = await token(idInstance);
    } catch (error) {
      report(
        new RelayError('webhook-token-failed', `webhookToken threw for instance ${idInstance}: the notification got a 500 (GREEN-API sends it again)`, error),
      );
      return answer(500);
    }
    if (typeof expected !== 'string' || expected === '' || !(await carries(authorization, expected))) return refused();
  }

  if (webhookType(json) === undefined) return answer(400, 'the body is no GREEN-API notification (no typeWebhook)');
  const change = stateWebhook(json);
  if (!change) return webhookType(json) === 'stateInstanceChanged' ? answer(400, 'a stateInstanceChanged notification of another shape') : answer(200);
  await notifier.observe(
    change.idInstance,
    { stateInstance: change.stateInstance, at: change.timestamp * 1000, toleranceMs: WEBHOOK_TOLERANCE_MS },
    'webhook',
    widAccount(change.wid),
  );
  return answer(200);
}

let crypto: typeof import('node:crypto') | undefined;

/** Whether `authorization` is `token`, bare or after `Bearer `: SHA-256 digests compared in constant time, both forms always. */
async function carries(authorization: string, token: string): Promise<boolean> {
  // Loaded on first use: the relay itself runs where there is no node:crypto (Workers without nodejs_compat).
  crypto ??= await import('node:crypto');
  const { createHash, timingSafeEqual } = crypto;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(token);
  const bare = timingSafeEqual(digest(authorization), expected);
  const bearer = timingSafeEqual(digest(authorization.replace(/^Bearer\s+/i, '')), expected);
  return bare || bearer;
}
