// Shared helpers for the emulator tests: start/stop an emulator per test file and talk to
// both of its APIs with fetch.

import { after, before } from 'node:test';
import { PNG } from 'pngjs';
import { WebSocket } from 'ws';
import jsQRModule from 'jsqr';
import { DEMO_INSTANCE, startEmulator } from '../../src/emulator/server.js';

export { DEMO_INSTANCE };

/** @typedef {{ idInstance: string, apiTokenInstance: string }} Credentials */

// jsqr is CommonJS whose module.exports is the function and also carries it as `.default`;
// `.default` is the spelling both Node and the type checker agree on.
const jsQR = jsQRModule.default;

/**
 * Starts one emulator for the enclosing test file (or describe block) and closes it afterwards.
 * @param {Parameters<typeof startEmulator>[0]} [options]
 * @returns {{ readonly url: string, emulator: () => Awaited<ReturnType<typeof startEmulator>> }}
 */
export function useEmulator(options = {}) {
  /** @type {Awaited<ReturnType<typeof startEmulator>> | undefined} */
  let running;
  before(async () => {
    running = await startEmulator(options);
  });
  after(async () => {
    await running?.close();
  });
  return {
    get url() {
      if (!running) throw new Error('emulator not started yet');
      return running.url;
    },
    emulator: () => {
      if (!running) throw new Error('emulator not started yet');
      return running;
    },
  };
}

/**
 * Calls a GREEN-API method and returns the parsed answer.
 * @param {string} url emulator base URL
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 * @param {string} method
 * @param {RequestInit} [init]
 */
export async function callApi(url, instance, method, init) {
  const res = await fetch(`${url}/waInstance${instance.idInstance}/${method}/${instance.apiTokenInstance}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseOrUndefined(text) };
}

/**
 * Calls the control API.
 * @param {string} url
 * @param {string} path below /_emulator, e.g. '/instances'
 * @param {{ method?: string, body?: unknown, rawBody?: string }} [options]
 */
export async function control(url, path, { method, body, rawBody } = {}) {
  const hasBody = body !== undefined || rawBody !== undefined;
  const res = await fetch(`${url}/_emulator${path}`, {
    method: method ?? (hasBody ? 'POST' : 'GET'),
    headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: parseOrUndefined(text) };
}

/**
 * Creates a fresh instance through the control API: a clean rate-limit window per test.
 * @param {string} url
 * @param {{ idInstance?: string, apiTokenInstance?: string, stateInstance?: string | null, rateLimits?: boolean }} [input]
 * @returns {Promise<{ idInstance: string, apiTokenInstance: string }>}
 */
export async function createInstance(url, input = {}) {
  const res = await control(url, '/instances', { body: input });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * Decodes a base64 PNG and reads the QR code in it.
 * @param {string} base64
 * @returns {{ width: number, height: number, data: Buffer, text: string | null }}
 */
export function decodeQrPng(base64) {
  const image = PNG.sync.read(Buffer.from(base64, 'base64'));
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  return { width: image.width, height: image.height, data: image.data, text: code ? code.data : null };
}

/**
 * Polls `check` until it returns a truthy value or the time runs out.
 * @template T
 * @param {() => Promise<T>} check
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
export async function waitFor(check, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** @param {string} text */
function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Runs `body` against a fresh emulator and always closes it: for tests that need their own options.
 * @param {Parameters<typeof startEmulator>[0]} options
 * @param {(emulator: Awaited<ReturnType<typeof startEmulator>>) => Promise<void>} body
 */
export async function withEmulator(options, body) {
  const emulator = await startEmulator(options);
  try {
    await body(emulator);
  } finally {
    await emulator.close();
  }
}

/**
 * Opens a scanqrcode socket and records everything that happens on it.
 * @param {string} url emulator base URL
 * @param {Credentials} instance
 * @param {string} [method] path segment, to try other spellings
 */
export function connectSocket(url, instance, method = 'scanqrcode') {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/waInstance${instance.idInstance}/${method}/${instance.apiTokenInstance}`);
  /** @type {string[]} */
  const frames = [];
  ws.on('message', (data) => frames.push(String(data)));
  ws.on('error', () => {}); // refused upgrades and drops are expected here; `opened`/`closed` report them
  /** @type {Promise<{ status: number, body: string, headers: import('node:http').IncomingHttpHeaders }>} */
  const opened = new Promise((resolve) => {
    ws.once('open', () => resolve({ status: 101, body: '', headers: {} }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        ws.terminate();
      });
    });
  });
  /** @type {Promise<{ code: number, reason: string }>} */
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return {
    ws,
    frames,
    opened,
    closed,
    /**
     * The n-th frame (0-based), parsed, once it has arrived.
     * @param {number} n
     * @param {number} [timeoutMs]
     */
    async frame(n, timeoutMs = 2000) {
      await waitFor(async () => frames.length > n, timeoutMs);
      return JSON.parse(frames[n]);
    },
  };
}
