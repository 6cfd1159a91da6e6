// One emulated GREEN-API instance: credentials, WhatsApp state, the QR and pairing-code
// sessions, per-instance switches, and the sockets watching it.
//
// This module is the state model only; it knows nothing about HTTP or WebSockets. The GREEN-API
// side reads it the way the real service would, and the control API changes it the way a
// phone, an operator or a test would. The states mean what src/protocol/states.ts says: only a
// `notAuthorized` instance can be linked; `null` and `starting` pass by themselves
// (SETTLING_STATES); `authorized`, `yellowCard` and `sleepMode` have an account linked
// (LINKED_STATES). The registry of instances is in instance-registry.ts.

import { timingSafeEqual } from 'node:crypto';
import { SETTLING_STATES, type InstanceState } from '../protocol/index.js';
import { HttpError } from './http-util.js';
import { QrSession } from './qr-session.js';
import { FaultList } from './faults.js';
import { SlidingWindowLimiter, type Admission } from './rate-limiter.js';
import { RequestStats } from './request-tracker.js';
import { PairingCodes } from './pairing-code.js';
import { InstanceSockets } from './instance-sockets.js';
import { PassingStates, type PassingStep } from './passing-states.js';
import {
  defaultSwitches,
  type CreationTiming,
  type InstanceChange,
  type InstanceOptions,
  type LinkOutcome,
  type PairingCodeOutcome,
  type Switches,
} from './instance-config.js';

export class Instance {
  readonly idInstance: string;
  readonly options: InstanceOptions;
  // A private field, so no accidental JSON.stringify(instance) or log line can leak the token.
  #apiTokenInstance: string;
  /** The state once no passing state (#passing) is running. */
  #stateInstance: InstanceState;
  #passing = new PassingStates();
  /** A scan met the passkey gate; `qr` says so until the switch is turned off or the instance reset. */
  #passkeyPending = false;

  // Per-session fields; reset() starts them afresh.
  needsLogout = false;
  /** Epoch ms until which the post-logout cleanup runs; 0 = not running. */
  logoutProcessUntil = 0;
  faults = new FaultList();
  limiter = new SlidingWindowLimiter();
  stats = new RequestStats();
  qr: QrSession;
  pairing: PairingCodes;
  switches: Switches;
  /** Live open GREEN-API requests; survives reset() so inFlight stays truthful. */
  readonly open = new Set<object>();
  /** Open scanqrcode sockets; survives reset() for the same reason. */
  readonly sockets = new InstanceSockets();

  constructor(idInstance: string, apiTokenInstance: string, options: InstanceOptions, stateInstance: InstanceState = 'notAuthorized') {
    this.idInstance = idInstance;
    this.#apiTokenInstance = apiTokenInstance;
    this.options = options;
    this.#stateInstance = stateInstance;
    this.qr = new QrSession(options.qrRotateMs, Date.now());
    this.pairing = new PairingCodes(options.pairingCodeTtlMs);
    this.switches = defaultSwitches(options);
  }

  /** Back to a fresh instance: given state, new QR session, no faults, default switches, empty stats. */
  reset(now: number, stateInstance: InstanceState = 'notAuthorized'): void {
    this.stateInstance = stateInstance;
    this.#forgetAuth();
    this.qr = new QrSession(this.options.qrRotateMs, now);
    this.switches = defaultSwitches(this.options);
    this.faults = new FaultList();
    this.limiter = new SlidingWindowLimiter();
    this.stats = new RequestStats(this.open.size);
    this.sockets.resetCounters();
    this.#changed();
  }

  /** Read through here so that a state that passes by itself ends on time without a timer. */
  get stateInstance(): InstanceState {
    const passing = this.#passing.stateAt(Date.now());
    return passing === undefined ? this.#stateInstance : passing;
  }

  /** Any explicit change of state also ends a state that was passing by itself. */
  set stateInstance(value: InstanceState) {
    this.#passing.cancel();
    this.#stateInstance = value;
  }

  /** Epoch ms at which the state moves on by itself (creation sequence, abuse), or null. */
  nextStateAt(now: number): number | null {
    return this.#passing.nextChangeAt(now);
  }

  get passkeyPending(): boolean {
    return this.#passkeyPending;
  }

  /** The instance is being created or is starting: GREEN-API's "instance in starting process" (or the post-logout cleanup). */
  isStarting(now: number): boolean {
    return this.isLogoutInProcess(now) || SETTLING_STATES.includes(this.stateInstance);
  }

  /** GREEN-API's rate limit for one request (or socket upgrade) of `method`, unless the `rateLimits` switch is off. */
  admit(method: string, perSecond: number, now: number): Admission {
    if (!this.switches.rateLimits) return { allowed: true, remaining: perSecond };
    return this.limiter.take(method, perSecond, now);
  }

  /** Constant-time comparison, so the emulator does not teach bad habits to code read from it. */
  tokenMatches(candidate: string): boolean {
    const expected = Buffer.from(this.#apiTokenInstance, 'utf8');
    const given = Buffer.from(candidate, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** For the control API's create response only. */
  get apiTokenInstance(): string {
    return this.#apiTokenInstance;
  }

  set apiTokenInstance(token: string) {
    this.#apiTokenInstance = token;
  }

  isLogoutInProcess(now: number): boolean {
    return now < this.logoutProcessUntil;
  }

  /**
   * GREEN-API `logout`: the account is unlinked, the stale auth data is wiped (which takes
   * logoutProcessMs, reported as getWaSettings.logoutProcess), then a new pairing starts.
   */
  logout(now: number): void {
    this.stateInstance = 'notAuthorized';
    this.needsLogout = false;
    this.logoutProcessUntil = now + this.options.logoutProcessMs;
    this.qr = new QrSession(this.options.qrRotateMs, this.logoutProcessUntil);
    this.#changed();
  }

  /**
   * The documented creation of an instance: `null` (being created) for `creatingMs`, then
   * `starting` for `startingMs`, then `notAuthorized` with a first QR code. A new instance has no
   * auth data, no logout cleanup, no pairing code and no passkey step; faults, switches and
   * stats are kept (reset() clears those).
   */
  beginCreation(now: number, { creatingMs, startingMs }: CreationTiming): void {
    this.stateInstance = 'notAuthorized';
    this.#forgetAuth();
    const steps: PassingStep[] = [
      { state: null, until: now + creatingMs },
      { state: 'starting', until: now + creatingMs + startingMs },
    ];
    this.#passing.start(steps, (endedAt) => {
      this.qr = new QrSession(this.options.qrRotateMs, endedAt);
    });
    this.#changed();
  }

  /** The phone scans the QR code. `payload` is what the phone read, if the caller knows it. */
  scan(payload: string | undefined, now: number): LinkOutcome {
    this.#assertLinkable(now);
    if (payload !== undefined && !this.qr.accepts(payload, now)) throw new HttpError(409, 'stale or unknown QR payload');
    return this.#link();
  }

  /**
   * The user types a pairing code on the phone. A wrong or expired one is remembered, because
   * the next code request then trips the abuse rule (green-api/issues#518).
   */
  enterPairingCode(typed: string, now: number): LinkOutcome {
    this.#assertLinkable(now);
    const outcome = this.pairing.enter(typed, now);
    if (outcome === 'wrong') throw new HttpError(409, 'wrong pairing code');
    if (outcome === 'expired') throw new HttpError(409, 'pairing code expired');
    return this.#link();
  }

  /** GREEN-API `getAuthorizationCode`, after its body has been validated (`phoneNumber` as the body gave it). */
  requestPairingCode(phoneNumber: number, now: number): PairingCodeOutcome {
    this.pairing.countRequest(phoneNumber);
    // Our inference: the common "instance in starting process" answer, as for `qr`.
    if (this.isStarting(now)) return { outcome: 'starting' };
    // Our inference: the docs only say the instance must be unauthorized, and that status:false
    // means "an error occurred while receiving the code".
    if (this.stateInstance !== 'notAuthorized' || this.needsLogout || this.switches.pairingFails) return { outcome: 'refused' };
    if (this.switches.strictPairing && this.pairing.isAbuse(now)) {
      this.#startAfterAbuse(now);
      return { outcome: 'starting' };
    }
    return { outcome: 'code', code: this.pairing.issue(now) };
  }

  /** Replaces the QR code now (control API `rotate`); open sockets get the new one. */
  rotateQr(now: number): void {
    this.qr.rotateNow(now);
    this.#changed();
  }

  /**
   * Control-API change of state and switches. Dropping back to notAuthorized starts a new
   * pairing session, because a QR made for the previous session could never link this one; so
   * does turning the passkey gate off after it stopped a scan.
   */
  setState({ stateInstance, needsLogout, logoutProcess, ...switches }: InstanceChange, now: number): void {
    if (logoutProcess === false && this.isLogoutInProcess(now)) {
      this.logoutProcessUntil = now;
      this.qr = new QrSession(this.options.qrRotateMs, now);
    }
    if (stateInstance !== undefined) {
      const wasUnlinked = this.stateInstance === 'notAuthorized';
      this.stateInstance = stateInstance;
      if (stateInstance === 'notAuthorized' && !wasUnlinked) this.qr = new QrSession(this.options.qrRotateMs, now);
    }
    if (needsLogout !== undefined) this.needsLogout = needsLogout;
    if (switches.passkeyRequired === false && this.#passkeyPending) {
      this.#passkeyPending = false;
      this.qr = new QrSession(this.options.qrRotateMs, now);
    }
    Object.assign(this.switches, switches);
    this.#changed();
  }

  #assertLinkable(now: number): void {
    if (this.isLogoutInProcess(now)) throw new HttpError(409, 'logout in process; linking is not possible until it ends');
    const state = this.stateInstance;
    if (state !== 'notAuthorized') {
      throw new HttpError(409, `instance is ${String(state)}; only a notAuthorized instance can be linked`);
    }
    if (this.needsLogout) throw new HttpError(409, 'instance has stale auth data (needsLogout); call logout first');
  }

  /** The phone confirmed the link: linked, unless WhatsApp's passkey gate stops it (the instance then stays notAuthorized). */
  #link(): LinkOutcome {
    if (this.switches.passkeyRequired) {
      this.#passkeyPending = true;
      this.#changed();
      return 'passkeyRequired';
    }
    this.stateInstance = 'authorized';
    this.#changed();
    return 'linked';
  }

  /** No auth data, no logout cleanup, no pairing code, no passkey step: as a new instance. */
  #forgetAuth(): void {
    this.needsLogout = false;
    this.logoutProcessUntil = 0;
    this.#passkeyPending = false;
    this.pairing = new PairingCodes(this.options.pairingCodeTtlMs);
  }

  /** Issue #518's own workaround is logout, then QR; the emulator recovers by itself so a demo can go on. */
  #startAfterAbuse(now: number): void {
    this.stateInstance = 'notAuthorized';
    this.#passing.start([{ state: 'starting', until: now + this.options.startingAfterAbuseMs }], (endedAt) => {
      this.qr = new QrSession(this.options.qrRotateMs, endedAt);
      this.pairing.forgetAbuse();
    });
    this.#changed();
  }

  /** Open sockets re-read the instance, so a scan, a rotation or a state change reaches them at once. */
  #changed(): void {
    this.sockets.refresh();
  }
}
