#!/usr/bin/env node
// The demo: the GREEN-API emulator plus a small static server for demo/ and dist/.
//
//   npm start                 (builds first, then runs this file)
//   node demo/serve.mjs       (needs dist/ from `npm run build`)
//
// Tests import startDemo() and run it on free ports. Every page is served with a strict
// Content-Security-Policy (no inline scripts or styles), which proves that the element and
// the demo need no CSP exceptions.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_INSTANCE, startEmulator } from '../src/emulator/server.js';
import { startDemoBackend } from './backend.mjs';

const DEMO_DIR = fileURLToPath(new URL('.', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

export const DEFAULT_PORT = 8080;
export const DEFAULT_EMULATOR_PORT = 7300;
/** How many ports after the preferred one are tried before falling back to any free port. */
const PORT_TRIES = 10;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The demo's policy: scripts, styles and images only from this origin (plus data: images, which
 * is how the element shows the QR PNG and the account's picture it gets from GREEN-API, and
 * WhatsApp's picture host for an avatar that comes as a URL only), requests to this origin, the
 * emulator and any https: host (the real GREEN-API lives on several hosts such as
 * https://7103.api.greenapi.com), and WebSockets to the emulator and any wss: host
 * (`transport="websocket"`). The emulator's ws:// origin is listed on its own: Chromium does not
 * let an http:// source admit a ws:// URL, nor `https:` a wss:// one.
 * @param {string} emulatorOrigin e.g. 'http://127.0.0.1:7300'
 */
export function contentSecurityPolicy(emulatorOrigin) {
  const emulatorSocketOrigin = emulatorOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https://pps.whatsapp.net",
    `connect-src 'self' ${emulatorOrigin} ${emulatorSocketOrigin} https: wss:`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Maps a request path onto a file under demo/ or dist/, or null when it must not be served:
 * anything that escapes those folders, hidden files, the emulator's sources and this script.
 * @param {string} rawPath request path, still percent-encoded, without query
 * @returns {string | null}
 */
export function resolveStaticPath(rawPath) {
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter(Boolean);
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return null;

  let root = DEMO_DIR;
  let rest = segments;
  if (segments[0] === 'dist') {
    root = DIST_DIR;
    rest = segments.slice(1);
  } else if (segments[0] === 'emulator' || segments[0] === 'serve.mjs') {
    return null;
  }
  if (rest.length === 0 || path.endsWith('/')) rest = [...rest, 'index.html'];
  const file = resolve(root, ...rest);
  // Belt and braces: whatever the segments were, the file must sit inside its root.
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  if (!Object.hasOwn(CONTENT_TYPES, extname(file))) return null;
  return file;
}

/**
 * @typedef {object} DemoOptions
 * @property {number} [port] demo server port; 0 = any free port (default 8080, or the next free one)
 * @property {number} [emulatorPort] emulator port; 0 = any free port (default 7300, or the next free one)
 * @property {string} [host] address both servers bind to (default 127.0.0.1)
 * @property {number} [qrRotateMs] emulator QR lifetime (default 20000, like the real API)
 * @property {boolean} [quiet] false logs the emulator's requests (default true)
 */

/**
 * @typedef {object} RunningDemo
 * @property {string} url the demo page, e.g. 'http://127.0.0.1:8080/'
 * @property {string} emulatorUrl the emulator's base URL (use it as apiUrl)
 * @property {() => Promise<void>} close stops both servers
 */

/**
 * Starts the emulator and the static server.
 * @param {DemoOptions} [options]
 * @returns {Promise<RunningDemo>}
 */
export async function startDemo({ port = DEFAULT_PORT, emulatorPort = DEFAULT_EMULATOR_PORT, host = '127.0.0.1', qrRotateMs, quiet = true } = {}) {
  const emulator = await onFreePort(emulatorPort, (candidate) => startEmulator({ port: candidate, host, qrRotateMs, quiet }));
  const emulatorUrl = emulator.url;
  const csp = contentSecurityPolicy(new URL(emulatorUrl).origin);
  const backend = await startDemoBackend(emulatorUrl);
  const configs = {
    token: JSON.stringify({
      apiUrl: emulatorUrl,
      idInstance: DEMO_INSTANCE.idInstance,
      // A fixed, public, emulator-only credential; the page sets it as a property, never an attribute.
      apiTokenInstance: DEMO_INSTANCE.apiTokenInstance,
    }),
    backend: JSON.stringify(backend.config),
  };

  const server = createServer((req, res) => {
    if (backend.handle(req, res)) return;
    handle(req, res, { csp, configs, sessionCookie: backend.sessionCookie }).catch((error) => {
      console.error('[demo] internal error:', error);
      if (!res.headersSent) sendPlain(res, 500, 'Internal Server Error', csp);
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => backend.handleUpgrade(req, socket, head) || socket.destroy());
  let listening;
  try {
    listening = await onFreePort(port, (candidate) => listen(server, candidate, host));
  } catch (error) {
    backend.close();
    await emulator.close();
    throw error;
  }
  const urlHost = listening.family === 'IPv6' ? `[${listening.address}]` : listening.address;

  let closing = /** @type {Promise<void> | null} */ (null);
  return {
    url: `http://${urlHost}:${listening.port}/`,
    emulatorUrl,
    close() {
      backend.close();
      closing ??= Promise.all([
        new Promise((done) => {
          server.close(() => done(undefined));
          server.closeAllConnections();
        }),
        emulator.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ csp: string, configs: { token: string, backend: string }, sessionCookie: string }} context
 */
async function handle(req, res, { csp, configs, sessionCookie }) {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendPlain(res, 405, 'Method Not Allowed', csp, { Allow: 'GET, HEAD' });
  }
  const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
  if (rawPath === '/demo-config.json') {
    // "Through your backend": the id and the relay's route, and the session cookie instead of a token.
    const throughBackend = new URL(req.url ?? '/', 'http://demo.invalid').searchParams.get('connection') === 'backend';
    const extra = throughBackend ? { 'Set-Cookie': sessionCookie } : {};
    return send(res, 200, Buffer.from(throughBackend ? configs.backend : configs.token), CONTENT_TYPES['.json'], csp, req.method === 'HEAD', extra);
  }
  const file = resolveStaticPath(rawPath);
  if (file === null) return sendPlain(res, 404, 'Not Found', csp);
  let body;
  try {
    if (!(await stat(file)).isFile()) return sendPlain(res, 404, 'Not Found', csp);
    body = await readFile(file);
  } catch {
    const hint = file.startsWith(DIST_DIR) ? ' (run `npm run build` first)' : '';
    return sendPlain(res, 404, `Not Found${hint}`, csp);
  }
  send(res, 200, body, CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extname(file))], csp, req.method === 'HEAD');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Buffer} body
 * @param {string} contentType
 * @param {string} csp
 * @param {boolean} [headOnly] a HEAD request: headers only
 * @param {Record<string, string>} [extra]
 */
function send(res, status, body, contentType, csp, headOnly = false, extra = {}) {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': body.length,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(headOnly ? undefined : body);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string} csp
 * @param {Record<string, string>} [extra]
 */
function sendPlain(res, status, text, csp, extra) {
  send(res, status, Buffer.from(`${text}\n`), CONTENT_TYPES['.txt'], csp, false, extra);
}

/**
 * @param {import('node:http').Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<import('node:net').AddressInfo>}
 */
function listen(server, port, host) {
  return new Promise((done, fail) => {
    const onError = (/** @type {Error} */ error) => {
      server.off('listening', onListening);
      fail(error);
    };
    const onListening = () => {
      server.off('error', onError);
      done(/** @type {import('node:net').AddressInfo} */ (server.address()));
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Runs `attempt` on the preferred port, then on the next few, then on any free port (0).
 * Only "address in use" moves on; any other error is thrown.
 * @template T
 * @param {number} preferred 0 goes straight to any free port
 * @param {(port: number) => Promise<T>} attempt
 * @returns {Promise<T>}
 */
async function onFreePort(preferred, attempt) {
  const candidates = preferred === 0 ? [0] : [...Array.from({ length: PORT_TRIES }, (_, i) => preferred + i), 0];
  for (const candidate of candidates) {
    try {
      return await attempt(candidate);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if ((code !== 'EADDRINUSE' && code !== 'EACCES') || candidate === 0) throw error;
    }
  }
  throw new Error('unreachable');
}

async function main() {
  try {
    await stat(join(DIST_DIR, 'greenapi-qr.iife.js'));
  } catch {
    console.error('dist/greenapi-qr.iife.js is missing: run `npm run build` first (or use `npm start`).');
    process.exit(1);
  }
  const demo = await startDemo({ quiet: process.env.DEMO_LOG_REQUESTS !== '1' });
  console.log(`Demo: ${demo.url}  (GREEN-API emulator at ${demo.emulatorUrl}, instance ${DEMO_INSTANCE.idInstance}, token ${DEMO_INSTANCE.apiTokenInstance})
Open the demo URL in a browser. Press Ctrl+C to stop.`);

  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping the demo…`);
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
