// Not a test: the figures the README and the issue ask for, measured on this machine.
//   node --import tsx --expose-gc test/server/measure-redis-store.mjs
// - the time a request spends in the relay when its answer is already there: in this process's
//   memory (MemoryStore) vs in Redis, put there by another process (createRedisStore); in the
//   handler, and over HTTP on loopback;
// - the memory the relay keeps for 1,000 instances while their answers are fresh, and once expired.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createInstance } from '../emulator/helpers.mjs';
import { createQrProxy, createRedisStore, toNodeListener } from '../../src/server/index.js';
import { startRedisServer } from './redis-server.mjs';

const INSTANCES = 1000;
/** Heap in use after full collections a tick apart: undici frees some memory in finalizers, which run after a collection. */
async function heapUsed() {
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    await sleep(100);
  }
  return process.memoryUsage().heapUsed;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The emulator in a process of its own: its request log would otherwise count as the relay's memory.
const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
const emulator = {
  url: await new Promise((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const listening = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (listening) resolve(listening[1]);
    });
  }),
};
const redis = await startRedisServer();
/** The first INSTANCES are timed; the next INSTANCES, asked once each by a fresh relay, are weighed; the last, warm-up. */
const instances = [];
for (let i = 0; i < 3 * INSTANCES; i++) instances.push(await createInstance(emulator.url));
const tokens = Object.fromEntries(instances.map((instance) => [instance.idInstance, instance.apiTokenInstance]));

function relay(store) {
  return createQrProxy({
    resolveInstance: (_request, id) => ({ apiUrl: emulator.url, apiTokenInstance: tokens[id] }),
    upstreamOrigins: [emulator.url],
    onError: (error) => console.error(error.code, error.message),
    ...(store ? { store } : {}),
  });
}

const percentile = (samples, p) => [...samples].sort((a, b) => a - b)[Math.floor((samples.length - 1) * p)];
const ms = (value) => `${value.toFixed(3)} ms`;
const report = (label, samples) =>
  console.log(`${label}: p50 ${ms(percentile(samples, 0.5))}, p95 ${ms(percentile(samples, 0.95))} (${samples.length} requests)`);

/** `filler` asks each instance (upstream), then `measured` asks it again at once: timed, answered from what filler left. */
async function timeShared(filler, measured, send) {
  const samples = [];
  for (const { idInstance } of instances.slice(0, INSTANCES)) {
    await send(filler, idInstance);
    const start = performance.now();
    const status = await send(measured, idInstance);
    samples.push(performance.now() - start);
    if (status !== 200) throw new Error(`status ${status}`);
  }
  return samples;
}

const inHandler = async (handler, id) => (await handler(new Request(`http://relay.test/api/whatsapp/waInstance${id}/qr`))).status;

async function overHttp(handlers) {
  const servers = await Promise.all(
    handlers.map(
      (handler) =>
        new Promise((resolve) => {
          const server = createServer(toNodeListener(handler)).listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const urls = servers.map((server) => `http://127.0.0.1:${server.address().port}`);
  return {
    urls,
    send: async (url, id) => {
      const response = await fetch(`${url}/api/whatsapp/waInstance${id}/qr`);
      await response.arrayBuffer();
      return response.status;
    },
    close: () => servers.forEach((server) => server.close()),
  };
}

// Memory: a fresh process's relay asks 1,000 instances once; what it keeps while fresh and after.
async function heapFor(label, handler) {
  // Warm up on other instances first: what is loaded and compiled once is not per instance. Then
  // wait until the heap is steady (undici's keep-alive sockets close after 4 s).
  for (const { idInstance } of instances.slice(2 * INSTANCES)) await inHandler(handler, idInstance);
  await sleep(8000);
  const before = await heapUsed();
  // 100 at a time: nearly all 1,000 answers are fresh at once, the most the relay keeps for them.
  const weighed = instances.slice(INSTANCES, 2 * INSTANCES);
  for (let i = 0; i < weighed.length; i += 100) await Promise.all(weighed.slice(i, i + 100).map(({ idInstance }) => inHandler(handler, idInstance)));
  const fresh = (await heapUsed()) - before;
  await sleep(8000);
  const expired = (await heapUsed()) - before;
  console.log(
    `${label}: ${(fresh / 1024).toFixed(0)} kB just after asking ${INSTANCES} instances, ${(expired / 1024).toFixed(0)} kB once their answers expired`,
  );
}
await heapFor('heap, MemoryStore', relay());
const storeC = createRedisStore({ url: redis.url, prefix: 'memory' });
await heapFor('heap, Redis store', relay(storeC));

// Warm up both paths (JIT, connections), on other instances' answers.
const memory = relay();
const storeA = createRedisStore({ url: redis.url, prefix: 'measure' });
const storeB = createRedisStore({ url: redis.url, prefix: 'measure' });
const [sharedA, sharedB] = [relay(storeA), relay(storeB)];
await timeShared(memory, memory, inHandler);
await sleep(1100);
report('in the handler, from memory (MemoryStore)', await timeShared(memory, memory, inHandler));
await sleep(1100);
report('in the handler, from Redis (another process asked upstream)', await timeShared(sharedA, sharedB, inHandler));
await sleep(1100);
const http = await overHttp([memory, sharedA, sharedB]);
report('over HTTP on loopback, from memory', await timeShared(http.urls[0], http.urls[0], http.send));
await sleep(1100);
report('over HTTP on loopback, from Redis', await timeShared(http.urls[1], http.urls[2], http.send));
http.close();

const inspector = createClient({ url: redis.url });
await inspector.connect();
const used = async () => Number(/used_memory:(\d+)/.exec(await inspector.info('memory'))[1]);
await sleep(6000);
const baseline = await used();
const storeD = createRedisStore({ url: redis.url, prefix: 'redis-memory' });
const handlerD = relay(storeD);
for (const { idInstance } of instances.slice(0, INSTANCES)) await inHandler(handlerD, idInstance);
console.log(
  `Redis: ${(((await used()) - baseline) / 1024) | 0} kB for ${INSTANCES} instances' qr answers, ${(await inspector.keys('redis-memory:*')).length} keys`,
);
await sleep(6000);
console.log(`Redis after 6 s: ${(await inspector.keys('redis-memory:*')).length} keys left`);

inspector.destroy();
for (const store of [storeA, storeB, storeC, storeD]) store.close();
await redis.stop();
child.kill();
