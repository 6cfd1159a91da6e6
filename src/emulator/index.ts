import { EmulatorControl } from './control-client.js';
import type { EmulatorOptions } from './emulator-options.js';
import { loadServer } from './load-server.js';

export { DEMO_INSTANCE } from './demo-instance.js';
export * from './control-client.js';
export type { EmulatorOptions } from './emulator-options.js';

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:7300`, no trailing slash: the element's `api-url`. */
  url: string;
  port: number;
  /** The control API: instances, scans, states, creation, faults. */
  control: EmulatorControl;
  /** Stops listening and closes every connection and socket. */
  close(): Promise<void>;
}

/**
 * Starts a local GREEN-API emulator: the real API's paths, answers, rate limits, CORS and
 * scanqrcode socket, with a seeded demo instance (DEMO_INSTANCE) and a control API for tests.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { startEmulator: start } = await loadServer();
  const running = await start(options);
  return { url: running.url, port: running.port, close: running.close, control: new EmulatorControl(running.url) };
}
