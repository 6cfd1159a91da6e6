// server.mjs: a Hono app on Node whose pages link WhatsApp with <greenapi-qr proxy-url="/api/whatsapp">.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createQrProxy } from 'greenapi-qr/server';
import { signedInUser } from './auth.js'; // yours: who sent this request (from its session cookie)
import { findInstance } from './instances.js'; // yours: { apiUrl, apiTokenInstance } of an instance this user may link

const relay = createQrProxy({
  async resolveInstance(request, idInstance) {
    const user = await signedInUser(request);
    return user ? findInstance(user, idInstance) : null;
  },
  // The relay calls GREEN-API's own hosts only; the emulator (npm run emulator) must be named.
  upstreamOrigins: process.env.GREENAPI_EMULATOR_URL ? [process.env.GREENAPI_EMULATOR_URL] : [],
});

const app = new Hono();
app.all('/api/whatsapp/*', (c) => relay(c.req.raw)); // the same handler on Deno, Bun and Workers

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
