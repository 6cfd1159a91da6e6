// The control API under /_emulator: what a demo page, a test or an integrator uses to play the
// phone (scan, enter-code), the operator (state, creation, reset) and the unreliable network
// (faults, socket faults). All JSON. None of it exists on the real GREEN-API; see README.md.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_TOKEN, ID_INSTANCE } from '../protocol/index.js';
import { HttpError, readJsonBody, rejectUnknownKeys, send, sendJson, type JsonObject } from './http-util.js';
import { avatarPng } from './avatar-image.js';
import { STATE_ROUTES, parseStateValue } from './control-state-routes.js';
import { SOCKET_ROUTES } from './control-socket-routes.js';
import { instanceSummary } from './instance-summary.js';
import type { InstanceRegistry } from './instance-registry.js';
import type { LinkOutcome } from './instance-config.js';
import { instanceId, type ControlHandler, type ControlRoute } from './control-types.js';

const ID = '([^/]+)';
/** Longest token the emulator takes: any URL-path-safe string (API_TOKEN), not only 50 hex chars, so tests can try odd tokens. */
const MAX_TOKEN_LENGTH = 200;

const createInstance: ControlHandler = ({ body, registry, now }) => {
  rejectUnknownKeys(body, ['idInstance', 'apiTokenInstance', 'stateInstance', 'rateLimits']);
  const { idInstance, apiTokenInstance, stateInstance, rateLimits } = body;
  if (rateLimits !== undefined && typeof rateLimits !== 'boolean') throw new HttpError(400, 'rateLimits must be a boolean');
  let id: string | undefined;
  if (idInstance !== undefined) {
    id = typeof idInstance === 'number' ? String(idInstance) : typeof idInstance === 'string' ? idInstance : '';
    if (!ID_INSTANCE.test(id)) throw new HttpError(400, 'idInstance must be 1 to 10 digits');
  }
  if (apiTokenInstance !== undefined) {
    if (typeof apiTokenInstance !== 'string' || apiTokenInstance.length > MAX_TOKEN_LENGTH || !API_TOKEN.test(apiTokenInstance)) {
      throw new HttpError(400, `apiTokenInstance must be 1 to ${MAX_TOKEN_LENGTH} characters from [A-Za-z0-9_.~-]`);
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
};

/** The answer to the phone's scan or code: the state, and whether the passkey gate stopped the link. */
function linkAnswer(outcome: LinkOutcome, stateInstance: unknown): { value: JsonObject } {
  return { value: outcome === 'passkeyRequired' ? { stateInstance, passkeyRequired: true } : { stateInstance } };
}

const scan: ControlHandler = ({ body, registry, params, now }) => {
  const instance = registry.require(instanceId(params));
  rejectUnknownKeys(body, ['payload']);
  const { payload } = body;
  if (payload !== undefined && typeof payload !== 'string') throw new HttpError(400, 'payload must be a string');
  return linkAnswer(instance.scan(payload, now), instance.stateInstance);
};

const enterCode: ControlHandler = ({ body, registry, params, now }) => {
  const instance = registry.require(instanceId(params));
  rejectUnknownKeys(body, ['code']);
  if (typeof body.code !== 'string') throw new HttpError(400, 'code must be a string');
  return linkAnswer(instance.enterPairingCode(body.code, now), instance.stateInstance);
};

const addFault: ControlHandler = ({ body, registry, params }) => {
  const instance = registry.require(instanceId(params));
  instance.faults.add(body);
  return { status: 201, value: instance.faults.list() };
};

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in path');
  }
}

const ROUTES: readonly ControlRoute[] = [
  ['GET', /^\/_emulator\/health$/, () => ({ value: { ok: true } })],
  ['GET', new RegExp(`^/_emulator/avatar/${ID}\\.png$`), ({ registry, params }) => ({ png: avatarPng(registry.require(instanceId(params)).idInstance) })],
  [
    'POST',
    /^\/_emulator\/reset$/,
    ({ registry }) => {
      registry.resetAll();
      return { value: { ok: true } };
    },
  ],
  ['GET', /^\/_emulator\/instances$/, ({ registry, now }) => ({ value: [...registry.instances.values()].map((i) => instanceSummary(i, now)) })],
  ['POST', /^\/_emulator\/instances$/, createInstance],
  ['GET', new RegExp(`^/_emulator/instances/${ID}$`), ({ registry, params, now }) => ({ value: instanceSummary(registry.require(instanceId(params)), now) })],
  [
    'DELETE',
    new RegExp(`^/_emulator/instances/${ID}$`),
    ({ registry, params }) => {
      registry.remove(instanceId(params));
      return { value: { ok: true } };
    },
  ],
  ['GET', new RegExp(`^/_emulator/instances/${ID}/requests$`), ({ registry, params }) => ({ value: registry.require(instanceId(params)).stats.log })],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/scan$`), scan],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/enter-code$`), enterCode],
  [
    'POST',
    new RegExp(`^/_emulator/instances/${ID}/rotate$`),
    ({ registry, params, now }) => {
      const instance = registry.require(instanceId(params));
      instance.rotateQr(now);
      return { value: instance.qr.describe(now) };
    },
  ],
  ...STATE_ROUTES,
  ...SOCKET_ROUTES,
  ['GET', new RegExp(`^/_emulator/instances/${ID}/faults$`), ({ registry, params }) => ({ value: registry.require(instanceId(params)).faults.list() })],
  ['POST', new RegExp(`^/_emulator/instances/${ID}/faults$`), addFault],
  [
    'DELETE',
    new RegExp(`^/_emulator/instances/${ID}/faults$`),
    ({ registry, params }) => {
      const instance = registry.require(instanceId(params));
      instance.faults.clear();
      return { value: instance.faults.list() };
    },
  ],
  [
    'POST',
    new RegExp(`^/_emulator/instances/${ID}/reset$`),
    ({ registry, params, now }) => {
      const instance = registry.require(instanceId(params));
      instance.reset(now);
      return { value: instanceSummary(instance, now) };
    },
  ],
];

/** Routes one /_emulator request. Errors become `{error}` JSON in server.ts. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, registry: InstanceRegistry): Promise<void> {
  const matching = ROUTES.filter(([, pattern]) => pattern.test(path));
  if (matching.length === 0) throw new HttpError(404, 'no such control endpoint');
  const route = matching.find(([verb]) => verb === req.method);
  if (!route) {
    const allow = matching.map(([verb]) => verb).join(', ');
    return sendJson(res, 405, { error: `use ${allow} for this endpoint` }, { Allow: allow });
  }
  const [, pattern, handler] = route;
  const params = (pattern.exec(path) ?? []).slice(1).map(decodePathSegment);
  let body: JsonObject = {};
  if (req.method === 'POST') body = await readJsonBody(req);
  else req.resume();
  const answer = await handler({ body, params, registry, now: Date.now() });
  if ('png' in answer) return send(res, 200, answer.png, 'image/png');
  sendJson(res, answer.status ?? 200, answer.value);
}
