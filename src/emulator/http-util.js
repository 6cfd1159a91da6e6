// Small HTTP helpers shared by the GREEN-API side, the control side and the WebSocket upgrade.
//
// Every response leaves through these helpers so that the CORS and security headers are
// identical everywhere, including errors and preflights: the element under test runs in a
// browser on another origin, and a missing header would show up as an opaque network error.

import { STATUS_CODES } from 'node:http';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

/**
 * Headers recorded on real GREEN-API responses (official Postman collection, nginx + helmet).
 * There is deliberately no Access-Control-Expose-Headers: the real API sends none, so browser
 * code cannot read X-RateLimit-* either, and the emulator must not make that look possible.
 * @type {Record<string, string | string[]>}
 */
export const COMMON_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,PUT,POST,DELETE',
  'Access-Control-Allow-Headers': 'Content-Type, Accept',
  Vary: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'],
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  // Not a real-API header; it keeps browsers from reusing an old QR or state during a demo.
  'Cache-Control': 'no-store',
});

export const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Largest control-API request body we accept; the bodies are tiny JSON objects. */
const MAX_BODY_BYTES = 64 * 1024;

/** An error that maps straight onto a control-API `{error}` response. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Writes a complete response with the common headers. A response whose client already went
 * away is skipped silently: there is nobody to answer and writing would only throw.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {string | null} contentType null sends no Content-Type (e.g. 204)
 * @param {Record<string, string | number>} [extraHeaders]
 */
export function send(res, status, body, contentType, extraHeaders = {}) {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  /** @type {Record<string, string | number | string[]>} */
  const headers = { ...COMMON_HEADERS, ...extraHeaders };
  if (contentType !== null) headers['Content-Type'] = contentType;
  if (status !== 204 && status !== 304) headers['Content-Length'] = payload.length;
  res.writeHead(status, headers);
  res.end(status === 204 || status === 304 ? undefined : payload);
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} value any JSON-serialisable value, including null
 * @param {Record<string, string | number>} [extraHeaders]
 */
export function sendJson(res, status, value, extraHeaders) {
  send(res, status, JSON.stringify(value), JSON_TYPE, extraHeaders);
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {Record<string, string | number>} [extraHeaders]
 */
export function sendText(res, status, text, extraHeaders) {
  send(res, status, text, TEXT_TYPE, extraHeaders);
}

/**
 * Starts reading a request body at once (so the connection is drained even when the answer
 * does not need it) and resolves to its text, or null when it is too large or cut off.
 * @param {IncomingMessage} req
 * @returns {Promise<string | null>}
 */
export function collectBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(null)); // after 'end' this is a no-op: a promise settles once
  });
}

/**
 * Answers a WebSocket upgrade request with a plain HTTP error and closes the connection, the way
 * a server that will not switch protocols does. The same headers as every other response.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 */
export function refuseUpgrade(socket, status) {
  const body = STATUS_CODES[status] ?? 'Error';
  /** @type {Record<string, string | number | string[]>} */
  const headers = { ...COMMON_HEADERS, 'Content-Type': TEXT_TYPE, 'Content-Length': Buffer.byteLength(body), Connection: 'close' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
  socket.on('error', () => {}); // the client may already be gone; nothing to report
  socket.end(`HTTP/1.1 ${status} ${body}\r\n${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/**
 * Reads a control-API body as JSON. An empty body means `{}` so that `curl -X POST` works
 * without `-d '{}'`.
 * @param {IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJsonBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * Rejects keys the endpoint does not know, so a typo such as `{"stauts": 500}` fails loudly
 * instead of silently installing a fault that does nothing.
 * @param {Record<string, unknown>} body
 * @param {readonly string[]} allowed
 */
export function rejectUnknownKeys(body, allowed) {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new HttpError(400, `unknown field(s): ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

/**
 * The base URL the client used to reach us, so absolute URLs we hand out (the avatar) work
 * whether the page talks to 127.0.0.1, localhost or a LAN address.
 * @param {IncomingMessage} req
 * @param {string} fallback
 */
export function requestOrigin(req, fallback) {
  const host = req.headers.host;
  return host && /^[\w.\-:[\]]+$/.test(host) ? `http://${host}` : fallback;
}
