// The control API under /_emulator: what a demo page, a test or an integrator uses to play the
// phone (scan, enter-code), the operator (state, reset) and the unreliable network (faults,
// socket faults). All JSON. None of it exists on the real GREEN-API; see README.md.

import { HttpError, readJsonBody, rejectUnknownKeys, send, sendJson } from './http-util.js';
import { avatarPng } from './avatar-image.js';
import { STATE_ROUTES, parseStateValue } from './control-state-routes.js';
import { SOCKET_ROUTES } from './control-socket-routes.js';
import { instanceSummary } from './instance-summary.js';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('./instance-registry.js').InstanceRegistry} InstanceRegistry */
/** @typedef {import('./control-types.js').ControlRequest} ControlRequest */
/** @typedef {import('./control-types.js').ControlAnswer} ControlAnswer */
/** @typedef {import('./control-types.js').ControlHandler} ControlHandler */
/** @typedef {import('./control-types.js').ControlRoute} ControlRoute */

const ID = '([^/]+)';

/** @type {ControlRoute[]} */
const ROUTES = [
  ['GET', /^\/_emulator\/health$/, () => ({ value: { ok: true } })],
  ['GET', new RegExp(`^/_emulator/avatar/${ID}\\.png$`), ({ registry, params }) => ({ png: avatarPng(registry.require(params[0]).idInstance) })],
  ['POST', /^\/_emulator\/reset$/, ({ registry }) => {
    registry.resetAll();
    return { value: { ok: true } };
  }],
  ['GET', /^\/_emulator\/instances$/, ({ registry, now }) => ({ value: [...registry.instances.values()].map((i) => instanceSummary(i, now)) })],
  ['POST', /^\/_emulator\/instances$/, createInstance],
  ['GET', new RegExp(`^/_emulator/instances/${ID}$`), ({ registry, params, now }) => ({ value: instanceSummary(registry.require(params[0]), now) })],
  ['DELETE', new RegExp(`^/_emulator/instances/${ID}$`), ({ registry, params }) => {
    registry.remove(params[0]);
    return { value: { ok: true } };
  }],
  ['GET', new RegExp(`^/_emulator/instances/${ID}/requests$`), ({ registry, params }) => ({ value: registry.require(params[0]).stats.log })],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/scan$`), scan],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/enter-code$`), enterCode],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/rotate$`), ({ registry, params, now }) => {
    const instance = registry.require(params[0]);
    instance.rotateQr(now);
    return { value: instance.qr.describe(now) };
  }],
  ...STATE_ROUTES,
  ...SOCKET_ROUTES,
  ['GET', new RegExp(`^/_emulator/instances/${ID}/faults$`), ({ registry, params }) => ({ value: registry.require(params[0]).faults.list() })],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/faults$`), addFault],
  ['DELETE', new RegExp(`^/_emulator/instances/${ID}/faults$`), ({ registry, params }) => {
    const instance = registry.require(params[0]);
    instance.faults.clear();
    return { value: instance.faults.list() };
  }],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/reset$`), ({ registry, params, now }) => {
    const instance = registry.require(params[0]);
    instance.reset(now);
    return { value: instanceSummary(instance, now) };
  }],
];

/**
 * Routes one /_emulator request. Errors become `{error}` JSON in server.js.
 * @param {IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 * @param {InstanceRegistry} registry
 */
export async function handleControl(req, res, path, registry) {
  const matching = ROUTES.filter(([, pattern]) => pattern.test(path));
  if (matching.length === 0) throw new HttpError(404, 'no such control endpoint');
  const route = matching.find(([verb]) => verb === req.method);
  if (!route) {
    const allow = matching.map(([verb]) => verb).join(', ');
    return sendJson(res, 405, { error: `use ${allow} for this endpoint` }, { Allow: allow });
  }
  const [, pattern, handler] = route;
  const params = /** @type {RegExpExecArray} */ (pattern.exec(path)).slice(1).map(decodePathSegment);
  /** @type {Record<string, unknown>} */
  let body = {};
  if (req.method === 'POST') body = await readJsonBody(req);
  else req.resume();
  const answer = await handler({ body, params, registry, now: Date.now() });
  if ('png' in answer) return send(res, 200, answer.png, 'image/png');
  sendJson(res, answer.status ?? 200, answer.value);
}

/** @type {ControlHandler} */
function createInstance({ body, registry, now }) {
  rejectUnknownKeys(body, ['idInstance', 'apiTokenInstance', 'stateInstance', 'rateLimits']);
  const { idInstance, apiTokenInstance, stateInstance, rateLimits } = body;
  if (rateLimits !== undefined && typeof rateLimits !== 'boolean') throw new HttpError(400, 'rateLimits must be a boolean');
  let id;
  if (idInstance !== undefined) {
    id = typeof idInstance === 'number' ? String(idInstance) : idInstance;
    // GREEN-API ids are int64 with 1 to 10 digits (QuotaExceeded webhook docs).
    if (typeof id !== 'string' || !/^[1-9]\d{0,9}$/.test(id)) throw new HttpError(400, 'idInstance must be 1 to 10 digits');
  }
  if (apiTokenInstance !== undefined) {
    // Any URL-path-safe string is allowed (not only 50 hex chars) so tests can try odd tokens.
    if (typeof apiTokenInstance !== 'string' || !/^[\w.~-]{1,200}$/.test(apiTokenInstance)) {
      throw new HttpError(400, 'apiTokenInstance must be 1 to 200 characters from [A-Za-z0-9_.~-]');
    }
  }
  const instance = registry.create({
    idInstance: id,
    apiTokenInstance,
    stateInstance: stateInstance === undefined ? undefined : parseStateValue(stateInstance),
  });
  if (rateLimits !== undefined) instance.switches.rateLimits = rateLimits;
  instance.qr.describe(now); // materialise the first code so the summary and the images agree
  return { status: 201, value: { idInstance: instance.idInstance, apiTokenInstance: instance.apiTokenInstance } };
}

/** @type {ControlHandler} */
function scan({ body, registry, params, now }) {
  const instance = registry.require(params[0]);
  rejectUnknownKeys(body, ['payload']);
  if (body.payload !== undefined && typeof body.payload !== 'string') throw new HttpError(400, 'payload must be a string');
  instance.scan(/** @type {string | undefined} */ (body.payload), now);
  return { value: { stateInstance: instance.stateInstance } };
}

/** @type {ControlHandler} */
function enterCode({ body, registry, params, now }) {
  const instance = registry.require(params[0]);
  rejectUnknownKeys(body, ['code']);
  if (typeof body.code !== 'string') throw new HttpError(400, 'code must be a string');
  instance.enterPairingCode(body.code, now);
  return { value: { stateInstance: instance.stateInstance } };
}

/** @type {ControlHandler} */
function addFault({ body, registry, params }) {
  const instance = registry.require(params[0]);
  instance.faults.add(body);
  return { status: 201, value: instance.faults.list() };
}

/**
 * @param {string} segment
 */
function decodePathSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in path');
  }
}
