// The relay under test, in front of a real emulator (or of a recording upstream for what the
// emulator cannot show: the exact URL and headers that arrive, slow or huge answers, redirects).
import { createServer } from 'node:http';
import { createQrProxy } from '../../src/server/index.js';
import { listenOnLoopback } from '../e2e/helpers.mjs';

export const ROUTE = 'http://app.test/api/whatsapp';

/**
 * A relay whose resolveInstance lets every request link any instance in `tokens` (id → token) at
 * `apiUrl` (an allowed upstream), recording each call and what the integrator would hear (onError).
 * @param {string} apiUrl
 * @param {Record<string, string>} tokens
 * @param {Partial<Parameters<typeof createQrProxy>[0]>} [options]
 */
export function relayFor(apiUrl, tokens, options = {}) {
  /** @type {{ request: Request, idInstance: string }[]} */
  const resolved = [];
  /** @type {import('../../src/server/relay-options.js').RelayError[]} */
  const errors = [];
  const handler = createQrProxy({
    resolveInstance: (request, idInstance) => {
      resolved.push({ request, idInstance });
      return idInstance in tokens ? { apiUrl, apiTokenInstance: tokens[idInstance] } : null;
    },
    upstreamOrigins: [new URL(apiUrl).origin],
    onError: (error) => errors.push(error),
    ...options,
  });
  return { handler, resolved, errors };
}

/**
 * `GET {ROUTE}/waInstance{id}/{method}` (or any path below ROUTE) through `handler`.
 * @param {(request: Request) => Promise<Response>} handler
 * @param {string} path below ROUTE, e.g. `/waInstance1101/qr`
 * @param {RequestInit} [init]
 */
export async function call(handler, path, init) {
  const response = await handler(new Request(`${ROUTE}${path}`, init));
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * An HTTP server that records every request and answers with `respond`.
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} respond
 */
export async function recordingUpstream(respond) {
  /** @type {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: string }[]} */
  const seen = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      respond(req, res);
    });
  });
  return { ...(await listenOnLoopback(server)), seen };
}
