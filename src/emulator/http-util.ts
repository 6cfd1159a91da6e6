// Small HTTP helpers shared by the GREEN-API side, the control side and the WebSocket upgrade.
//
// Every response leaves through these helpers so that the CORS and security headers are
// identical everywhere, including errors and preflights: the element under test runs in a
// browser on another origin, and a missing header would show up as an opaque network error.

import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Extra headers of one response (X-RateLimit-*, Allow). */
export type ExtraHeaders = Record<string, string | number>;

/**
 * Headers recorded on real GREEN-API responses (official Postman collection, nginx + helmet).
 * There is deliberately no Access-Control-Expose-Headers: the real API sends none, so browser
 * code cannot read X-RateLimit-* either, and the emulator must not make that look possible.
 */
export const COMMON_HEADERS: Readonly<Record<string, string | string[]>> = Object.freeze({
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
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Writes a complete response with the common headers; a null `contentType` sends none (e.g. 204).
 * A response whose client already went away is skipped silently: there is nobody to answer and
 * writing would only throw.
 */
export function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string | null, extraHeaders: ExtraHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: OutgoingHttpHeaders = { ...COMMON_HEADERS, ...extraHeaders };
  if (contentType !== null) headers['Content-Type'] = contentType;
  if (status !== 204 && status !== 304) headers['Content-Length'] = payload.length;
  res.writeHead(status, headers);
  res.end(status === 204 || status === 304 ? undefined : payload);
}

/** `value` is any JSON-serialisable value, including null. */
export function sendJson(res: ServerResponse, status: number, value: unknown, extraHeaders?: ExtraHeaders): void {
  send(res, status, JSON.stringify(value), JSON_TYPE, extraHeaders);
}

export function sendText(res: ServerResponse, status: number, text: string, extraHeaders?: ExtraHeaders): void {
  send(res, status, text, TEXT_TYPE, extraHeaders);
}

/**
 * Starts reading a request body at once (so the connection is drained even when the answer
 * does not need it) and resolves to its text, or null when it is too large or cut off.
 */
export function collectBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
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
 */
export function refuseUpgrade(socket: Duplex, status: number): void {
  const body = STATUS_CODES[status] ?? 'Error';
  const headers: Record<string, string | number | readonly string[]> = {
    ...COMMON_HEADERS,
    'Content-Type': TEXT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  socket.on('error', () => {}); // the client may already be gone; nothing to report
  socket.end(`HTTP/1.1 ${status} ${body}\r\n${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/** A control-API body: a JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * Reads a control-API body as JSON. An empty body means `{}` so that `curl -X POST` works
 * without `-d '{}'`.
 */
export async function readJsonBody(req: IncomingMessage): Promise<JsonObject> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (!isJsonObject(value)) throw new HttpError(400, 'request body must be a JSON object');
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Rejects keys the endpoint does not know, so a typo such as `{"stauts": 500}` fails loudly
 * instead of silently installing a fault that does nothing.
 */
export function rejectUnknownKeys(body: JsonObject, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new HttpError(400, `unknown field(s): ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

/**
 * The base URL the client used to reach us, so absolute URLs we hand out (the avatar) work
 * whether the page talks to 127.0.0.1, localhost or a LAN address.
 */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host && /^[\w.\-:[\]]+$/.test(host) ? `http://${host}` : fallback;
}

/**
 * A request target's path, repeated slashes merged: nginx in front of the real API merges them,
 * so `${apiUrl}/waInstance…` with an apiUrl that already ends in "/" works there, and here too.
 * (Not parsed with new URL(): it would read a leading "//waInstance…" as a host name.)
 */
export function requestPath(target: string | undefined): string {
  return (target ?? '/').split(/[?#]/, 1)[0].replace(/\/{2,}/g, '/');
}
