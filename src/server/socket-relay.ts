// The `scanqrcode` WebSocket through the relay. A browser's socket is taken only from the app's own
// pages (or allowed origins), for a user resolveInstance lets link the instance, and only once `ws`
// has accepted its handshake; it then joins the instance's one upstream socket (scan-sessions.ts).
// Built on `ws` (an optional peer dependency, needed only for this).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { methodUrl, SCAN_QR_CODE, toSocketUrl } from '../protocol/index.js';
import { toRequest } from './node-request.js';
import { readRelayOptions, RelayError, type RelayOptions } from './relay-options.js';
import { parseRelayRoute } from './relay-route.js';
import { sentByAllowedPage } from './request-origin.js';
import { resolveUpstream } from './resolve-upstream.js';
import { ScanSessions } from './scan-sessions.js';

export interface SocketRelayOptions extends RelayOptions {
  /** how long GREEN-API may take to accept the upstream socket (default 10 000) */
  connectTimeoutMs?: number;
}

/** What createSocketRelay gives: the `upgrade` listener and the way to end it all. */
export interface SocketRelay {
  /** Whether the upgrade was the relay's; if so, the relay answers or closes the socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Ends every relayed socket, both sides, and every connection still being checked. */
  close(): void;
}

/** GREEN-API's frames are a QR PNG in base64 or a short status: a few kB. A larger one ends the upstream socket. */
export const MAX_FRAME_BYTES = 512 * 1024;
/** The element never sends on this socket and nothing a browser sends is read: a tiny cap keeps such frames cheap. */
const MAX_BROWSER_FRAME_BYTES = 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 500: 'Internal Server Error', 502: 'Bad Gateway' } as const;

/**
 * Handles `upgrade` requests for `{basePath}/waInstance{id}/scanqrcode`; anything else is left
 * alone (the returned function answers false) so that an app can run other sockets on the same server.
 */
export async function createSocketRelay(options: SocketRelayOptions): Promise<SocketRelay> {
  const config = readRelayOptions(options, 'createSocketRelay');
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (typeof connectTimeoutMs !== 'number' || !(connectTimeoutMs > 0))
    throw new TypeError('createSocketRelay: options.connectTimeoutMs must be a positive number of milliseconds');
  const { WebSocket, WebSocketServer } = await loadWs();
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_BROWSER_FRAME_BYTES });
  const sessions = new ScanSessions({ WebSocket, connectTimeoutMs, maxFrameBytes: MAX_FRAME_BYTES });
  /** Connections still being checked (resolveInstance may take a while): close() ends them too. */
  const checking = new Set<Duplex>();

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const idInstance = scanQrCodeInstance(req.url, config.basePath);
    if (idInstance === undefined) return false;
    // Node's server takes its error listener off an upgraded socket: an error while the hook is
    // awaited would otherwise end the process.
    socket.on('error', () => socket.destroy());
    checking.add(socket);
    relaySocket(req, socket, head, idInstance)
      .catch((error: unknown) => {
        config.report(new RelayError('internal', `the socket relay failed on a socket for instance ${idInstance}; the socket was dropped`, error));
        socket.destroy();
      })
      .finally(() => checking.delete(socket));
    return true;
  }

  async function relaySocket(req: IncomingMessage, socket: Duplex, head: Buffer, idInstance: string): Promise<void> {
    let request: Request;
    try {
      request = toRequest(req);
    } catch {
      // A method or header that Node's parser lets through and `Request` does not (TRACE…).
      return refuse(socket, 400);
    }
    // Browsers send cookies with a socket opened from any site: only the server's own pages and
    // the allowed origins may open one (cross-site WebSocket hijacking).
    if (!sentByAllowedPage(request.headers, req.headers.host ?? '', config.allowedOrigins)) return refuse(socket, 403);
    const target = await resolveUpstream(config, request, idInstance);
    if ('status' in target) return refuse(socket, target.status);
    const url = toSocketUrl(methodUrl(target.apiUrl, idInstance, SCAN_QR_CODE.name, target.token));
    // ws answers a handshake it rejects (no key, another version, not GET) itself, and drops a
    // socket whose browser left while the hook was awaited; in neither case does it call back, so
    // only an accepted browser socket can make the relay open one upstream.
    server.handleUpgrade(req, socket, head, (browser) => sessions.join(url, target.token, browser));
  }

  return {
    handleUpgrade,
    close() {
      for (const socket of checking) socket.destroy();
      checking.clear();
      sessions.closeAll();
      for (const browser of server.clients) browser.terminate();
      server.close();
    },
  };
}

/**
 * The instance a request target asks the scanqrcode socket of, or undefined when it is anything
 * but exactly `{basePath}/waInstance{id}/scanqrcode`.
 * @param target the request line's target, as the client sent it
 */
function scanQrCodeInstance(target: string | undefined, basePath: string): string | undefined {
  // Origin-form only: browsers send nothing else, and an absolute (`http://host/…`) or `//host/…`
  // target names no path on this server.
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined;
  let pathname: string;
  try {
    pathname = new URL(`http://relay.invalid${target}`).pathname;
  } catch {
    return undefined;
  }
  const route = parseRelayRoute(pathname, basePath);
  return 'status' in route || route.method !== SCAN_QR_CODE.name ? undefined : route.idInstance;
}

/** Answers the upgrade with a bare HTTP status and closes the connection, whatever the client does. */
function refuse(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  if (socket.destroyed) return;
  // Node's server sockets allow half-open connections: ending our side alone could leave it open.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n\r\n`);
}

async function loadWs(): Promise<typeof import('ws')> {
  try {
    return await import('ws');
  } catch {
    throw new Error('createSocketRelay needs the `ws` package: npm install ws');
  }
}
