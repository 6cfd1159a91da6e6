// The relay (greenapi-qr/server) as the element suite meets it: mounted on the test page's own
// origin, in front of the emulator, so that `proxy-url="/test-relay/api"` works as it would on a
// real site. A signed-in user is one with the cookie `relay-user=alice` or the header
// `Authorization: Bearer alice`; tests say which instances alice may link through
// `POST /test-relay/allow` (the harness knows the token, the element under test never does).
import { createQrProxy, createSocketRelay, toNodeListener } from '../src/server/index.js';

export const RELAY_ROUTE = '/test-relay/api';
const ALLOW_ROUTE = '/test-relay/allow';

/**
 * The HTTP routes as middleware, and a plugin that relays the scanqrcode socket on the same server.
 * @param {string} emulatorUrl
 */
export function relayUnderTest(emulatorUrl) {
  /** @type {Map<string, string>} id → token of the instances alice may link */
  const allowed = new Map();
  const signedIn = (/** @type {Request} */ request) =>
    /(?:^|;\s*)relay-user=alice(?:;|$)/.test(request.headers.get('cookie') ?? '') || request.headers.get('authorization') === 'Bearer alice';
  /** @type {import('../src/server/relay-options.js').ResolveInstance} */
  const resolveInstance = (request, idInstance) =>
    signedIn(request) && allowed.has(idInstance) ? { apiUrl: emulatorUrl, apiTokenInstance: /** @type {string} */ (allowed.get(idInstance)) } : null;
  const options = { resolveInstance, basePath: RELAY_ROUTE, upstreamOrigins: [emulatorUrl] };
  const relay = toNodeListener(createQrProxy(options));
  const sockets = createSocketRelay(options);

  /** @type {import('@web/dev-server-core').Plugin} */
  const plugin = {
    name: 'greenapi-qr-relay-under-test',
    async serverStart({ server }) {
      const relaySockets = await sockets;
      // The dev server answers upgrades of its own path only and leaves the others to listeners like this one.
      server?.on('upgrade', (req, socket, head) => relaySockets.handleUpgrade(req, socket, head));
    },
    async serverStop() {
      (await sockets).close();
    },
  };

  /** @type {import('@web/dev-server-core').Middleware} */
  async function middleware(context, next) {
    if (context.path.startsWith(`${RELAY_ROUTE}/`)) {
      context.respond = false;
      await relay(context.req, context.res);
      return;
    }
    if (context.path === ALLOW_ROUTE && context.method === 'POST') {
      const chunks = [];
      for await (const chunk of context.req) chunks.push(chunk);
      const { idInstance, apiTokenInstance } = JSON.parse(Buffer.concat(chunks).toString());
      allowed.set(String(idInstance), String(apiTokenInstance));
      context.status = 204;
      return;
    }
    await next();
  }

  return { middleware, plugin };
}
