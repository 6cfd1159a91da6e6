// @ts-check
// A Node `IncomingMessage` as a standard `Request`, so that the application's resolveInstance hook
// sees the same thing on every runtime and for sockets too.

/**
 * @typedef {import('node:http').IncomingMessage & { originalUrl?: string }} NodeRequest
 */

/**
 * The URL's host is a placeholder: the relay never takes a destination from the request. The path
 * is Express's `originalUrl` when there is one, since `app.use('/prefix', …)` cuts `req.url`.
 * @param {NodeRequest} req
 * @param {{ body?: Buffer, signal?: AbortSignal }} [init]
 * @returns {Request}
 */
export function toRequest(req, { body, signal } = {}) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? 'GET';
  return new Request(new URL(req.originalUrl ?? req.url ?? '/', 'http://relay.invalid'), {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || !body ? undefined : new Uint8Array(body),
    signal,
  });
}
