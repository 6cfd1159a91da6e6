// Local GREEN-API emulator for developing and testing <greenapi-qr> without a real WhatsApp
// account. It speaks the real API's paths, JSON shapes, status codes, rate limits and CORS
// headers, its scanqrcode WebSocket, plus a control API under /_emulator for playing the phone
// and the network.
// Usage: see README.md in this folder, or `node src/emulator/cli.js`.

import { createServer } from 'node:http';
import { HttpError, send, sendJson, sendText } from './http-util.js';
import { InstanceRegistry } from './instance-registry.js';
import { GREEN_API_PATH, handleGreenApi } from './greenapi-routes.js';
import { handleControl } from './control-routes.js';
import { ScanQrCodeEndpoint } from './scanqrcode-upgrade.js';

export { DEMO_INSTANCE } from './instances.js';

/**
 * @typedef {object} EmulatorOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {number} [qrRotateMs] how long each QR code lives (the real API: 20 s)
 * @property {number} [logoutProcessMs] how long getWaSettings reports logoutProcess after logout
 * @property {number} [scanTimeoutMs] how long a scanqrcode socket waits for a scan (the real API: 100 s)
 * @property {import('./instance-config.js').TimeoutType} [wsTimeoutType] `type` of the scan-timeout
 *   frame: the docs name it 'timeoutExpired' (2021, current EN page) or 'timeout' (other mirrors)
 * @property {number} [closeGraceMs] how long a socket may stay open after its final frame
 * @property {number} [pairingCodeTtlMs] how long a getAuthorizationCode code is valid (≈2.5 min)
 * @property {number} [startingAfterAbuseMs] how long pairing-code abuse keeps an instance `starting`
 * @property {boolean} [quiet] false logs one line per request to stdout (tokens redacted)
 */

/**
 * @typedef {object} RunningEmulator
 * @property {string} url e.g. 'http://127.0.0.1:7300', no trailing slash; use it as apiUrl
 * @property {number} port
 * @property {() => Promise<void>} close stops listening and drops every open connection
 */

/**
 * @param {EmulatorOptions} [options]
 * @returns {Promise<RunningEmulator>}
 */
export async function startEmulator({
  port = 0,
  host = '127.0.0.1',
  qrRotateMs = 20000,
  logoutProcessMs = 1500,
  scanTimeoutMs = 100000,
  wsTimeoutType = 'timeoutExpired',
  closeGraceMs = 5000,
  pairingCodeTtlMs = 150000,
  startingAfterAbuseMs = 10000,
  quiet = true,
} = {}) {
  if (!(qrRotateMs > 0)) throw new RangeError('qrRotateMs must be a positive number');
  for (const [name, value] of Object.entries({ scanTimeoutMs, pairingCodeTtlMs })) {
    if (!(value > 0)) throw new RangeError(`${name} must be a positive number`);
  }
  for (const [name, value] of Object.entries({ logoutProcessMs, closeGraceMs, startingAfterAbuseMs })) {
    if (!(value >= 0)) throw new RangeError(`${name} must be zero or more`);
  }
  if (wsTimeoutType !== 'timeout' && wsTimeoutType !== 'timeoutExpired') {
    throw new RangeError("wsTimeoutType must be 'timeout' or 'timeoutExpired'");
  }

  const registry = new InstanceRegistry({
    qrRotateMs,
    logoutProcessMs,
    scanTimeoutMs,
    wsTimeoutType,
    closeGraceMs,
    pairingCodeTtlMs,
    startingAfterAbuseMs,
  });
  /** Every pending latency timer, so close() can cancel them and the process can exit. @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  let url = '';
  const context = { registry, timers, baseUrl: () => url };

  const server = createServer((req, res) => {
    const startedAt = Date.now();
    if (!quiet) res.on('close', () => logLine(req, res, startedAt));
    route(req, res, context).catch((error) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      console.error('[greenapi-emulator] internal error:', error);
      sendJson(res, 500, { error: 'internal emulator error' });
    });
  });

  const sockets = new ScanQrCodeEndpoint(registry, quiet ? null : { line: logUpgradeLine });
  server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head));

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${urlHost}:${address.port}`;

  let closing = /** @type {Promise<void> | null} */ (null);
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
        sockets.closeAll().catch((error) => console.error('[greenapi-emulator] closing sockets:', error));
      });
      return closing;
    },
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./greenapi-routes.js').GreenApiContext} context
 */
async function route(req, res, context) {
  // nginx in front of the real API merges repeated slashes, so `${apiUrl}/waInstance…` with an
  // apiUrl that already ends in "/" works there; it works here too.
  // (Not parsed with new URL(): it would read a leading "//waInstance…" as a host name.)
  const path = (req.url ?? '/').split(/[?#]/, 1)[0].replace(/\/{2,}/g, '/');

  // The real API answers preflights with 204 (common-errors page); we do so on every path.
  if (req.method === 'OPTIONS') return send(res, 204, '', null);

  if (path === '/_emulator' || path.startsWith('/_emulator/')) {
    return handleControl(req, res, path, context.registry);
  }
  const match = GREEN_API_PATH.exec(path);
  if (match) return handleGreenApi(req, res, match, context);
  req.resume();
  sendText(res, 404, 'Not Found');
}

/**
 * One line per finished (or abandoned) request. The token segment of GREEN-API paths is
 * replaced before printing: logs get pasted into issues and chats.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} startedAt
 */
function logLine(req, res, startedAt) {
  const path = redactToken(req.url ?? '/');
  const outcome = res.writableFinished ? String(res.statusCode) : 'aborted by client';
  console.log(`${new Date(startedAt).toISOString()} ${req.method} ${path} → ${outcome} (${Date.now() - startedAt} ms)`);
}

/**
 * The WebSocket side's log line: upgrades and socket closes, token redacted as above.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} outcome
 */
function logUpgradeLine(req, outcome) {
  console.log(`${new Date().toISOString()} ${req.method} ${redactToken(req.url ?? '/')} → ${outcome}`);
}

/**
 * @param {string} rawUrl request target as received
 * @returns {string}
 */
export function redactToken(rawUrl) {
  const pathOnly = rawUrl.split(/[?#]/, 1)[0];
  return pathOnly.replace(/(\/waInstance[^/]*\/+[^/]+\/+)[^/]+/, '$1***');
}
