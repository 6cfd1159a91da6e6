/**
 * A typed client for the emulator's control API (`/_emulator/…`): what a test does to play the
 * phone (scan, enter a code), the operator (states, switches, an instance's creation) and a bad
 * network (faults). It only uses `fetch`, so it runs in Node 18+ and in a browser page alike.
 */

import type { InstanceState, ScanTimeoutType } from '../protocol/index.js';

export type { ScanTimeoutType };

export interface EmulatedInstance {
  idInstance: string;
  apiTokenInstance: string;
}

/** What `createInstance` may set; everything else is generated. */
export interface NewInstance extends Partial<EmulatedInstance> {
  /** The state it starts in (default `notAuthorized`); null: still being created (it stays so; see `simulateCreation`). */
  stateInstance?: InstanceState;
  /** Default true: GREEN-API's per-method rate limits (429). Off for tests that drive a fake clock. */
  rateLimits?: boolean;
  /** `false` ends a logout's cleanup now (getWaSettings.logoutProcess), for tests whose clock is not the emulator's. */
  logoutProcess?: false;
}

/** A failure added to the instance's next answers (see the emulator's README, "Faults"). */
export interface Fault {
  /** Only this GREEN-API method (default: any). */
  method?: string;
  /** How many answers it affects (default: until cleared). */
  times?: number;
  status?: number;
  body?: unknown;
  contentType?: string;
  latencyMs?: number;
  /** Never answer (until the client gives up or the emulator closes). */
  hang?: boolean;
  preset?: 'not-json' | 'html' | 'empty' | 'unknown-type' | 'bad-base64' | 'not-png' | 'wrong-shape';
}

/** A fault as the emulator keeps it: its id, its method (canonical, or `*`) and the uses it has left (null: until cleared). */
export interface InstalledFault extends Omit<Fault, 'method' | 'times'> {
  id: number;
  method: string;
  times: number | null;
}

export interface InstanceInfo {
  idInstance: string;
  stateInstance: InstanceState;
  /** Epoch ms at which the state moves on by itself (the creation sequence, pairing-code abuse), else null. */
  nextStateAt: number | null;
  needsLogout: boolean;
  logoutProcess: boolean;
  /** A scan met the passkey gate (`passkeyRequired` switch): `qr` answers a passkey error until the switch is off or the instance reset. */
  passkeyPending: boolean;
  qr: { payload: string; version: number; rotatesAt: number };
  stats: {
    requests: Record<string, number>;
    inFlight: number;
    maxInFlight: number;
    aborted: number;
    /** Upgrades accepted, open now, most open at once, and refused (wrong token, `wsRefuse`, rate limit). */
    sockets: { opened: number; open: number; maxOpen: number; refused: number };
  };
  /** The current pairing code, its requests, wrong entries, and the number the last request asked for. */
  pairing: { code: string | null; expiresAt: number | null; requests: number; wrongEntries: number; phoneNumber: number | null };
  faults: InstalledFault[];
}

/** What `setState` can change. */
export interface StateChange {
  stateInstance?: InstanceState;
  /** `qr` answers "instance has auth" until the instance is logged out. */
  needsLogout?: boolean;
  /** The scan-timeout frame's `type`: `timeoutExpired` (the default, as the current EN docs) or `timeout`. */
  wsTimeoutType?: ScanTimeoutType;
  /** Refuse scanqrcode upgrades. */
  wsRefuse?: boolean;
  /** A wrong or repeated pairing code sends the instance to `starting` for a while, as the real API does. */
  strictPairing?: boolean;
  /** getAuthorizationCode answers `status: false`. */
  pairingFails?: boolean;
  /** GREEN-API's per-method rate limits, counted in real time (default on). */
  rateLimits?: boolean;
  /**
   * WhatsApp's passkey gate: a scan (or a right pairing code) leaves the instance `notAuthorized`,
   * the socket gets a `passkeyRequired` frame and `qr` an error naming the passkey. Off again ends it.
   */
  passkeyRequired?: boolean;
  /** `false` ends a logout's cleanup now. */
  logoutProcess?: false;
}

/** How long each step of a simulated creation lasts (defaults: 6 s each, short enough for a demo; GREEN-API's take up to 5 minutes in all). */
export interface CreationTiming {
  /** How long `getStateInstance` answers `null`. */
  creatingMs?: number;
  /** How long it then answers `starting`. */
  startingMs?: number;
}

/** What the phone's scan (or a typed code) led to. */
export interface LinkResult {
  stateInstance: InstanceState;
  /** Present and true when the passkey gate stopped the link. */
  passkeyRequired?: true;
}

/** Done to every open scanqrcode socket of the instance. */
export type SocketAction =
  | { action: 'drop' }
  | { action: 'close'; code?: number; reason?: string }
  | { action: 'send'; frame: string }
  /** The scan time runs out now: the timeout frame (in the instance's spelling), then close 1000. */
  | { action: 'timeout' };

/** One GREEN-API request the instance received, newest last. */
export interface LoggedRequest {
  method: string;
  startedAt: number;
  endedAt: number | null;
  status: number | null;
  aborted: boolean;
}

export class EmulatorControl {
  /** The emulator's base URL, e.g. `http://127.0.0.1:7300`: what the element takes as `api-url`. */
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  /** A fresh instance, so that tests never share state or rate limits. */
  createInstance(init: NewInstance = {}): Promise<EmulatedInstance> {
    return this.#call('POST', '/instances', init);
  }

  instanceInfo(idInstance: string): Promise<InstanceInfo> {
    return this.#call('GET', `/instances/${idInstance}`);
  }

  /** Every GREEN-API request the instance received. */
  requestLog(idInstance: string): Promise<LoggedRequest[]> {
    return this.#call('GET', `/instances/${idInstance}/requests`);
  }

  /** Acts as the phone scanning the code on screen; `payload` (decoded from the picture) must then be the current or the previous code. */
  scan(idInstance: string, payload?: string): Promise<LinkResult> {
    return this.#call('POST', `/instances/${idInstance}/scan`, payload ? { payload } : {});
  }

  /** Acts as the user typing a pairing code on the phone; rejects (HTTP 409) for a wrong or expired code. */
  enterCode(idInstance: string, code: string): Promise<LinkResult> {
    return this.#call('POST', `/instances/${idInstance}/enter-code`, { code });
  }

  /** Replaces the QR code now instead of after its 20 s. */
  rotate(idInstance: string): Promise<InstanceInfo['qr']> {
    return this.#call('POST', `/instances/${idInstance}/rotate`);
  }

  setState(idInstance: string, change: StateChange): Promise<InstanceInfo> {
    return this.#call('POST', `/instances/${idInstance}/state`, change);
  }

  /** Runs GREEN-API's creation of an instance on this one: `null`, then `starting`, then `notAuthorized` with a new QR code. */
  simulateCreation(idInstance: string, timing: CreationTiming = {}): Promise<InstanceInfo> {
    return this.#call('POST', `/instances/${idInstance}/creation`, timing);
  }

  /** Which spelling the scan-timeout frame uses for this instance. */
  setScanTimeoutType(idInstance: string, type: ScanTimeoutType): Promise<InstanceInfo> {
    return this.setState(idInstance, { wsTimeoutType: type });
  }

  /** Turns WhatsApp's passkey gate on or off for this instance (see `StateChange.passkeyRequired`). */
  setPasskeyRequired(idInstance: string, required: boolean): Promise<InstanceInfo> {
    return this.setState(idInstance, { passkeyRequired: required });
  }

  /** The scan time of every open scanqrcode socket runs out now; rejects (HTTP 409) when none is open. */
  expireScan(idInstance: string): Promise<{ sockets: number }> {
    return this.socketAction(idInstance, { action: 'timeout' });
  }

  /** Rejects (HTTP 409) when no socket is open. */
  socketAction(idInstance: string, action: SocketAction): Promise<{ sockets: number }> {
    return this.#call('POST', `/instances/${idInstance}/ws`, action);
  }

  addFault(idInstance: string, fault: Fault): Promise<InstalledFault[]> {
    return this.#call('POST', `/instances/${idInstance}/faults`, fault);
  }

  clearFaults(idInstance: string): Promise<InstalledFault[]> {
    return this.#call('DELETE', `/instances/${idInstance}/faults`);
  }

  /** The account picture getWaSettings sends for a linked instance, as PNG bytes. */
  async avatar(idInstance: string): Promise<Uint8Array> {
    const response = await fetch(`${this.url}/_emulator/avatar/${idInstance}.png`);
    if (!response.ok) throw new Error(`emulator avatar of ${idInstance}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Forgets every instance but the demo one, and resets that. */
  reset(): Promise<{ ok: true }> {
    return this.#call('POST', '/reset');
  }

  async #call<T>(verb: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method: verb,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${verb} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
