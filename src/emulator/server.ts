// Local GREEN-API emulator for developing and testing <greenapi-qr> without a real WhatsApp
// account. It speaks the real API's paths, JSON shapes, status codes, rate limits and CORS
// headers, its scanqrcode WebSocket, plus a control API under /_emulator for playing the phone
// and the network.
// Usage: see README.md in this folder, or `npm run emulator` (cli.ts).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMethodPath, withoutPathToken } from '../protocol/index.js';
import { HttpError, requestPath, send, sendJson, sendText } from './http-util.js';
import { InstanceRegistry } from './instance-registry.js';
import { handleGreenApi, type GreenApiContext } from './greenapi-routes.js';
import { handleControl } from './control-routes.js';
import { ScanQrCodeEndpoint } from './scanqrcode-upgrade.js';
import { resolveOptions, type EmulatorOptions } from './emulator-options.js';

export { DEMO_INSTANCE } from './demo-instance.js';
export type { EmulatorOptions } from './emulator-options.js';

export interface EmulatorServer {
  /** e.g. 'http://127.0.0.1:7300', no trailing slash; use it as apiUrl. */
  url: string;
  port: number;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorServer> {
  const { port, host, quiet, ...instanceOptions } = resolveOptions(options);
  const registry = new InstanceRegistry(instanceOptions);
  /** Every pending latency timer, so close() can cancel them and the process can exit. */
  const timers = new Set<NodeJS.Timeout>();
  let url = '';
  const context: GreenApiContext = { registry, timers, baseUrl: () => url };

  const server = createServer((req, res) => {
    const startedAt = Date.now();
    if (!quiet) res.on('close', () => logLine(req, res, startedAt));
    route(req, res, context).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      console.error('[greenapi-emulator] internal error:', error);
      sendJson(res, 500, { error: 'internal emulator error' });
    });
  });

  const sockets = new ScanQrCodeEndpoint(registry, quiet ? null : { line: logUpgradeLine });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => sockets.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${urlHost}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Keep-alive sockets and hanging fault requests would otherwise hold close() open.
        server.closeAllConnections();
        // Upgraded sockets are no longer the HTTP server's to close, but still keep it open.
        sockets.closeAll().catch((error: unknown) => console.error('[greenapi-emulator] closing sockets:', error));
      });
      return closing;
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, context: GreenApiContext): Promise<void> {
  const path = requestPath(req.url);

  // The real API answers preflights with 204 (common-errors page); we do so on every path.
  if (req.method === 'OPTIONS') return send(res, 204, '', null);

  if (path === '/_emulator' || path.startsWith('/_emulator/')) {
    return handleControl(req, res, path, context.registry);
  }
  const target = parseMethodPath(path);
  if (target) return handleGreenApi(req, res, target, context);
  req.resume();
  sendText(res, 404, 'Not Found');
}

/**
 * One line per finished (or abandoned) request. The token segment of GREEN-API paths is
 * replaced before printing: logs get pasted into issues and chats.
 */
function logLine(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
  const outcome = res.writableFinished ? String(res.statusCode) : 'aborted by client';
  console.log(`${new Date(startedAt).toISOString()} ${req.method} ${redactToken(req.url)} → ${outcome} (${Date.now() - startedAt} ms)`);
}

/** The WebSocket side's log line: upgrades and socket closes, token redacted as above. */
function logUpgradeLine(req: IncomingMessage, outcome: string): void {
  console.log(`${new Date().toISOString()} ${req.method} ${redactToken(req.url)} → ${outcome}`);
}

/** The request target's path (no query, which may hold anything), the token replaced by `***`. */
export function redactToken(rawUrl: string | undefined): string {
  return withoutPathToken((rawUrl ?? '/').split(/[?#]/, 1)[0]);
}
