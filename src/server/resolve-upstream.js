// @ts-check
// The one place both relays (HTTP and socket) ask the application who may link an instance, and
// check that its answer is somewhere the relay may go.
import { API_TOKEN, DEFAULT_API_URL, normalizeApiUrl } from '../protocol/index.js';
import { RelayError } from './relay-options.js';

/**
 * The upstream to call for this request, or the status to answer instead: 403 when the hook says
 * no; 500 when it throws or names a host or token the relay cannot use; 502 when the host is not
 * one the relay may call (upstreamOrigins). The application's records being wrong is nothing to
 * tell the browser about: the integrator hears it through onError.
 * @param {import('./relay-options.js').Relay} relay
 * @param {Request} request
 * @param {string} idInstance
 * @returns {Promise<{ apiUrl: string, token: string } | { status: 403 | 500 | 502 }>}
 */
export async function resolveUpstream(relay, request, idInstance) {
  let resolved;
  try {
    resolved = await relay.resolveInstance(request, idInstance);
  } catch (error) {
    relay.report(new RelayError('resolve-instance-failed', `resolveInstance threw for instance ${idInstance}; the page got a bare 500`, error));
    return { status: 500 };
  }
  if (!resolved) return { status: 403 };
  const apiUrl = typeof resolved.apiUrl === 'string' || resolved.apiUrl === undefined ? normalizeApiUrl(resolved.apiUrl ?? DEFAULT_API_URL) : undefined;
  const token = resolved.apiTokenInstance;
  if (!apiUrl || typeof token !== 'string' || !API_TOKEN.test(token)) {
    relay.report(new RelayError('instance-record-unusable', `resolveInstance gave instance ${idInstance} an apiUrl that is not an absolute http(s) URL or a token with characters other than A-Z a-z 0-9 . _ ~ -; the page got a bare 500`));
    return { status: 500 };
  }
  const origin = new URL(apiUrl).origin;
  if (!relay.upstreamAllowed(origin)) {
    relay.report(
      new RelayError(
        'upstream-not-allowed',
        `resolveInstance sent instance ${idInstance} to ${origin}, which is not a GREEN-API host (https:, under green-api.com or greenapi.com); nothing was sent and the page got 502. To allow it, pass upstreamOrigins: ['${origin}']`,
      ),
    );
    return { status: 502 };
  }
  return { apiUrl, token };
}
