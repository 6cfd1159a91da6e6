// The registry of emulated instances: the seeded demo instance plus any a test or demo creates.

import { randomBytes, randomInt } from 'node:crypto';
import { HttpError } from './http-util.js';
import { DEMO_INSTANCE, Instance } from './instances.js';

/** @typedef {import('./instance-config.js').InstanceOptions} InstanceOptions */

/** Close code for the sockets of a removed instance: the endpoint is going away. */
const GOING_AWAY = 1001;

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
    this.require(idInstance).sockets.closeAll(GOING_AWAY, 'instance removed');
    this.instances.delete(idInstance);
  }

  /** Everything but the demo instance goes; the demo instance is reset. */
  resetAll() {
    const demo = this.require(DEMO_INSTANCE.idInstance);
    for (const instance of this.instances.values()) {
      if (instance !== demo) instance.sockets.closeAll(GOING_AWAY, 'instance removed');
    }
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
