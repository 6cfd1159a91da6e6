// The registry of emulated instances: the seeded demo instance plus any a test or demo creates.

import { randomBytes, randomInt } from 'node:crypto';
import type { InstanceState } from '../protocol/index.js';
import { HttpError } from './http-util.js';
import { DEMO_INSTANCE } from './demo-instance.js';
import { Instance } from './instances.js';
import type { InstanceOptions } from './instance-config.js';

/** Close code for the sockets of a removed instance: the endpoint is going away. */
const GOING_AWAY = 1001;

/** What may be given when an instance is created; the rest is generated. */
export interface InstanceInput {
  idInstance?: string;
  apiTokenInstance?: string;
  stateInstance?: InstanceState;
}

export class InstanceRegistry {
  readonly options: InstanceOptions;
  readonly instances = new Map<string, Instance>();

  constructor(options: InstanceOptions) {
    this.options = options;
    this.seedDemo();
  }

  seedDemo(): void {
    const { idInstance, apiTokenInstance } = DEMO_INSTANCE;
    this.instances.set(idInstance, new Instance(idInstance, apiTokenInstance, this.options));
  }

  get(idInstance: string): Instance | undefined {
    return this.instances.get(idInstance);
  }

  require(idInstance: string): Instance {
    const instance = this.instances.get(idInstance);
    if (!instance) throw new HttpError(404, `unknown instance ${idInstance}`);
    return instance;
  }

  /** Creates an instance, or resets an existing one (keeping its token unless a new one is given). */
  create({ idInstance, apiTokenInstance, stateInstance = 'notAuthorized' }: InstanceInput): Instance {
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

  remove(idInstance: string): void {
    if (idInstance === DEMO_INSTANCE.idInstance) throw new HttpError(409, 'the demo instance cannot be removed; reset it instead');
    this.require(idInstance).sockets.closeAll(GOING_AWAY, 'instance removed');
    this.instances.delete(idInstance);
  }

  /** Everything but the demo instance goes; the demo instance is reset. */
  resetAll(): void {
    const demo = this.require(DEMO_INSTANCE.idInstance);
    for (const instance of this.instances.values()) {
      if (instance !== demo) instance.sockets.closeAll(GOING_AWAY, 'instance removed');
    }
    this.instances.clear();
    this.instances.set(demo.idInstance, demo);
    demo.reset(Date.now());
  }

  /** A random 10-digit id with the 1101 prefix of api.green-api.com instances. */
  unusedId(): string {
    for (;;) {
      const id = `1101${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      if (!this.instances.has(id)) return id;
    }
  }
}
