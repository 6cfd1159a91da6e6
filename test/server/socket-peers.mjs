// The peers of the socket relay in its tests: a fake GREEN-API scanqrcode endpoint that counts
// every socket the relay asks for, a browser's socket, raw upgrade requests, and the relay in this
// process behind a plain node:http server.
import { createServer } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../emulator/helpers.mjs';
import { listenOnLoopback } from '../e2e/helpers.mjs';
import { SIGNED_IN } from './relay-process.mjs';
import { createSocketRelay } from '../../src/server/index.js';

/** A valid handshake's headers but Host and Cookie (RFC 6455's sample key). */
export const HANDSHAKE = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' };

/** @param {string} id */
export const qrFrame = (id, n = 1) => JSON.stringify({ type: 'qrCode', message: `qr-${id}-${n}` });

/**
 * GREEN-API's scanqrcode endpoint as a test needs it: it records every socket the relay asks for
 * (refused ones too), runs `scripts[id]` on each accepted one (default: one qrCode frame) and
 * answers 503 for the ids in `refusing` once their promise settles.
 */
export async function fakeUpstream() {
  const sockets = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => res.writeHead(404).end());
  /** @type {{ id: string, token: string, at: number, socket?: WebSocket, received: string[], closed?: Promise<number> }[]} */
  const asked = [];
  /** @type {Map<string, (socket: WebSocket) => void>} */
  const scripts = new Map();
  /** @type {Map<string, Promise<unknown>>} */
  const refusing = new Map();
  server.on('upgrade', (req, socket, head) => {
    const [, id = '', token = ''] = /^\/waInstance(\d+)\/scanqrcode\/([^/]+)$/.exec(req.url ?? '') ?? [];
    const entry = { id, token, at: Date.now(), received: /** @type {string[]} */ ([]) };
    asked.push(entry);
    const refusal = refusing.get(id);
    if (refusal) return void refusal.then(() => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'));
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.on('message', (data) => entry.received.push(data.toString()));
      Object.assign(entry, { socket: ws, closed: new Promise((resolve) => ws.once('close', resolve)) });
      (scripts.get(id) ?? ((/** @type {WebSocket} */ ws) => ws.send(qrFrame(id))))(ws);
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    scripts,
    refusing,
    /** @param {string} id */
    asked: (id) => asked.filter((entry) => entry.id === id),
    /** The latest accepted socket of `id`, once there is one. @param {string} id */
    opened: (id) => waitFor(async () => asked.findLast((entry) => entry.id === id && entry.socket)),
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      await close();
    },
  };
}

/**
 * A browser's socket to the relay at `base` (http://host:port): its frames, how it opened (101 or
 * the refusal's status; 0 for a dropped connection) and how it closed.
 * @param {string} base
 * @param {string} id
 * @param {Record<string, string>} [headers]
 */
export function openBrowser(base, id, headers = SIGNED_IN) {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/whatsapp/waInstance${id}/scanqrcode`, { headers });
  /** @type {{ text: string, data: Buffer, isBinary: boolean }[]} */
  const frames = [];
  socket.on('message', (data, isBinary) => frames.push({ text: data.toString(), data: /** @type {Buffer} */ (data), isBinary }));
  socket.on('error', () => {});
  /** @type {Promise<{ code: number, reason: Buffer }>} */
  const closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason })));
  /** @type {Promise<number>} */
  const opened = new Promise((resolve) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    closed.then(() => resolve(0));
  });
  return { socket, frames, closed, opened };
}

/**
 * An upgrade request as bytes: `headers` with undefined values left out.
 * @param {string} base
 * @param {{ method?: string, target: string, headers?: Record<string, string | undefined> }} request
 */
export function upgradeRequest(base, { method = 'GET', target, headers = {} }) {
  const all = { Host: new URL(base).host, ...HANDSHAKE, ...SIGNED_IN, ...headers };
  const lines = Object.entries(all).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]));
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** A token of GREEN-API's shape (50 hex characters) for instance `id`. @param {string} id */
export const tokenFor = (id) => `${id}`.padEnd(10, '0') + 'c0ffee'.repeat(7) + 'ab';

/**
 * The relay in this process behind a plain node:http server, so a test can watch resolveInstance and onError.
 * @param {Parameters<typeof createSocketRelay>[0]} options
 */
export async function relayInProcess(options) {
  const sockets = await createSocketRelay(options);
  const server = createServer((_req, res) => res.writeHead(404).end());
  /** @type {import('node:stream').Duplex[]} */
  const upgrades = [];
  server.on('upgrade', (req, socket, head) => {
    upgrades.push(socket);
    if (!sockets.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    upgrades,
    sockets,
    async close() {
      sockets.close();
      await close();
    },
  };
}
