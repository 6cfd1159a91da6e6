// CORS for a relay on another origin than the page: off unless the application names the exact
// origins, since the relay acts with the user's cookies.

/** Request headers a page may add through the element's `requestHeaders` (a CSRF token, a bearer token…). */
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

/** Headers that let `request`'s origin read the answer with credentials, when it is allowed. */
export function corsHeaders(request: Request, allowedOrigins: readonly string[]): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  const origin = request.headers.get('Origin');
  if (!origin || !allowedOrigins.includes(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** The answer to a preflight: 204 with what an allowed origin may send, 403 for anyone else. */
export function preflight(request: Request, allowedOrigins: readonly string[]): Response {
  const allowed = corsHeaders(request, allowedOrigins);
  if (!allowed['Access-Control-Allow-Origin']) return new Response(null, { status: 403, headers: allowed });
  const asked = request.headers.get('Access-Control-Request-Headers') ?? '';
  return new Response(null, {
    status: 204,
    headers: {
      ...allowed,
      'Access-Control-Allow-Methods': 'GET, POST',
      ...(HEADER_LIST.test(asked) ? { 'Access-Control-Allow-Headers': asked } : {}),
      'Access-Control-Max-Age': '600',
    },
  });
}
