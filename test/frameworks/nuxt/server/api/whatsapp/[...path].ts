// server/api/whatsapp/[...path].ts: a Nuxt (Nitro) route for <greenapi-qr proxy-url="/api/whatsapp">.
import { createQrProxy } from 'greenapi-qr/server';
import { signedInUser } from '../../lib/auth'; // yours: who sent this request (from its session cookie)
import { findInstance } from '../../lib/instances'; // yours: { apiUrl, apiTokenInstance } of an instance this user may link

const relay = createQrProxy({
  async resolveInstance(request, idInstance) {
    const user = await signedInUser(request);
    return user ? findInstance(user, idInstance) : null;
  },
  // The relay calls GREEN-API's own hosts only; the emulator (npm run emulator) must be named.
  upstreamOrigins: process.env.GREENAPI_EMULATOR_URL ? [process.env.GREENAPI_EMULATOR_URL] : [],
});

// toWebRequest gives the relay a standard Request. No socket relay here: with transport="websocket" the element polls.
export default defineEventHandler((event) => relay(toWebRequest(event)));
