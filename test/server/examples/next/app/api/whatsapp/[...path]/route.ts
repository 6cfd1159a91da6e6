// app/api/whatsapp/[...path]/route.ts: a Next.js route for <greenapi-qr proxy-url="/api/whatsapp">.
import { createQrProxy } from 'greenapi-qr/server';
import { signedInUser } from '@/lib/auth'; // yours: who sent this request (from its session cookie)
import { findInstance } from '@/lib/instances'; // yours: { apiUrl, apiTokenInstance } of an instance this user may link

const relay = createQrProxy({
  async resolveInstance(request, idInstance) {
    const user = await signedInUser(request);
    return user ? findInstance(user, idInstance) : null;
  },
  basePath: '/api/whatsapp', // where this file sits under app/: the relay answers nothing else
  // The relay calls GREEN-API's own hosts only; the emulator (npm run emulator) must be named.
  upstreamOrigins: process.env.GREENAPI_EMULATOR_URL ? [process.env.GREENAPI_EMULATOR_URL] : [],
});

// Route handlers cannot take a WebSocket upgrade: with transport="websocket" the element polls here instead.
export { relay as GET, relay as POST };
export const dynamic = 'force-dynamic';
