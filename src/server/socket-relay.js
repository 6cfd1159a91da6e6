// @ts-check
// The `scanqrcode` WebSocket through the relay: the browser's socket is accepted only once the
// application has said who may link the instance, and then every frame GREEN-API sends is passed
// on. Built on `ws` (an optional peer dependency, needed only for this).
import { methodUrl, SCAN_QR_CODE, toSocketUrl, withoutSecret } from '../protocol/greenapi.js';
import { toRequest } from './node-request.js';
import { parseRelayRoute } from './relay-route.js';
import { resolveUpstream } from './resolve-upstream.js';

/**
 * @typedef {object} SocketRelayOptions
 * @property {import('./resolve-upstream.js').ResolveInstance} resolveInstance the same hook as createQrProxy's, called for every upgrade
 * @property {readonly string[]} [allowedOrigins] origins other than the server's own that may open the socket
 * @property {number} [connectTimeoutMs] how long GREEN-API may take to accept the socket (default 10 000)
 */

/** GREEN-API's frames are a QR PNG in base64 or a short status: a few kB. */
export const MAX_FRAME_BYTES = 512 * 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Handles `upgrade` requests for `…/waInstance{id}/scanqrcode`; anything else is left alone (the
 * returned function answers false) so that an app can run other sockets on the same server.
 * @param {SocketRelayOptions} options
 */
export async function createSocketRelay(options) {
  const { resolveInstance, allowedOrigins = [], connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS } = options ?? {};
  if (typeof resolveInstance !== 'function') throw new TypeError('createSocketRelay: options.resolveInstance must be a function (request, idInstance) => ({ apiUrl, apiTokenInstance }) | null');
  const { WebSocket, WebSocketServer } = await loadWs();
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  /** @type {Set<import('ws').WebSocket>} */
  const upstreams = new Set();

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @returns {boolean} whether the upgrade was the relay's
   */
  function handleUpgrade(req, socket, head) {
    const route = parseRelayRoute(new URL(req.url ?? '/', 'http://relay.invalid').pathname);
    if ('status' in route || route.method !== SCAN_QR_CODE.name) return false;
    void relay(req, socket, head, route.idInstance);
    return true;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @param {string} idInstance
   */
  async function relay(req, socket, head, idInstance) {
    socket.on('error', () => socket.destroy());
    // Browsers send cookies with a socket opened from any site: only the server's own pages and
    // the allowed origins may open one (cross-site WebSocket hijacking).
    if (!originAllowed(req, allowedOrigins)) return refuse(socket, 403);
    const target = await resolveUpstream(resolveInstance, toRequest(req), idInstance);
    if ('status' in target) return refuse(socket, target.status);
    const { apiUrl, token } = target;
    if (socket.destroyed) return;

    const upstream = new WebSocket(toSocketUrl(methodUrl(apiUrl, idInstance, SCAN_QR_CODE.name, token)), {
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: connectTimeoutMs,
      followRedirects: false,
    });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    socket.once('close', () => upstream.readyState === upstream.CONNECTING && upstream.terminate());
    // GREEN-API refused the socket (one session per instance, a wrong token…): the browser gets
    // the same status, and the element falls back to polling as it would without the relay.
    upstream.once('unexpected-response', (_request, response) => {
      refuse(socket, response.statusCode ?? 502);
      upstream.terminate();
    });
    upstream.once('error', () => {
      refuse(socket, 502);
      upstream.terminate();
    });
    upstream.once('open', () => {
      if (socket.destroyed) return upstream.terminate();
      server.handleUpgrade(req, socket, head, (browser) => pipe(upstream, browser, token));
    });
  }

  return {
    handleUpgrade,
    /** Closes every relayed socket, both ends. */
    close() {
      for (const upstream of upstreams) upstream.terminate();
      for (const browser of server.clients) browser.terminate();
      server.close();
    },
  };
}

/**
 * Passes GREEN-API's frames to the browser as they come, and each side's end to the other.
 * @param {import('ws').WebSocket} upstream
 * @param {import('ws').WebSocket} browser
 * @param {string} token
 */
function pipe(upstream, browser, token) {
  upstream.on('message', (data, isBinary) => browser.send(data, { binary: isBinary }));
  // The element only listens on this socket: nothing it might send goes upstream.
  upstream.on('close', (code, reason) => closeLike(browser, code, withoutSecret(reason.toString(), token)));
  browser.on('close', () => upstream.close(1000));
  browser.on('error', () => upstream.terminate());
  upstream.on('error', () => browser.terminate());
}

/**
 * Ends `socket` as the other side ended: the same code and reason, or a drop for an abnormal end.
 * @param {import('ws').WebSocket} socket
 * @param {number} code
 * @param {string} reason
 */
function closeLike(socket, code, reason) {
  if (code === 1005) socket.close();
  else if (code === 1006 || code < 1000 || code === 1015) socket.terminate();
  else socket.close(code, reason.slice(0, 123));
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {readonly string[]} allowedOrigins
 */
function originAllowed(req, allowedOrigins) {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Answers the upgrade with a bare HTTP status and closes the connection.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 */
function refuse(socket, status) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n\r\n`);
}

async function loadWs() {
  try {
    return await import('ws');
  } catch {
    throw new Error('createSocketRelay needs the `ws` package: npm install ws');
  }
}
