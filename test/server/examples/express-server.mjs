// server.mjs: an Express app whose pages link WhatsApp with <greenapi-qr proxy-url="/api/whatsapp">.
import { createServer } from 'node:http';
import express from 'express';
import { createQrProxy, createSocketRelay, toNodeListener } from 'greenapi-qr/server';
import { signedInUser } from './auth.js'; // yours: who sent this request (from its session cookie)
import { findInstance } from './instances.js'; // yours: { apiUrl, apiTokenInstance } of an instance this user may link

// The one place the token is looked up, for every request and every socket.
async function resolveInstance(request, idInstance) {
  const user = await signedInUser(request);
  return user ? findInstance(user, idInstance) : null;
}

// The relay calls GREEN-API's own hosts only; the emulator (npm run emulator) must be named.
const upstreamOrigins = process.env.GREENAPI_EMULATOR_URL ? [process.env.GREENAPI_EMULATOR_URL] : [];

const app = express();
app.use('/api/whatsapp', toNodeListener(createQrProxy({ resolveInstance, upstreamOrigins })));
app.use(express.static('public')); // your pages

// transport="websocket" (optional): the scanqrcode socket through the same route.
const server = createServer(app);
const socketRelay = await createSocketRelay({ resolveInstance, upstreamOrigins });
server.on('upgrade', (req, socket, head) => socketRelay.handleUpgrade(req, socket, head) || socket.destroy());

server.listen(Number(process.env.PORT ?? 3000));
