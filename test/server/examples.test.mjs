// The README's relay examples, as written: the Express server runs as its own process, and the
// Next.js route's GET and POST are called with Request objects (no Next.js needed). Both import
// `greenapi-qr/server` by the package's own name, so they run against the build (npm run build).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import WebSocket from 'ws';
import { createInstance, useEmulator, waitFor } from '../emulator/helpers.mjs';
import { freePort } from '../e2e/helpers.mjs';
import { rawExchange } from './relay-process.mjs';
import { askOddRequests, README_ODD_REQUESTS } from './odd-requests.mjs';

const EXAMPLES = fileURLToPath(new URL('./examples/', import.meta.url));
const SESSION = 'example-session-7d1f';
const emulator = useEmulator();

before(() => {
  assert.ok(existsSync(new URL('../../dist/server/index.js', import.meta.url)), 'the examples import greenapi-qr/server: run `npm run build` first');
});

/** The stand-ins' configuration (examples/auth.js, examples/instances.js): one instance, for the signed-in user. */
async function exampleEnv() {
  const instance = await createInstance(emulator.url);
  return {
    instance,
    env: { EXAMPLE_SESSION: SESSION, EXAMPLE_INSTANCE: JSON.stringify({ ...instance, apiUrl: emulator.url }), GREENAPI_EMULATOR_URL: emulator.url },
  };
}

/**
 * Runs an example server (`file` in examples/) as its own process for the enclosing describe block.
 * @param {string} file
 */
function useExampleServer(file) {
  const example = {
    base: '',
    instance: /** @type {{ idInstance: string, apiTokenInstance: string }} */ ({ idInstance: '', apiTokenInstance: '' }),
    child: /** @type {import('node:child_process').ChildProcess | undefined} */ (undefined),
  };
  before(async () => {
    const { instance, env } = await exampleEnv();
    const port = await freePort();
    example.instance = instance;
    example.child = spawn(process.execPath, [file], { cwd: EXAMPLES, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'inherit' });
    example.base = `127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`http://${example.base}/`).catch(() => undefined)) !== undefined, 10_000);
  });
  after(() => example.child?.kill());
  return example;
}

describe('the Hono example', () => {
  const example = useExampleServer('hono-server.mjs');

  test("serves the QR code to a signed-in user, 403 to anyone else, and odd requests as the README's table says", async () => {
    const { base, instance } = example;
    const signedIn = await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`, { headers: { Cookie: `session=${SESSION}` } });
    assert.equal(signedIn.status, 200);
    assert.equal((await signedIn.json()).type, 'qrCode');
    assert.equal((await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`)).status, 403);
    assert.deepEqual(await askOddRequests(`http://${base}`, instance.idInstance, `session=${SESSION}`), README_ODD_REQUESTS.hono);
    assert.equal(example.child?.exitCode, null, 'the Hono server is still running');
  });
});

describe('the Express example', () => {
  const example = useExampleServer('express-server.mjs');
  let base = '';
  let instance;
  /** @type {import('node:child_process').ChildProcess} */
  let child;
  before(() => {
    ({ base, instance } = example);
    child = /** @type {import('node:child_process').ChildProcess} */ (example.child);
  });

  test('serves the QR code to a signed-in user, and 403 to anyone else', async () => {
    const signedIn = await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`, { headers: { Cookie: `session=${SESSION}` } });
    assert.equal(signedIn.status, 200);
    const body = await signedIn.text();
    assert.equal(JSON.parse(body).type, 'qrCode');
    assert.ok(!body.includes(instance.apiTokenInstance));
    assert.equal((await fetch(`http://${base}/api/whatsapp/waInstance${instance.idInstance}/qr`)).status, 403);
  });

  test('relays the scanqrcode socket on the same route', async () => {
    const socket = new WebSocket(`ws://${base}/api/whatsapp/waInstance${instance.idInstance}/scanqrcode`, { headers: { Cookie: `session=${SESSION}` } });
    const frames = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await waitFor(async () => frames.length > 0, 5000);
    assert.equal(frames[0].type, 'qrCode');
    socket.close();
  });

  test("answers odd requests as the README's table says, survives hostile upgrades, and serves the next request", async () => {
    const path = (method) => `/api/whatsapp/waInstance${instance.idInstance}/${method}`;
    assert.deepEqual(await askOddRequests(`http://${base}`, instance.idInstance, `session=${SESSION}`), README_ODD_REQUESTS.express);
    const upgrade = 'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n';
    const scan = path('scanqrcode');
    for (const raw of [
      `GET http://%zz${scan} HTTP/1.1\r\nHost: ${base}\r\nConnection: Upgrade\r\n${upgrade}Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      `GET http://[x${scan} HTTP/1.1\r\nHost: ${base}\r\nConnection: Upgrade\r\n${upgrade}\r\n`,
      `GET ${scan} HTTP/1.1\r\nHost: ${base}\r\nCookie: session=${SESSION}\r\nConnection: Upgrade\r\n${upgrade}\r\n`,
    ]) {
      assert.equal((await rawExchange(`http://${base}`, raw)).hung, false, raw);
    }
    assert.equal(child.exitCode, null, 'the Express server is still running');
    assert.equal((await fetch(`http://${base}${path('qr')}`, { headers: { Cookie: `session=${SESSION}` } })).status, 200);
  });
});

describe('the Next.js route handler', () => {
  /** @type {{ GET: (request: Request) => Promise<Response>, POST: (request: Request) => Promise<Response>, dynamic: string }} */
  let route;
  let instance;
  before(async () => {
    const example = await exampleEnv();
    instance = example.instance;
    Object.assign(process.env, example.env);
    // Inside the package, so that `greenapi-qr/server` resolves to the build as it would from node_modules.
    const outdir = fileURLToPath(new URL('./.build/', import.meta.url));
    mkdirSync(outdir, { recursive: true });
    const outfile = `${outdir}route.mjs`;
    await build({
      entryPoints: [`${EXAMPLES}next/app/api/whatsapp/[...path]/route.ts`],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      external: ['greenapi-qr/server'],
      alias: { '@/lib/auth': `${EXAMPLES}auth.js`, '@/lib/instances': `${EXAMPLES}instances.js` },
      logLevel: 'error',
    });
    route = await import(pathToFileURL(outfile).href);
  });

  test('GET answers the QR code for the signed-in user and 403 for anyone else', async () => {
    const url = `http://localhost:3000/api/whatsapp/waInstance${instance.idInstance}/qr`;
    const signedIn = await route.GET(new Request(url, { headers: { Cookie: `session=${SESSION}` } }));
    assert.equal(signedIn.status, 200);
    assert.equal((await signedIn.json()).type, 'qrCode');
    assert.equal((await route.GET(new Request(url))).status, 403);
    assert.equal(route.dynamic, 'force-dynamic');
  });

  test('POST asks getAuthorizationCode for the number', async () => {
    const answer = await route.POST(
      new Request(`http://localhost:3000/api/whatsapp/waInstance${instance.idInstance}/getAuthorizationCode`, {
        method: 'POST',
        headers: { Cookie: `session=${SESSION}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumber: 79001234567 }),
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal((await answer.json()).status, true);
  });
});
