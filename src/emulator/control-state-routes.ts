// Control API: an instance's state and behaviour switches (`/_emulator/instances/{id}/state`),
// and the creation sequence (`/_emulator/instances/{id}/creation`). POST changes them and
// returns the instance summary; GET /state shows their current values.

import { type InstanceState, isScanTimeoutType } from '../protocol/index.js';
import { HttpError, rejectUnknownKeys } from './http-util.js';
import { instanceSummary } from './instance-summary.js';
import { BOOLEAN_SWITCHES } from './instance-config.js';
import type { InstanceChange } from './instance-config.js';
import { instanceId, type ControlHandler, type ControlRoute } from './control-types.js';

const STATE_FIELDS = ['stateInstance', 'needsLogout', 'wsTimeoutType', ...BOOLEAN_SWITCHES, 'logoutProcess'];

/** The creation sequence's default steps: short, so that a demo shows each of them (GREEN-API's take minutes). */
export const DEFAULT_CREATION_STEP_MS = 6000;
/** Longest step the control API takes: a test or demo that wants GREEN-API's real minutes has room. */
const MAX_CREATION_STEP_MS = 10 * 60 * 1000;

/**
 * Any state string is accepted (the set is open: suspended, pendingCode, future ones), plus
 * null for "instance is still being created".
 */
export function parseStateValue(value: unknown): InstanceState {
  if (value === null) return null;
  if (typeof value !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(value)) {
    throw new HttpError(400, 'stateInstance must be null or a state name such as notAuthorized, authorized, starting');
  }
  return value;
}

const getState: ControlHandler = ({ registry, params }) => {
  const instance = registry.require(instanceId(params));
  return { value: { stateInstance: instance.stateInstance, needsLogout: instance.needsLogout, ...instance.switches } };
};

const setState: ControlHandler = ({ body, registry, params, now }) => {
  const instance = registry.require(instanceId(params));
  rejectUnknownKeys(body, STATE_FIELDS);
  const change: InstanceChange = {};
  if (body.stateInstance !== undefined) change.stateInstance = parseStateValue(body.stateInstance);
  if (body.needsLogout !== undefined) change.needsLogout = booleanField(body.needsLogout, 'needsLogout');
  for (const field of BOOLEAN_SWITCHES) {
    if (body[field] !== undefined) change[field] = booleanField(body[field], field);
  }
  // Ends a logout's cleanup now, for tests whose clock is not the emulator's.
  if (body.logoutProcess !== undefined) {
    if (body.logoutProcess !== false) throw new HttpError(400, 'logoutProcess can only be ended: false');
    change.logoutProcess = false;
  }
  if (body.wsTimeoutType !== undefined) {
    if (!isScanTimeoutType(body.wsTimeoutType)) throw new HttpError(400, "wsTimeoutType must be 'timeout' or 'timeoutExpired'");
    change.wsTimeoutType = body.wsTimeoutType;
  }
  instance.setState(change, now);
  return { value: instanceSummary(instance, now) };
};

const beginCreation: ControlHandler = ({ body, registry, params, now }) => {
  const instance = registry.require(instanceId(params));
  rejectUnknownKeys(body, ['creatingMs', 'startingMs']);
  const creatingMs = stepField(body.creatingMs, 'creatingMs');
  const startingMs = stepField(body.startingMs, 'startingMs');
  instance.beginCreation(now, { creatingMs, startingMs });
  return { value: instanceSummary(instance, now) };
};

function booleanField(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new HttpError(400, `${name} must be a boolean`);
  return value;
}

function stepField(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_CREATION_STEP_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_CREATION_STEP_MS) {
    throw new HttpError(400, `${name} must be a number of ms from 0 to ${MAX_CREATION_STEP_MS}`);
  }
  return value;
}

export const STATE_ROUTES: readonly ControlRoute[] = [
  ['GET', /^\/_emulator\/instances\/([^/]+)\/state$/, getState],
  ['POST', /^\/_emulator\/instances\/([^/]+)\/state$/, setState],
  ['POST', /^\/_emulator\/instances\/([^/]+)\/creation$/, beginCreation],
];
