// src/server.ts: Angular's Express server (ng new --ssr) with the relay for <greenapi-qr proxy-url="/api/whatsapp">.
import { join } from 'node:path';
import { AngularNodeAppEngine, createNodeRequestHandler, isMainModule, writeResponseToNodeResponse } from '@angular/ssr/node';
import express from 'express';
import { createQrProxy, createSocketRelay, toNodeListener } from 'greenapi-qr/server';
import { signedInUser } from './auth.js'; // yours: who sent this request (from its session cookie)
import { findInstance } from './instances.js'; // yours: { apiUrl, apiTokenInstance } of an instance this user may link

// The one place the token is looked up, for every request and every socket.
async function resolveInstance(request: Request, idInstance: string) {
  const user = await signedInUser(request);
  return user ? findInstance(user, idInstance) : null;
}

// The relay calls GREEN-API's own hosts only; the emulator (npm run emulator) must be named.
const emulatorUrl = process.env['GREENAPI_EMULATOR_URL'];
const upstreamOrigins = emulatorUrl ? [emulatorUrl] : [];

const app = express();
const angularApp = new AngularNodeAppEngine();

// The relay before Angular's own handlers, so that Angular never renders a page for its route.
app.use('/api/whatsapp', toNodeListener(createQrProxy({ resolveInstance, upstreamOrigins })));

app.use(express.static(join(import.meta.dirname, '../browser'), { maxAge: '1y', index: false, redirect: false }));
app.use((req, res, next) => {
  angularApp
    .handle(req)
    .then((response) => (response ? writeResponseToNodeResponse(response, res) : next()))
    .catch(next);
});

if (isMainModule(import.meta.url) || process.env['pm_id']) {
  const server = app.listen(Number(process.env['PORT'] ?? 4000), (error) => {
    if (error) throw error;
  });
  // transport="websocket" (optional): the scanqrcode socket through the same route.
  const socketRelay = await createSocketRelay({ resolveInstance, upstreamOrigins });
  server.on('upgrade', (req, socket, head) => socketRelay.handleUpgrade(req, socket, head) || socket.destroy());
}

// Angular's CLI serves the app through this in `ng serve` and at build time.
export const reqHandler = createNodeRequestHandler(app);
