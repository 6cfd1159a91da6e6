// The one place both relays (HTTP and socket) ask the application who may link an instance, and
// check that its answer is somewhere the relay may go.
import { API_TOKEN, DEFAULT_API_URL, GREEN_API_DOMAINS, normalizeApiUrl } from '../protocol/index.js';
import { RelayError, type RelayConfig } from './relay-options.js';

/** Where to send the request: the instance's API host (normalized) and its token. */
export interface Upstream {
  apiUrl: string;
  token: string;
}

/**
 * The upstream to call for this request, or the status to answer instead: 403 when the hook says
 * no; 500 when it throws or names a host or token the relay cannot use; 502 when the host is not
 * one the relay may call (upstreamOrigins). The application's records being wrong is nothing to
 * tell the browser about: the integrator hears it through onError.
 */
export async function resolveUpstream(config: RelayConfig, request: Request, idInstance: string): Promise<Upstream | { status: 403 | 500 | 502 }> {
  let resolved;
  try {
    resolved = await config.resolveInstance(request, idInstance);
  } catch (error) {
    config.report(new RelayError('resolve-instance-failed', `resolveInstance threw for instance ${idInstance}; the page got a bare 500`, error));
    return { status: 500 };
  }
  if (!resolved) return { status: 403 };
  // Typed, yet checked: a JavaScript application's records may hold anything.
  const apiUrl = typeof resolved.apiUrl === 'string' || resolved.apiUrl === undefined ? normalizeApiUrl(resolved.apiUrl ?? DEFAULT_API_URL) : undefined;
  const token = resolved.apiTokenInstance;
  if (!apiUrl || typeof token !== 'string' || !API_TOKEN.test(token)) {
    config.report(
      new RelayError(
        'instance-record-unusable',
        `resolveInstance gave instance ${idInstance} an apiUrl that is not an absolute http(s) URL or a token with characters other than A-Z a-z 0-9 . _ ~ -; the page got a bare 500`,
      ),
    );
    return { status: 500 };
  }
  const origin = new URL(apiUrl).origin;
  if (!config.upstreamAllowed(origin)) {
    config.report(
      new RelayError(
        'upstream-not-allowed',
        `resolveInstance sent instance ${idInstance} to ${origin}, which is not a GREEN-API host (https:, under ${GREEN_API_DOMAINS.join(' or ')}); nothing was sent and the page got 502. To allow it, pass upstreamOrigins: ['${origin}']`,
      ),
    );
    return { status: 502 };
  }
  return { apiUrl, token };
}
