// The options createQrProxy and createSocketRelay share, checked once and turned into what both
// relays use: who may call (allowedOrigins), where they may go (upstreamOrigins), where they are
// mounted (basePath), and where the integrator hears what went wrong (onError).
import { isGreenApiOrigin } from '../protocol/index.js';
import { DEFAULT_BASE_PATH, normalizeBasePath } from './relay-route.js';

/** Where an instance lives and its token, as the application's own records say. */
export interface ResolvedInstance {
  /** the instance's API host (default https://api.green-api.com) */
  apiUrl?: string;
  apiTokenInstance: string;
}

/**
 * The application's authorization hook: the instance's API host and token when this request's
 * user may link `idInstance`, or nothing (403).
 */
export type ResolveInstance = (request: Request, idInstance: string) => ResolvedInstance | null | undefined | Promise<ResolvedInstance | null | undefined>;

export type UpstreamOrigins = readonly string[] | ((origin: string) => boolean);

export interface RelayOptions {
  /** called for every request and socket; if it throws, the answer is a bare 500 */
  resolveInstance: ResolveInstance;
  /** exact origins (`https://app.example.com`) other than the relay's own that may call it with the user's cookies; none by default */
  allowedOrigins?: readonly string[];
  /** where the relay may send a request besides GREEN-API's `https:` hosts under green-api.com and greenapi.com: exact origins (`['http://127.0.0.1:7300']`) or a function `(origin) => boolean` that replaces the default check */
  upstreamOrigins?: UpstreamOrigins;
  /** the path the relay is mounted at (default `/api/whatsapp`): it answers `{basePath}/waInstance{id}/{method}` and nothing else */
  basePath?: string;
  /** hears what the integrator must fix or know (a host not allowed, resolveInstance throwing); the page never sees it. Default: console.error */
  onError?: (error: RelayError) => void;
}

export type RelayErrorCode =
  | 'upstream-not-allowed'
  | 'resolve-instance-failed'
  | 'instance-record-unusable'
  | 'upstream-answer-unusable'
  // The shared store (Redis) cannot be reached: once per outage; the relay goes on per process.
  | 'store-unavailable'
  // onStateChange threw or rejected: that change is not told again.
  | 'state-change-failed'
  // webhookToken's function threw or rejected: GREEN-API got a 500 and sends the notification again.
  | 'webhook-token-failed'
  | 'internal';

/** What the relay tells the integrator through onError: never the token, never to the page. */
export class RelayError extends Error {
  readonly code: RelayErrorCode;

  constructor(code: RelayErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RelayError';
    this.code = code;
  }
}

/** RelayOptions once checked, as both relays use them. */
export interface RelayConfig {
  resolveInstance: ResolveInstance;
  allowedOrigins: readonly string[];
  /** As normalizeBasePath writes it. */
  basePath: string;
  /** Whether the relay may send a request to `origin` (as `URL.origin` writes it). */
  upstreamAllowed(origin: string): boolean;
  /** Tells the integrator through onError; never throws. */
  report(error: RelayError): void;
}

/**
 * @param options as JavaScript callers may pass them: missing, or with a field of the wrong type
 * @param who the function the options were given to, for error messages
 */
export function readRelayOptions(options: Partial<RelayOptions> | undefined, who: 'createQrProxy' | 'createSocketRelay'): RelayConfig {
  const { resolveInstance, allowedOrigins = [], upstreamOrigins = [], basePath = DEFAULT_BASE_PATH, onError } = options ?? {};
  if (typeof resolveInstance !== 'function')
    throw new TypeError(`${who}: options.resolveInstance must be a function (request, idInstance) => ({ apiUrl, apiTokenInstance }) | null`);
  if (!Array.isArray(allowedOrigins) || !allowedOrigins.every((origin) => typeof origin === 'string'))
    throw new TypeError(`${who}: options.allowedOrigins must be an array of origins`);
  if (typeof upstreamOrigins !== 'function' && !(Array.isArray(upstreamOrigins) && upstreamOrigins.every((origin) => typeof origin === 'string'))) {
    throw new TypeError(`${who}: options.upstreamOrigins must be an array of origins or a function (origin) => boolean`);
  }
  if (onError !== undefined && typeof onError !== 'function') throw new TypeError(`${who}: options.onError must be a function (error) => void`);
  const upstreamAllowed = upstreamRule(upstreamOrigins, who);
  return {
    resolveInstance,
    allowedOrigins: [...allowedOrigins],
    basePath: normalizeBasePath(basePath),
    upstreamAllowed,
    report(error) {
      safeCall(() => (onError ? onError(error) : console.error(`greenapi-qr/server: ${error.message}`)), undefined);
    },
  };
}

/** The default rule (GREEN-API's own hosts) widened by the listed origins, or the integrator's own function instead. */
function upstreamRule(upstreamOrigins: UpstreamOrigins, who: string): (origin: string) => boolean {
  if (typeof upstreamOrigins === 'function') {
    // Only `true` allows: a JavaScript rule may return anything, a promise included, and must fail closed.
    return (origin) => safeCall(() => upstreamOrigins(origin), false) === true;
  }
  const extraUpstreams = upstreamOrigins.map((origin) => originOf(origin, who));
  return (origin) => isGreenApiOrigin(origin) || extraUpstreams.includes(origin);
}

/** `https://host:port` of an upstreamOrigins entry (a trailing slash or path is dropped). */
function originOf(origin: string, who: string): string {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url.origin;
  throw new TypeError(`${who}: options.upstreamOrigins has ${JSON.stringify(origin)}, which is not an http(s) origin such as 'http://127.0.0.1:7300'`);
}

/**
 * The integrator's callback's result, or `fallback` when it throws: a hook must not take the relay
 * down, nor may an async one whose promise rejects (an unhandled rejection ends a Node process).
 */
function safeCall<T>(callback: () => T, fallback: T): T {
  try {
    const result = callback();
    if (result instanceof Promise) result.catch(() => {});
    return result;
  } catch {
    return fallback;
  }
}
