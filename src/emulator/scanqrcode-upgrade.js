// The `scanqrcode` WebSocket endpoint: ws://HOST/waInstance{id}/scanqrcode/{token}, on the same
// HTTP server as the REST side (GREEN-API serves both from the per-instance apiUrl host).
//
// Upgrades are checked like HTTP requests: unknown instance 403, wrong token 401, then the
// emulator's `wsRefuse` switch (503, so clients fall back to polling), then the documented
// `scanQrCode` rate limit of 1/s per instance (429). A socket that passes becomes a
// ScanQrCodeSession; a second one for the same instance is refused inside the socket.

import { WebSocketServer } from 'ws';
import { refuseUpgrade } from './http-util.js';
import { SCAN_QR_CODE } from './greenapi-methods.js';
import { ScanQrCodeSession } from './scanqrcode-session.js';

/** waInstance{id}/{method}/{token}; the method segment is compared case-insensitively below. */
const SOCKET_PATH = /^\/waInstance([^/]+)\/([^/]+)\/([^/]+)$/;

/** Close code when the emulator shuts down: the server is going away. */
const SHUTDOWN_CLOSE_CODE = 1001;
/** How long close() waits for clients to answer the close frame before cutting them off. */
const SHUTDOWN_WAIT_MS = 500;

/**
 * @typedef {object} UpgradeLog
 * @property {(req: import('node:http').IncomingMessage, outcome: string) => void} line
 *   prints one line per upgrade or socket close; it must redact the token itself
 */

export class ScanQrCodeEndpoint {
  /**
   * @param {import('./instance-registry.js').InstanceRegistry} registry
   * @param {UpgradeLog | null} log null = quiet
   */
  constructor(registry, log) {
    this.registry = registry;
    this.log = log;
    // noServer: the HTTP server's 'upgrade' event decides which requests get here.
    this.server = new WebSocketServer({ noServer: true });
  }

  /**
   * The HTTP server's 'upgrade' listener.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  handleUpgrade(req, socket, head) {
    // Slashes are merged as on the REST side (see server.js), for an apiUrl ending in "/".
    const path = (req.url ?? '/').split(/[?#]/, 1)[0].replace(/\/{2,}/g, '/');
    const match = SOCKET_PATH.exec(path);
    if (!match || match[2].toLowerCase() !== 'scanqrcode') return this.#refuse(req, socket, 404);
    const [, idInstance, , token] = match;
    const instance = this.registry.get(idInstance);
    if (!instance) return this.#refuse(req, socket, 403);
    const refusal = !instance.tokenMatches(token)
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
  async closeAll() {
    const clients = [...this.server.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve(undefined);
            const cutOff = setTimeout(() => ws.terminate(), SHUTDOWN_WAIT_MS);
            ws.once('close', () => {
              clearTimeout(cutOff);
              resolve(undefined);
            });
            if (ws.readyState === ws.OPEN) ws.close(SHUTDOWN_CLOSE_CODE, 'emulator shutting down');
          }),
      ),
    );
    this.server.close();
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {number} status
   */
  #refuse(req, socket, status) {
    this.log?.line(req, `${status} websocket refused`);
    refuseUpgrade(socket, status);
  }
}
