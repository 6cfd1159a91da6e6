// Control API: an instance's state and behaviour switches (`/_emulator/instances/{id}/state`).
// POST changes any of them and returns the instance summary; GET shows their current values.

import { HttpError, rejectUnknownKeys } from './http-util.js';
import { instanceSummary } from './instance-summary.js';

/** @typedef {import('./control-types.js').ControlHandler} ControlHandler */
/** @typedef {import('./control-types.js').ControlRoute} ControlRoute */

const STATE_FIELDS = ['stateInstance', 'needsLogout', 'wsTimeoutType', 'wsRefuse', 'strictPairing', 'pairingFails', 'rateLimits', 'logoutProcess'];
const BOOLEAN_FIELDS = ['needsLogout', 'wsRefuse', 'strictPairing', 'pairingFails', 'rateLimits'];

/**
 * Any state string is accepted (the set is open: suspended, pendingCode, future ones), plus
 * null for "instance is still being created".
 * @param {unknown} value
 * @returns {string | null}
 */
export function parseStateValue(value) {
  if (value === null) return null;
  if (typeof value !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(value)) {
    throw new HttpError(400, 'stateInstance must be null or a state name such as notAuthorized, authorized, starting');
  }
  return value;
}

/** @type {ControlHandler} */
function getState({ registry, params }) {
  const instance = registry.require(params[0]);
  return { value: { stateInstance: instance.stateInstance, needsLogout: instance.needsLogout, ...instance.switches } };
}

/** @type {ControlHandler} */
function setState({ body, registry, params, now }) {
  const instance = registry.require(params[0]);
  rejectUnknownKeys(body, STATE_FIELDS);
  /** @type {Record<string, unknown>} */
  const change = {};
  if (body.stateInstance !== undefined) change.stateInstance = parseStateValue(body.stateInstance);
  for (const field of BOOLEAN_FIELDS) {
    if (body[field] === undefined) continue;
    if (typeof body[field] !== 'boolean') throw new HttpError(400, `${field} must be a boolean`);
    change[field] = body[field];
  }
  // Ends a logout's cleanup now, for tests whose clock is not the emulator's.
  if (body.logoutProcess !== undefined) {
    if (body.logoutProcess !== false) throw new HttpError(400, 'logoutProcess can only be ended: false');
    change.logoutProcess = false;
  }
  if (body.wsTimeoutType !== undefined) {
    if (body.wsTimeoutType !== 'timeout' && body.wsTimeoutType !== 'timeoutExpired') {
      throw new HttpError(400, "wsTimeoutType must be 'timeout' or 'timeoutExpired'");
    }
    change.wsTimeoutType = body.wsTimeoutType;
  }
  instance.setState(/** @type {Parameters<typeof instance.setState>[0]} */ (change), now);
  return { value: instanceSummary(instance, now) };
}

/** @type {ControlRoute[]} */
export const STATE_ROUTES = [
  ['GET', /^\/_emulator\/instances\/([^/]+)\/state$/, getState],
  ['POST', /^\/_emulator\/instances\/([^/]+)\/state$/, setState],
];
