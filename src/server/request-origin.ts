// Which page sent a request, as the browser tells it. Browsers send the user's cookies with
// requests and sockets from any site; CORS only hides the answer. So a state change (logout, a
// pairing code) and a socket are taken only from the relay's own origin or an allowed one.

/**
 * Whether the browser says the request came from a page the relay serves: `Sec-Fetch-Site:
 * same-origin` (the browser's own word, which survives a proxy that rewrites `Host`), or an
 * `Origin` that is in `allowedOrigins` or names the request's own host. A request with neither
 * header (a server, an older browser) passes unless `Sec-Fetch-Site` says `cross-site`; an opaque
 * `Origin: null` (sandboxed frames, `file:`) never does.
 * @param ownHost the request's `Host`
 */
export function sentByAllowedPage(headers: Headers, ownHost: string, allowedOrigins: readonly string[]): boolean {
  const site = headers.get('Sec-Fetch-Site');
  if (site === 'same-origin') return true;
  const origin = headers.get('Origin');
  if (origin === null) return site !== 'cross-site';
  if (allowedOrigins.includes(origin)) return true;
  if (site === 'cross-site') return false;
  try {
    return new URL(origin).host === ownHost;
  } catch {
    return false;
  }
}

/**
 * The host the browser sent the request to: its `Host` header, or the URL's host where a runtime
 * keeps it there only.
 */
export function requestHost(request: Request): string {
  return request.headers.get('Host') ?? new URL(request.url).host;
}
