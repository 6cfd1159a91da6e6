// The demo's "backend": greenapi-qr/server mounted at /api/whatsapp on the demo's own origin, as a
// site would mount it, so that the page can link the demo instance with no token in it. The demo
// session stands in for the site's sign-in: the page gets an HttpOnly cookie with its config, and
// only a request with that cookie may link the demo instance.
import { randomBytes } from 'node:crypto';
import { DEMO_INSTANCE } from '../src/emulator/server.js';
import { createQrProxy, createSocketRelay, toNodeListener } from '../src/server/index.js';

export const PROXY_ROUTE = '/api/whatsapp';
const SESSION_COOKIE = 'demo-session';

/** @param {string} emulatorUrl where the demo instance lives, as the site's records would say */
export async function startDemoBackend(emulatorUrl) {
  const session = randomBytes(16).toString('hex');
  /** @type {import('../src/server/relay-options.js').ResolveInstance} */
  const resolveInstance = (request, idInstance) => {
    const cookie = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=${session}(?:;|$)`).test(request.headers.get('cookie') ?? '');
    return cookie && idInstance === DEMO_INSTANCE.idInstance ? { apiUrl: emulatorUrl, apiTokenInstance: DEMO_INSTANCE.apiTokenInstance } : null;
  };
  // The emulator is not a GREEN-API host: the relay calls it only because it is named here.
  const options = { resolveInstance, basePath: PROXY_ROUTE, upstreamOrigins: [emulatorUrl] };
  const listener = toNodeListener(createQrProxy(options));
  const sockets = await createSocketRelay(options);
  return {
    /** The page's config in this mode: the relay's route and the id, never the token. */
    config: { apiUrl: emulatorUrl, idInstance: DEMO_INSTANCE.idInstance, proxyUrl: PROXY_ROUTE },
    /** Signs the page in: the cookie the relay asks for. */
    sessionCookie: `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict`,
    /**
     * Serves the relay's routes; false for any other path.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    handle(req, res) {
      if (!(req.url ?? '').startsWith(`${PROXY_ROUTE}/`)) return false;
      void listener(req, res);
      return true;
    },
    handleUpgrade: sockets.handleUpgrade,
    close: sockets.close,
  };
}
