#!/usr/bin/env node
// Runs the GREEN-API emulator in the foreground:
//   greenapi-qr-emulator [--port 7300] [--host 127.0.0.1] [--qr-rotate-ms 20000]
//                              [--logout-process-ms 1500] [--scan-timeout-ms 100000] [--quiet] …
// (`--help` lists every option.)
// Prints the base URL and the demo instance's credentials, logs requests (tokens redacted),
// and shuts down cleanly on Ctrl+C / SIGTERM.

import { parseArgs } from 'node:util';
import { DEMO_INSTANCE } from './demo-instance.js';
import { loadServer } from './load-server.js';

const USAGE = `Usage: greenapi-qr-emulator [options]   (in this repository: npm run emulator -- [options])
  --port <n>                port to listen on (default 7300; 0 = any free port)
  --host <addr>             address to bind (default 127.0.0.1)
  --qr-rotate-ms <n>        QR code lifetime in ms (default 20000, like the real API)
  --logout-process-ms <n>   how long logout cleanup lasts in ms (default 1500)
  --scan-timeout-ms <n>     scanqrcode scan timeout in ms (default 100000, like the real API)
  --ws-timeout-type <name>  timeoutExpired (default) or timeout: type of the scan-timeout frame
  --pairing-code-ttl-ms <n> getAuthorizationCode code lifetime in ms (default 150000)
  --starting-after-abuse-ms <n>  how long pairing-code abuse keeps an instance starting (default 10000)
  --quiet                   do not log requests
  --help                    show this text`;

/**
 * @param {string | undefined} value
 * @param {string} name
 * @param {number} fallback
 */
function toNumber(value, name, fallback) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    console.error(`--${name} must be a non-negative number, got "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return number;
}

async function main() {
  /** @type {ReturnType<typeof parseArgs>['values']} */
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'qr-rotate-ms': { type: 'string' },
        'logout-process-ms': { type: 'string' },
        'scan-timeout-ms': { type: 'string' },
        'ws-timeout-type': { type: 'string' },
        'pairing-code-ttl-ms': { type: 'string' },
        'starting-after-abuse-ms': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${/** @type {Error} */ (error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const wsTimeoutType = /** @type {string | undefined} */ (values['ws-timeout-type']) ?? 'timeoutExpired';
  if (wsTimeoutType !== 'timeout' && wsTimeoutType !== 'timeoutExpired') {
    console.error(`--ws-timeout-type must be timeout or timeoutExpired, got "${wsTimeoutType}"\n\n${USAGE}`);
    process.exit(2);
  }
  /**
   * @param {string} name
   * @param {number} fallback
   */
  const option = (name, fallback) => toNumber(/** @type {string | undefined} */ (values[name]), name, fallback);

  const { startEmulator } = await loadServer();
  const emulator = await startEmulator({
    port: option('port', 7300),
    host: /** @type {string | undefined} */ (values.host) ?? '127.0.0.1',
    qrRotateMs: option('qr-rotate-ms', 20000),
    logoutProcessMs: option('logout-process-ms', 1500),
    scanTimeoutMs: option('scan-timeout-ms', 100000),
    wsTimeoutType,
    pairingCodeTtlMs: option('pairing-code-ttl-ms', 150000),
    startingAfterAbuseMs: option('starting-after-abuse-ms', 10000),
    quiet: Boolean(values.quiet),
  });

  // The demo token is printed on purpose: it is a fixed, public, emulator-only credential.
  console.log(`GREEN-API emulator listening on ${emulator.url}
  apiUrl            ${emulator.url}
  idInstance        ${DEMO_INSTANCE.idInstance}
  apiTokenInstance  ${DEMO_INSTANCE.apiTokenInstance}
  control API       ${emulator.url}/_emulator/instances/${DEMO_INSTANCE.idInstance}
  scanqrcode        ${emulator.url.replace(/^http/, 'ws')}/waInstance${DEMO_INSTANCE.idInstance}/scanqrcode/${DEMO_INSTANCE.apiTokenInstance}
  simulate a scan   curl -X POST ${emulator.url}/_emulator/instances/${DEMO_INSTANCE.idInstance}/scan
Press Ctrl+C to stop.`);

  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping emulator…`);
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
