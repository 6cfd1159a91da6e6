// @ts-check
// The one place both relays (HTTP and socket) ask the application who may link an instance, and
// check that its answer is somewhere the relay may go.
import { API_TOKEN, DEFAULT_API_URL, normalizeApiUrl } from '../protocol/greenapi.js';

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
 * The upstream to call for this request, or the status to answer instead: 403 when the hook says
 * no, 500 when it throws or names a host or token the relay cannot use (the application's records
 * are wrong, which is nothing to tell the browser about).
 * @param {ResolveInstance} resolveInstance
 * @param {Request} request
 * @param {string} idInstance
 * @returns {Promise<{ apiUrl: string, token: string } | { status: 403 | 500 }>}
 */
export async function resolveUpstream(resolveInstance, request, idInstance) {
  let resolved;
  try {
    resolved = await resolveInstance(request, idInstance);
  } catch {
    return { status: 500 };
  }
  if (!resolved) return { status: 403 };
  const apiUrl = normalizeApiUrl(resolved.apiUrl ?? DEFAULT_API_URL);
  const token = resolved.apiTokenInstance;
  if (!apiUrl || typeof token !== 'string' || !API_TOKEN.test(token)) return { status: 500 };
  return { apiUrl, token };
}
