// The emulated GREEN-API instances: credentials, WhatsApp state and the QR pairing session.
//
// This module is the state model only; it knows nothing about HTTP. The GREEN-API routes read
// it the way the real service would, and the control routes change it the way a phone, an
// operator or a test would.

import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-util.mjs';
import { QrSession } from './qr-session.mjs';
import { FaultList } from './faults.mjs';
import { SlidingWindowLimiter } from './rate-limiter.mjs';
import { RequestStats } from './request-tracker.mjs';

/** Always present; `POST /_emulator/reset` restores it. The token is 50 lowercase hex chars like real ones. */
export const DEMO_INSTANCE = Object.freeze({
  idInstance: '1101000001',
  apiTokenInstance: '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f',
});

/** The account that "scans" the QR: the phone number the docs use in their own examples. */
export const LINKED_PHONE = '79001234567';

/**
 * @typedef {object} InstanceOptions
 * @property {number} qrRotateMs
 * @property {number} logoutProcessMs
 */

export class Instance {
  // A private field, so no accidental JSON.stringify(instance) or log line can leak the token.
  #apiTokenInstance;

  // Per-session fields; reset() starts them afresh (as it does stateInstance and qr).
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
    /** @type {string | null} */
    this.stateInstance = stateInstance;
    this.qr = new QrSession(options.qrRotateMs, Date.now());
  }

  /**
   * Back to a fresh instance: given state, new QR session, no faults, empty stats.
   * @param {number} now
   * @param {string | null} [stateInstance]
   */
  reset(now, stateInstance = 'notAuthorized') {
    this.stateInstance = stateInstance;
    this.needsLogout = false;
    this.logoutProcessUntil = 0;
    this.qr = new QrSession(this.options.qrRotateMs, now);
    this.faults = new FaultList();
    this.limiter = new SlidingWindowLimiter();
    this.stats = new RequestStats(this.open.size);
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
  }

  /**
   * The phone scans the QR code. `payload` is what the phone read, if the caller knows it.
   * @param {string | undefined} payload
   * @param {number} now
   */
  scan(payload, now) {
    if (this.isLogoutInProcess(now)) throw new HttpError(409, 'logout in process; scanning is not possible until it ends');
    if (this.stateInstance !== 'notAuthorized') {
      throw new HttpError(409, `instance is ${this.stateInstance}; only a notAuthorized instance can be linked`);
    }
    if (this.needsLogout) throw new HttpError(409, 'instance has stale auth data (needsLogout); call logout first');
    if (payload !== undefined && !this.qr.accepts(payload, now)) throw new HttpError(409, 'stale or unknown QR payload');
    this.stateInstance = 'authorized';
  }

  /**
   * Control-API state change. Dropping back to notAuthorized starts a new pairing session,
   * because a QR made for the previous session could never link this one.
   * @param {{ stateInstance?: string | null, needsLogout?: boolean }} change
   * @param {number} now
   */
  setState(change, now) {
    if (change.stateInstance !== undefined) {
      const wasUnlinked = this.stateInstance === 'notAuthorized';
      this.stateInstance = change.stateInstance;
      if (change.stateInstance === 'notAuthorized' && !wasUnlinked) this.qr = new QrSession(this.options.qrRotateMs, now);
    }
    if (change.needsLogout !== undefined) this.needsLogout = change.needsLogout;
  }

  /**
   * The control API's view. Never includes the token.
   * @param {number} now
   */
  summary(now) {
    return {
      idInstance: this.idInstance,
      stateInstance: this.stateInstance,
      needsLogout: this.needsLogout,
      logoutProcess: this.isLogoutInProcess(now),
      qr: this.qr.describe(now),
      stats: {
        requests: { ...this.stats.requests },
        inFlight: this.open.size,
        maxInFlight: this.stats.maxInFlight,
        aborted: this.stats.aborted,
      },
      faults: this.faults.list(),
    };
  }
}

export class InstanceRegistry {
  /** @param {InstanceOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {Map<string, Instance>} */
    this.instances = new Map();
    this.seedDemo();
  }

  seedDemo() {
    const { idInstance, apiTokenInstance } = DEMO_INSTANCE;
    this.instances.set(idInstance, new Instance(idInstance, apiTokenInstance, this.options));
  }

  /** @param {string} idInstance */
  get(idInstance) {
    return this.instances.get(idInstance);
  }

  /** @param {string} idInstance */
  require(idInstance) {
    const instance = this.instances.get(idInstance);
    if (!instance) throw new HttpError(404, `unknown instance ${idInstance}`);
    return instance;
  }

  /**
   * Creates an instance, or resets an existing one (keeping its token unless a new one is given).
   * @param {{ idInstance?: string, apiTokenInstance?: string, stateInstance?: string | null }} input
   * @returns {Instance}
   */
  create({ idInstance, apiTokenInstance, stateInstance = 'notAuthorized' }) {
    const id = idInstance ?? this.unusedId();
    const existing = this.instances.get(id);
    if (existing) {
      if (apiTokenInstance !== undefined) existing.apiTokenInstance = apiTokenInstance;
      existing.reset(Date.now(), stateInstance);
      return existing;
    }
    const instance = new Instance(id, apiTokenInstance ?? randomBytes(25).toString('hex'), this.options, stateInstance);
    this.instances.set(id, instance);
    return instance;
  }

  /** @param {string} idInstance */
  remove(idInstance) {
    if (idInstance === DEMO_INSTANCE.idInstance) throw new HttpError(409, 'the demo instance cannot be removed; reset it instead');
    this.require(idInstance);
    this.instances.delete(idInstance);
  }

  /** Everything but the demo instance goes; the demo instance is reset. */
  resetAll() {
    const demo = this.require(DEMO_INSTANCE.idInstance);
    this.instances.clear();
    this.instances.set(demo.idInstance, demo);
    demo.reset(Date.now());
  }

  /** A random 10-digit id with the 1101 prefix of api.green-api.com instances. */
  unusedId() {
    for (;;) {
      const id = `1101${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      if (!this.instances.has(id)) return id;
    }
  }
}
