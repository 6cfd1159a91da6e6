// The knobs and shapes of an emulated instance: emulator-wide options (from startEmulator), the
// per-instance switches a test flips through `POST /_emulator/instances/{id}/state`, and what
// the instance model takes and gives (instances.ts).

import type { InstanceState, ScanTimeoutType } from '../protocol/index.js';

/** The emulator-wide options every instance reads (see EmulatorOptions for their meaning). */
export interface InstanceOptions {
  qrRotateMs: number;
  logoutProcessMs: number;
  /** How long a scanqrcode socket waits for a scan. */
  scanTimeoutMs: number;
  /** How long a socket may stay open after its final frame. */
  closeGraceMs: number;
  /** Default `type` of the scan-timeout frame. */
  wsTimeoutType: ScanTimeoutType;
  pairingCodeTtlMs: number;
  startingAfterAbuseMs: number;
}

/** Behaviour switches set through `POST /_emulator/instances/{id}/state`. */
export interface Switches {
  /** Which documented name the scan-timeout frame uses. */
  wsTimeoutType: ScanTimeoutType;
  /** scanqrcode upgrades fail with 503, so clients must poll. */
  wsRefuse: boolean;
  /** Code-request abuse puts the instance into `starting`. */
  strictPairing: boolean;
  /** getAuthorizationCode answers `{status: false}`. */
  pairingFails: boolean;
  /**
   * GREEN-API's per-method limits (429) are enforced; tests that drive a fake clock switch them
   * off, since the emulator counts real time.
   */
  rateLimits: boolean;
  /** A scan or a right pairing code meets WhatsApp's passkey gate instead of linking. */
  passkeyRequired: boolean;
}

/** The switches that are booleans, as the control API names them. */
export const BOOLEAN_SWITCHES = ['wsRefuse', 'strictPairing', 'pairingFails', 'rateLimits', 'passkeyRequired'] as const satisfies readonly (keyof Switches)[];

/** Switches of a fresh or reset instance. */
export function defaultSwitches(options: InstanceOptions): Switches {
  // strictPairing on: the real service's known pairing-code problems (green-api/issues#460, #518)
  // are what a client must survive, so they are the default.
  return { wsTimeoutType: options.wsTimeoutType, wsRefuse: false, strictPairing: true, pairingFails: false, rateLimits: true, passkeyRequired: false };
}

/** What a scan or a right pairing code led to. */
export type LinkOutcome = 'linked' | 'passkeyRequired';

/** What getAuthorizationCode gives, before it becomes an HTTP answer. */
export type PairingCodeOutcome = { outcome: 'code'; code: string } | { outcome: 'refused' | 'starting' };

/** How long each step of the creation sequence (`null`, then `starting`) lasts. */
export interface CreationTiming {
  creatingMs: number;
  startingMs: number;
}

/** What the control API may change at once (POST /state). */
export type InstanceChange = { stateInstance?: InstanceState; needsLogout?: boolean; logoutProcess?: false } & Partial<Switches>;
