// One emulated GREEN-API instance: credentials, WhatsApp state, the QR and pairing-code
// sessions, per-instance switches, and the sockets watching it.
//
// This module is the state model only; it knows nothing about HTTP or WebSockets. The GREEN-API
// side reads it the way the real service would, and the control API changes it the way a
// phone, an operator or a test would. The registry of instances is in instance-registry.js.

import { timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-util.js';
import { QrSession } from './qr-session.js';
import { FaultList } from './faults.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { RequestStats } from './request-tracker.js';
import { PairingCodes } from './pairing-code.js';
import { InstanceSockets } from './instance-sockets.js';
import { defaultSwitches } from './instance-config.js';

export { DEMO_INSTANCE } from './demo-instance.js';

/** The account that "scans" the QR: the phone number the docs use in their own examples. */
export const LINKED_PHONE = '79001234567';

/** @typedef {import('./instance-config.js').InstanceOptions} InstanceOptions */
/** @typedef {import('./instance-config.js').Switches} Switches */

export class Instance {
  // A private field, so no accidental JSON.stringify(instance) or log line can leak the token.
  #apiTokenInstance;
  /** @type {string | null} */
  #stateInstance;
  /** epoch ms at which a `starting` caused by pairing-code abuse ends by itself; 0 = none */
  #abuseStartingUntil = 0;

  // Per-session fields; reset() starts them afresh (as it does stateInstance, qr, pairing, switches).
  needsLogout = false;
  /** epoch ms until which the post-logout cleanup runs; 0 = not running */
  logoutProcessUntil = 0;
  faults = new FaultList();
  limiter = new SlidingWindowLimiter();
  stats = new RequestStats();

  /**
   * @param {string} idInstance
   * @param {string} apiTokenInstance
   * @param {InstanceOptions} options
   * @param {string | null} [stateInstance]
   */
  constructor(idInstance, apiTokenInstance, options, stateInstance = 'notAuthorized') {
    this.idInstance = idInstance;
    this.#apiTokenInstance = apiTokenInstance;
    this.options = options;
    /** Live open GREEN-API requests; survives reset() so inFlight stays truthful. @type {Set<object>} */
    this.open = new Set();
    /** Open scanqrcode sockets; survives reset() for the same reason. */
    this.sockets = new InstanceSockets();
    this.#stateInstance = stateInstance;
    this.qr = new QrSession(options.qrRotateMs, Date.now());
    this.pairing = new PairingCodes(options.pairingCodeTtlMs);
    this.switches = defaultSwitches(options);
  }

  /**
   * Back to a fresh instance: given state, new QR session, no faults, default switches, empty stats.
   * @param {number} now
   * @param {string | null} [stateInstance]
   */
  reset(now, stateInstance = 'notAuthorized') {
    this.stateInstance = stateInstance;
    this.needsLogout = false;
    this.logoutProcessUntil = 0;
    this.qr = new QrSession(this.options.qrRotateMs, now);
    this.pairing = new PairingCodes(this.options.pairingCodeTtlMs);
    this.switches = defaultSwitches(this.options);
    this.faults = new FaultList();
    this.limiter = new SlidingWindowLimiter();
    this.stats = new RequestStats(this.open.size);
    this.sockets.resetCounters();
    this.#changed();
  }

  /** Read through here so that an abuse-induced `starting` ends on time without a timer. */
  get stateInstance() {
    if (this.#abuseStartingUntil !== 0 && Date.now() >= this.#abuseStartingUntil) this.#recoverFromAbuse();
    return this.#stateInstance;
  }

  /** Any explicit change of state also ends an abuse-induced `starting`. */
  set stateInstance(value) {
    this.#abuseStartingUntil = 0;
    this.#stateInstance = value;
  }

  /**
   * GREEN-API's rate limit for one request (or socket upgrade) of `method`, unless the instance's
   * `rateLimits` switch is off.
   * @param {string} method
   * @param {number} perSecond
   * @param {number} now
   * @returns {{ allowed: boolean, remaining: number }}
   */
  admit(method, perSecond, now) {
    if (!this.switches.rateLimits) return { allowed: true, remaining: perSecond };
    return this.limiter.take(method, perSecond, now);
  }

  /**
   * Constant-time comparison, so the emulator does not teach bad habits to code read from it.
   * @param {string} candidate
   */
  tokenMatches(candidate) {
    const expected = Buffer.from(this.#apiTokenInstance, 'utf8');
    const given = Buffer.from(candidate, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** For the control API's create response only. */
  get apiTokenInstance() {
    return this.#apiTokenInstance;
  }

  /** @param {string} token */
  set apiTokenInstance(token) {
    this.#apiTokenInstance = token;
  }

  /** @param {number} now */
  isLogoutInProcess(now) {
    return now < this.logoutProcessUntil;
  }

  /**
   * GREEN-API `logout`: the account is unlinked, the stale auth data is wiped (which takes
   * logoutProcessMs, reported as getWaSettings.logoutProcess), then a new pairing starts.
   * @param {number} now
   */
  logout(now) {
    this.stateInstance = 'notAuthorized';
    this.needsLogout = false;
    this.logoutProcessUntil = now + this.options.logoutProcessMs;
    this.qr = new QrSession(this.options.qrRotateMs, this.logoutProcessUntil);
    this.#changed();
  }

  /**
   * The phone scans the QR code. `payload` is what the phone read, if the caller knows it.
   * @param {string | undefined} payload
   * @param {number} now
   */
  scan(payload, now) {
    this.#assertLinkable(now);
    if (payload !== undefined && !this.qr.accepts(payload, now)) throw new HttpError(409, 'stale or unknown QR payload');
    this.#link();
  }

  /**
   * The user types a pairing code on the phone. A wrong or expired one is remembered, because
   * the next code request then trips the abuse rule (green-api/issues#518).
   * @param {string} typed
   * @param {number} now
   */
  enterPairingCode(typed, now) {
    this.#assertLinkable(now);
    const outcome = this.pairing.enter(typed, now);
    if (outcome === 'wrong') throw new HttpError(409, 'wrong pairing code');
    if (outcome === 'expired') throw new HttpError(409, 'pairing code expired');
    this.#link();
  }

  /**
   * GREEN-API `getAuthorizationCode`, after its body has been validated.
   * @param {number} phoneNumber as the request's JSON body gave it
   * @param {number} now
   * @returns {{ outcome: 'code', code: string } | { outcome: 'refused' | 'starting' }}
   */
  requestPairingCode(phoneNumber, now) {
    this.pairing.countRequest(phoneNumber);
    if (this.isLogoutInProcess(now) || this.stateInstance === 'starting') return { outcome: 'starting' };
    // Our inference: the docs only say the instance must be unauthorized, and that status:false
    // means "an error occurred while receiving the code".
    if (this.stateInstance !== 'notAuthorized' || this.needsLogout || this.switches.pairingFails) return { outcome: 'refused' };
    if (this.switches.strictPairing && this.pairing.isAbuse(now)) {
      this.#stateInstance = 'starting';
      this.#abuseStartingUntil = now + this.options.startingAfterAbuseMs;
      this.#changed();
      return { outcome: 'starting' };
    }
    return { outcome: 'code', code: this.pairing.issue(now) };
  }

  /**
   * Replaces the QR code now (control API `rotate`); open sockets get the new one.
   * @param {number} now
   */
  rotateQr(now) {
    this.qr.rotateNow(now);
    this.#changed();
  }

  /**
   * Control-API change of state and switches. Dropping back to notAuthorized starts a new
   * pairing session, because a QR made for the previous session could never link this one.
   * @param {{ stateInstance?: string | null, needsLogout?: boolean, logoutProcess?: false } & Partial<Switches>} change
   * @param {number} now
   */
  setState({ stateInstance, needsLogout, logoutProcess, ...switches }, now) {
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
    Object.assign(this.switches, switches);
    this.#changed();
  }

  /** @param {number} now */
  #assertLinkable(now) {
    if (this.isLogoutInProcess(now)) throw new HttpError(409, 'logout in process; linking is not possible until it ends');
    if (this.stateInstance !== 'notAuthorized') {
      throw new HttpError(409, `instance is ${this.stateInstance}; only a notAuthorized instance can be linked`);
    }
    if (this.needsLogout) throw new HttpError(409, 'instance has stale auth data (needsLogout); call logout first');
  }

  #link() {
    this.stateInstance = 'authorized';
    this.#changed();
  }

  /** Issue #518's own workaround is logout, then QR; the emulator recovers by itself so a demo can go on. */
  #recoverFromAbuse() {
    const endedAt = this.#abuseStartingUntil;
    this.#abuseStartingUntil = 0;
    this.#stateInstance = 'notAuthorized';
    this.qr = new QrSession(this.options.qrRotateMs, endedAt);
    this.pairing.forgetAbuse();
  }

  /** Open sockets re-read the instance, so a scan, a rotation or a state change reaches them at once. */
  #changed() {
    this.sockets.refresh();
  }
}
