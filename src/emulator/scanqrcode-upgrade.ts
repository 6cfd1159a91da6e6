// The `scanqrcode` WebSocket endpoint: ws://HOST/waInstance{id}/scanqrcode/{token} (read with
// parseMethodPath), on the same HTTP server as the REST side (GREEN-API serves both from the
// per-instance apiUrl host).
//
// Upgrades are checked like HTTP requests: unknown instance 403, wrong token 401, then the
// emulator's `wsRefuse` switch (503, so clients fall back to polling), then the documented
// `scanQrCode` rate limit of 1/s per instance (SCAN_QR_CODE, 429). A socket that passes becomes
// a ScanQrCodeSession; a second one for the same instance is refused inside the socket.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { SCAN_QR_CODE, parseMethodPath } from '../protocol/index.js';
import { refuseUpgrade, requestPath } from './http-util.js';
import type { InstanceRegistry } from './instance-registry.js';
import { ScanQrCodeSession } from './scanqrcode-session.js';

/** Close code when the emulator shuts down: the server is going away. */
const SHUTDOWN_CLOSE_CODE = 1001;
/** How long close() waits for clients to answer the close frame before cutting them off. */
const SHUTDOWN_WAIT_MS = 500;

export interface UpgradeLog {
  /** Prints one line per upgrade or socket close; it must redact the token itself. */
  line(req: IncomingMessage, outcome: string): void;
}

export class ScanQrCodeEndpoint {
  readonly registry: InstanceRegistry;
  /** null = quiet */
  readonly log: UpgradeLog | null;
  // noServer: the HTTP server's 'upgrade' event decides which requests get here.
  readonly server = new WebSocketServer({ noServer: true });

  constructor(registry: InstanceRegistry, log: UpgradeLog | null) {
    this.registry = registry;
    this.log = log;
  }

  /** The HTTP server's 'upgrade' listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Slashes are merged as on the REST side (requestPath), for an apiUrl ending in "/".
    const target = parseMethodPath(requestPath(req.url));
    if (!target || target.method.toLowerCase() !== SCAN_QR_CODE.name) return this.#refuse(req, socket, 404);
    const instance = this.registry.get(target.idInstance);
    if (!instance) return this.#refuse(req, socket, 403);
    const refusal = !instance.tokenMatches(target.apiTokenInstance)
      ? 401
      : instance.switches.wsRefuse
        ? 503
        : !instance.admit(SCAN_QR_CODE.name, SCAN_QR_CODE.perSecond, Date.now()).allowed
          ? 429
          : undefined;
    if (refusal) {
      instance.sockets.refused += 1;
      return this.#refuse(req, socket, refusal);
    }

    this.server.handleUpgrade(req, socket, head, (ws) => {
      this.log?.line(req, '101 websocket open');
      ws.on('close', (code) => this.log?.line(req, `websocket closed (${code})`));
      const session = new ScanQrCodeSession(ws, instance);
      const alreadyOpen = instance.sockets.open.size > 0;
      instance.sockets.add(session);
      if (alreadyOpen) session.refuseAsSecondSession();
      else session.start();
    });
  }

  /** Closes every socket (1001), cutting off clients that do not answer in time. */
  async closeAll(): Promise<void> {
    const clients = [...this.server.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const cutOff = setTimeout(() => ws.terminate(), SHUTDOWN_WAIT_MS);
            ws.once('close', () => {
              clearTimeout(cutOff);
              resolve();
            });
            if (ws.readyState === ws.OPEN) ws.close(SHUTDOWN_CLOSE_CODE, 'emulator shutting down');
          }),
      ),
    );
    this.server.close();
  }

  #refuse(req: IncomingMessage, socket: Duplex, status: number): void {
    this.log?.line(req, `${status} websocket refused`);
    refuseUpgrade(socket, status);
  }
}
