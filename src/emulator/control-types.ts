// The shapes the control API's route tables share (control-routes.ts and the state and socket
// routes it includes), in a module of their own so that none of them imports another for a type.

import type { JsonObject } from './http-util.js';
import type { InstanceRegistry } from './instance-registry.js';

export interface ControlRequest {
  /** Parsed JSON body; {} for GET, DELETE and empty bodies. */
  body: JsonObject;
  /** Path captures, decoded. */
  params: string[];
  registry: InstanceRegistry;
  /** Epoch ms. */
  now: number;
}

export type ControlAnswer = { status?: number; value: unknown } | { png: Buffer };
export type ControlHandler = (request: ControlRequest) => ControlAnswer | Promise<ControlAnswer>;
export type ControlRoute = readonly [verb: string, pattern: RegExp, handler: ControlHandler];

/** The first path capture: every instance route has the id there. */
export function instanceId(params: readonly string[]): string {
  const id = params[0];
  if (id === undefined) throw new Error('route without an instance id capture');
  return id;
}
