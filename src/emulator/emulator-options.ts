// How the emulator behaves: the options of startEmulator (and of the CLI), their defaults and
// their checks. GREEN-API's own times come from src/protocol; every one can be shortened so that
// tests need not wait GREEN-API's real minutes.

import {
  DEFAULT_SCAN_TIMEOUT_TYPE,
  isScanTimeoutType,
  PAIRING_CODE_LIFETIME_MS,
  QR_LIFETIME_MS,
  SCAN_SOCKET_TIMEOUT_MS,
  type ScanTimeoutType,
} from '../protocol/index.js';
import type { InstanceOptions } from './instance-config.js';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How long each QR code lives (GREEN-API: QR_LIFETIME_MS, 20 s). */
  qrRotateMs?: number;
  /** How long getWaSettings reports `logoutProcess` after a logout (default 1,500 ms). */
  logoutProcessMs?: number;
  /** How long a scanqrcode socket waits for a scan (GREEN-API: SCAN_SOCKET_TIMEOUT_MS, 100 s). */
  scanTimeoutMs?: number;
  /** `type` of the scan-timeout frame; GREEN-API's pages name both (default `timeoutExpired`, as the current EN page). */
  wsTimeoutType?: ScanTimeoutType;
  /** How long a socket may stay open after its final frame (default 5 s). */
  closeGraceMs?: number;
  /** How long a pairing code is valid (GREEN-API: PAIRING_CODE_LIFETIME_MS, about 2.5 minutes). */
  pairingCodeTtlMs?: number;
  /** How long pairing-code abuse keeps an instance `starting` (default 10 s). */
  startingAfterAbuseMs?: number;
  /** Default true; false logs one line per request (tokens redacted). */
  quiet?: boolean;
}

export type ResolvedOptions = Required<EmulatorOptions> & InstanceOptions;

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  qrRotateMs: QR_LIFETIME_MS,
  logoutProcessMs: 1500,
  scanTimeoutMs: SCAN_SOCKET_TIMEOUT_MS,
  wsTimeoutType: DEFAULT_SCAN_TIMEOUT_TYPE,
  closeGraceMs: 5000,
  pairingCodeTtlMs: PAIRING_CODE_LIFETIME_MS,
  startingAfterAbuseMs: 10_000,
  quiet: true,
});

/** The options with their defaults, checked: a RangeError names the first bad one. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const d = DEFAULT_OPTIONS;
  const resolved: ResolvedOptions = {
    port: options.port ?? d.port,
    host: options.host ?? d.host,
    qrRotateMs: options.qrRotateMs ?? d.qrRotateMs,
    logoutProcessMs: options.logoutProcessMs ?? d.logoutProcessMs,
    scanTimeoutMs: options.scanTimeoutMs ?? d.scanTimeoutMs,
    wsTimeoutType: options.wsTimeoutType ?? d.wsTimeoutType,
    closeGraceMs: options.closeGraceMs ?? d.closeGraceMs,
    pairingCodeTtlMs: options.pairingCodeTtlMs ?? d.pairingCodeTtlMs,
    startingAfterAbuseMs: options.startingAfterAbuseMs ?? d.startingAfterAbuseMs,
    quiet: options.quiet ?? d.quiet,
  };
  const { qrRotateMs, scanTimeoutMs, pairingCodeTtlMs, logoutProcessMs, closeGraceMs, startingAfterAbuseMs } = resolved;
  for (const [name, value] of Object.entries({ qrRotateMs, scanTimeoutMs, pairingCodeTtlMs })) {
    if (!(value > 0)) throw new RangeError(`${name} must be a positive number`);
  }
  for (const [name, value] of Object.entries({ logoutProcessMs, closeGraceMs, startingAfterAbuseMs })) {
    if (!(value >= 0)) throw new RangeError(`${name} must be zero or more`);
  }
  if (!isScanTimeoutType(resolved.wsTimeoutType)) throw new RangeError("wsTimeoutType must be 'timeout' or 'timeoutExpired'");
  return resolved;
}
