// @ts-check
// The options createQrProxy and createSocketRelay share, checked once and turned into what both
// relays use: who may call (allowedOrigins), where they may go (upstreamOrigins), where they are
// mounted (basePath), and where the integrator hears what went wrong (onError).
import { isGreenApiOrigin } from '../protocol/index.js';
import { DEFAULT_BASE_PATH, normalizeBasePath } from './relay-route.js';

/**
 * Where an instance lives and its token, as the application's own records say.
 * @typedef {object} ResolvedInstance
 * @property {string} [apiUrl] the instance's API host (default https://api.green-api.com)
 * @property {string} apiTokenInstance
 */

/**
 * The application's authorization hook: the instance's API host and token when this request's
 * user may link `idInstance`, or nothing (403).
 * @typedef {(request: Request, idInstance: string) => ResolvedInstance | null | undefined | Promise<ResolvedInstance | null | undefined>} ResolveInstance
 */

/**
 * @typedef {readonly string[] | ((origin: string) => boolean)} UpstreamOrigins
 */

/**
 * @typedef {object} RelayOptions
 * @property {ResolveInstance} resolveInstance called for every request and socket; if it throws, the answer is a bare 500
 * @property {readonly string[]} [allowedOrigins] exact origins (`https://app.example.com`) other than the relay's own that may call it with the user's cookies; none by default
 * @property {UpstreamOrigins} [upstreamOrigins] where the relay may send a request besides GREEN-API's `https:` hosts under green-api.com and greenapi.com: exact origins (`['http://127.0.0.1:7300']`) or a function `(origin) => boolean` that replaces the default check
 * @property {string} [basePath] the path the relay is mounted at (default `/api/whatsapp`): it answers `{basePath}/waInstance{id}/{method}` and nothing else
 * @property {(error: RelayError) => void} [onError] hears what the integrator must fix or know (a host not allowed, resolveInstance throwing); the page never sees it. Default: console.error
 */

/** What the relay tells the integrator through onError: never the token, never to the page. */
export class RelayError extends Error {
  /**
   * @param {'upstream-not-allowed' | 'resolve-instance-failed' | 'instance-record-unusable' | 'upstream-answer-unusable' | 'internal'} code
   * @param {string} message
   * @param {unknown} [cause]
   */
  constructor(code, message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RelayError';
    this.code = code;
  }
}

/**
 * @param {RelayOptions} options
 * @param {string} who the function the options were given to, for error messages
 */
export function readRelayOptions(options, who) {
  const { resolveInstance, allowedOrigins = [], upstreamOrigins = [], basePath = DEFAULT_BASE_PATH, onError } = options ?? {};
  if (typeof resolveInstance !== 'function') throw new TypeError(`${who}: options.resolveInstance must be a function (request, idInstance) => ({ apiUrl, apiTokenInstance }) | null`);
  if (!Array.isArray(allowedOrigins) || !allowedOrigins.every((origin) => typeof origin === 'string')) throw new TypeError(`${who}: options.allowedOrigins must be an array of origins`);
  if (typeof upstreamOrigins !== 'function' && !(Array.isArray(upstreamOrigins) && upstreamOrigins.every((origin) => typeof origin === 'string'))) {
    throw new TypeError(`${who}: options.upstreamOrigins must be an array of origins or a function (origin) => boolean`);
  }
  if (onError !== undefined && typeof onError !== 'function') throw new TypeError(`${who}: options.onError must be a function (error) => void`);
  const extraUpstreams = typeof upstreamOrigins === 'function' ? undefined : upstreamOrigins.map((origin) => originOf(origin, who));
  return {
    resolveInstance,
    allowedOrigins: [...allowedOrigins],
    basePath: normalizeBasePath(basePath),
    /** @param {string} origin */
    upstreamAllowed(origin) {
      if (extraUpstreams === undefined) return safeCall(() => /** @type {(origin: string) => unknown} */ (upstreamOrigins)(origin), false) === true;
      return isGreenApiOrigin(origin) || extraUpstreams.includes(origin);
    },
    /** @param {RelayError} error */
    report(error) {
      safeCall(() => (onError ? onError(error) : console.error(`greenapi-qr/server: ${error.message}`)), undefined);
    },
  };
}

/** @typedef {ReturnType<typeof readRelayOptions>} Relay */

/**
 * `https://host:port` of an upstreamOrigins entry (a trailing slash or path is dropped).
 * @param {string} origin
 * @param {string} who
 */
function originOf(origin, who) {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url.origin;
  throw new TypeError(`${who}: options.upstreamOrigins has ${JSON.stringify(origin)}, which is not an http(s) origin such as 'http://127.0.0.1:7300'`);
}

/**
 * The integrator's callback's result, or `fallback` when it throws: a hook must not take the relay
 * down, nor may an async one whose promise rejects (an unhandled rejection ends a Node process).
 * @template T
 * @param {() => T} callback
 * @param {T} fallback
 * @returns {T}
 */
function safeCall(callback, fallback) {
  try {
    const result = callback();
    if (result instanceof Promise) result.catch(() => {});
    return result;
  } catch {
    return fallback;
  }
}
