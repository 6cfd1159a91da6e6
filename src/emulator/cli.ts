#!/usr/bin/env node
// Runs the GREEN-API emulator in the foreground:
//   greenapi-qr-emulator [--port 7300] [--host 127.0.0.1] [--qr-rotate-ms …] [--quiet] …
// (`--help` lists every option with its default.)
// Prints the base URL and the demo instance's credentials, logs requests (tokens redacted),
// and shuts down cleanly on Ctrl+C / SIGTERM.

import { parseArgs } from 'node:util';
import { isScanTimeoutType, methodUrl, SCAN_QR_CODE, toSocketUrl } from '../protocol/index.js';
import { DEMO_INSTANCE } from './demo-instance.js';
import { DEFAULT_OPTIONS } from './emulator-options.js';
import { loadServer } from './load-server.js';

/** The CLI's port when none is given (startEmulator's own default is any free port). */
const CLI_PORT = 7300;
const d = DEFAULT_OPTIONS;

const USAGE = `Usage: greenapi-qr-emulator [options]   (in this repository: npm run emulator -- [options])
  --port <n>                port to listen on (default ${CLI_PORT}; 0 = any free port)
  --host <addr>             address to bind (default ${d.host})
  --qr-rotate-ms <n>        QR code lifetime in ms (default ${d.qrRotateMs}, like the real API)
  --logout-process-ms <n>   how long logout cleanup lasts in ms (default ${d.logoutProcessMs})
  --scan-timeout-ms <n>     scanqrcode scan timeout in ms (default ${d.scanTimeoutMs}, like the real API)
  --ws-timeout-type <name>  timeoutExpired or timeout: type of the scan-timeout frame (default ${d.wsTimeoutType})
  --pairing-code-ttl-ms <n> getAuthorizationCode code lifetime in ms (default ${d.pairingCodeTtlMs}, like the real API)
  --starting-after-abuse-ms <n>  how long pairing-code abuse keeps an instance starting (default ${d.startingAfterAbuseMs})
  --quiet                   do not log requests
  --help                    show this text`;

type NumberOption = 'port' | 'qr-rotate-ms' | 'logout-process-ms' | 'scan-timeout-ms' | 'pairing-code-ttl-ms' | 'starting-after-abuse-ms';

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        'qr-rotate-ms': { type: 'string' },
        'logout-process-ms': { type: 'string' },
        'scan-timeout-ms': { type: 'string' },
        'pairing-code-ttl-ms': { type: 'string' },
        'starting-after-abuse-ms': { type: 'string' },
        host: { type: 'string' },
        'ws-timeout-type': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const wsTimeoutType = values['ws-timeout-type'] ?? d.wsTimeoutType;
  if (!isScanTimeoutType(wsTimeoutType)) usageError(`--ws-timeout-type must be timeout or timeoutExpired, got "${wsTimeoutType}"`);
  const option = (name: NumberOption, fallback: number): number => {
    const value = values[name];
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) {
      usageError(`--${name} must be a non-negative number, got "${value}"`);
    }
    return number;
  };

  const { startEmulator } = await loadServer();
  const emulator = await startEmulator({
    port: option('port', CLI_PORT),
    host: values.host ?? d.host,
    qrRotateMs: option('qr-rotate-ms', d.qrRotateMs),
    logoutProcessMs: option('logout-process-ms', d.logoutProcessMs),
    scanTimeoutMs: option('scan-timeout-ms', d.scanTimeoutMs),
    wsTimeoutType,
    pairingCodeTtlMs: option('pairing-code-ttl-ms', d.pairingCodeTtlMs),
    startingAfterAbuseMs: option('starting-after-abuse-ms', d.startingAfterAbuseMs),
    quiet: values.quiet === true,
  });

  const { idInstance, apiTokenInstance } = DEMO_INSTANCE;
  const socketUrl = toSocketUrl(methodUrl(emulator.url, idInstance, SCAN_QR_CODE.name, apiTokenInstance));
  // The demo token is printed on purpose: it is a fixed, public, emulator-only credential.
  console.log(`GREEN-API emulator listening on ${emulator.url}
  apiUrl            ${emulator.url}
  idInstance        ${idInstance}
  apiTokenInstance  ${apiTokenInstance}
  control API       ${emulator.url}/_emulator/instances/${idInstance}
  scanqrcode        ${socketUrl}
  simulate a scan   curl -X POST ${emulator.url}/_emulator/instances/${idInstance}/scan
Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping emulator…`);
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
