// The emulator on a thread of its own, for the crowd: so that its one event loop serves the
// crowd's requests without sharing it with Playwright's client, and so that how busy it was can
// be read apart (the worker's event-loop utilization). Run as a worker; startEmulatorThread() is
// the caller's side.

import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { EmulatorControl, startEmulator } from '../../dist/emulator/index.js';

if (!isMainThread && parentPort) {
  const port = parentPort;
  const emulator = await startEmulator({ port: 0 });
  port.on('message', async () => {
    await emulator.close();
    port.close();
  });
  port.postMessage(emulator.url);
}

/**
 * Starts the emulator in a worker thread.
 * @returns {Promise<{ url: string, control: EmulatorControl, busy: (since?: import('node:perf_hooks').EventLoopUtilization) => import('node:perf_hooks').EventLoopUtilization, close: () => Promise<void> }>}
 */
export async function startEmulatorThread() {
  const worker = new Worker(new URL(import.meta.url));
  /** @type {string} */
  const url = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url,
    control: new EmulatorControl(url),
    busy: (since) => worker.performance.eventLoopUtilization(since),
    close: async () => {
      worker.postMessage('close');
      await new Promise((done) => worker.once('exit', done));
    },
  };
}
