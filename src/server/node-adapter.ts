// Node's `http` (and Express 4 and 5) speak `(req, res)`, not `Request`/`Response`: this turns the
// relay's fetch-style handler into such a listener. It never throws and never rejects: a request
// that cannot become a `Request` is answered here (400, 405), and a failure past that is a bare
// 500 or, once the answer has begun, a dropped connection.
import type { ServerResponse } from 'node:http';
import { toRequest, UnsupportedRequest, type NodeRequest } from './node-request.js';
import { ANSWER_HEADERS, MAX_REQUEST_BYTES, type RequestHandler } from './qr-proxy.js';
import { MAX_WEBHOOK_BYTES, WEBHOOK_SEGMENT } from './webhook-route.js';

/** A Node request, with the body a parser (express.json()) may have read already. */
export type NodeRequestWithBody = NodeRequest & { body?: unknown };

/** A `(req, res)` listener for Node's http server or Express; it never rejects. */
export type NodeListener = (req: NodeRequestWithBody, res: ServerResponse) => Promise<void>;

/**
 * A `(req, res)` listener for Node's http server or Express (`app.use('/api/whatsapp', listener)`).
 * A body Express already parsed is used as it is.
 * @param handler what createQrProxy returned
 */
export function toNodeListener(handler: RequestHandler): NodeListener {
  return async function nodeListener(req, res) {
    try {
      await serve(handler, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, ANSWER_HEADERS).end();
      else res.destroy();
    }
  };
}

async function serve(handler: RequestHandler, req: NodeRequestWithBody, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413, ANSWER_HEADERS).end();
    return;
  }
  let request: Request;
  try {
    request = toRequest(req, { body, signal: abort.signal });
  } catch (error) {
    if (!(error instanceof UnsupportedRequest)) throw error;
    res.writeHead(error.status, { ...ANSWER_HEADERS, ...(error.status === 405 ? { Allow: 'GET, POST, OPTIONS' } : {}) }).end();
    return;
  }
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** The request body, at most one byte past the relay's cap (undefined when longer): GREEN-API's notifications may be larger than a page's request. */
async function readBody(req: NodeRequestWithBody): Promise<Buffer | undefined> {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const cap = path.endsWith(WEBHOOK_SEGMENT) ? MAX_WEBHOOK_BYTES : MAX_REQUEST_BYTES;
  // A body parser (express.json()) ran before the relay: the stream is spent, its result is here.
  if (req.body !== undefined && req.readableEnded) {
    const text: string | undefined = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const bytes = Buffer.from(text ?? '');
    return bytes.length > cap ? undefined : bytes;
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keeps draining, so that the 413 can still be written on this connection.
      if (size > cap) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > cap ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}
