// @ts-check
// Node's `http` (and Express 4 and 5) speak `(req, res)`, not `Request`/`Response`: this turns the
// relay's fetch-style handler into such a listener. It never throws and never rejects: a request
// that cannot become a `Request` is answered here (400, 405), and a failure past that is a bare
// 500 or, once the answer has begun, a dropped connection.
import { ANSWER_HEADERS, MAX_REQUEST_BYTES } from './qr-proxy.js';
import { toRequest, UnsupportedRequest } from './node-request.js';

/**
 * @typedef {import('./node-request.js').NodeRequest & { body?: unknown }} NodeRequest
 */

/**
 * A `(req, res)` listener for Node's http server or Express (`app.use('/api/whatsapp', listener)`).
 * A body Express already parsed is used as it is.
 * @param {(request: Request) => Promise<Response>} handler what createQrProxy returned
 * @returns {(req: NodeRequest, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function toNodeListener(handler) {
  return async function nodeListener(req, res) {
    try {
      await serve(handler, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, ANSWER_HEADERS).end();
      else res.destroy();
    }
  };
}

/**
 * @param {(request: Request) => Promise<Response>} handler
 * @param {NodeRequest} req
 * @param {import('node:http').ServerResponse} res
 */
async function serve(handler, req, res) {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const body = await readBody(req);
  if (body === undefined) {
    res.writeHead(413, ANSWER_HEADERS).end();
    return;
  }
  let request;
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

/**
 * The request body, at most one byte past the relay's cap (undefined when longer).
 * @param {NodeRequest} req
 * @returns {Promise<Buffer | undefined>}
 */
async function readBody(req) {
  // A body parser (express.json()) ran before the relay: the stream is spent, its result is here.
  if (req.body !== undefined && req.readableEnded) {
    const text = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const bytes = Buffer.from(text ?? '');
    return bytes.length > MAX_REQUEST_BYTES ? undefined : bytes;
  }
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      // Keeps draining, so that the 413 can still be written on this connection.
      if (size > MAX_REQUEST_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}
