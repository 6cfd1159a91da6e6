import { EmulatorControl } from './control-client.js';
import { loadServer } from './load-server.js';

export { DEMO_INSTANCE } from './demo-instance.js';
export * from './control-client.js';

/** How the emulator behaves; every time can be shortened so that tests need not wait GREEN-API's real minutes. */
export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How long each QR code lives (GREEN-API: 20 s). */
  qrRotateMs?: number;
  /** How long getWaSettings reports `logoutProcess` after a logout (default 1,500 ms). */
  logoutProcessMs?: number;
  /** How long a scanqrcode socket waits for a scan (GREEN-API: 100 s). */
  scanTimeoutMs?: number;
  /** `type` of the scan-timeout frame; GREEN-API's pages name both. */
  wsTimeoutType?: 'timeout' | 'timeoutExpired';
  /** How long a socket may stay open after its final frame (default 5 s). */
  closeGraceMs?: number;
  /** How long a pairing code is valid (GREEN-API: about 2.5 minutes). */
  pairingCodeTtlMs?: number;
  /** How long pairing-code abuse keeps an instance `starting` (default 10 s). */
  startingAfterAbuseMs?: number;
  /** Default true; false logs one line per request (tokens redacted). */
  quiet?: boolean;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:7300`, no trailing slash: the element's `api-url`. */
  url: string;
  port: number;
  /** The control API: instances, scans, states, faults. */
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
