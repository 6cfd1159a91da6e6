// A Node `IncomingMessage` as a standard `Request`, so that the application's resolveInstance hook
// sees the same thing on every runtime and for sockets too.
import type { IncomingMessage } from 'node:http';

/** A request as Node's http server or Express gives it: Express adds `originalUrl`. */
export type NodeRequest = IncomingMessage & { originalUrl?: string };

/** A request that no `Request` can stand for: a target `URL` rejects (400) or a verb `fetch` forbids, such as TRACE (405). */
export class UnsupportedRequest extends Error {
  readonly status: 400 | 405;

  constructor(status: 400 | 405, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * The URL's host is a placeholder: the relay never takes a destination from the request (the
 * `Host` header stays among the headers, for the same-origin check). The path is Express's
 * `originalUrl` when there is one, since `app.use('/prefix', …)` cuts `req.url`.
 * @throws {UnsupportedRequest}
 */
export function toRequest(req: NodeRequest, { body, signal }: { body?: Buffer; signal?: AbortSignal } = {}): Request {
  const method = req.method ?? 'GET';
  const headers = new Headers();
  let url: URL;
  try {
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    url = new URL(req.originalUrl ?? req.url ?? '/', 'http://relay.invalid');
  } catch {
    throw new UnsupportedRequest(400, 'the request target or a header is not one a Request can carry');
  }
  try {
    return new Request(url, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' || !body ? undefined : new Uint8Array(body),
      signal,
    });
  } catch {
    throw new UnsupportedRequest(405, `${method} is not a method the relay takes`);
  }
}
