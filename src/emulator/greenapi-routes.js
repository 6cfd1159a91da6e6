// The GREEN-API side: /waInstance{idInstance}/{method}/{apiTokenInstance}.
//
// Checks run in the order the real service appears to apply them: unknown instance (403),
// wrong token (401), unknown method or verb (404), rate limit (429), then injected faults,
// then the method itself. Bodies and status codes follow GREEN-API's documentation pages, listed under "Sources" in README.md here.

import { collectBody, send, sendJson, sendText, requestOrigin } from './http-util.js';
import { methodSpec } from './greenapi-methods.js';
import { faultResponse } from './faults.js';
import { trackRequest } from './request-tracker.js';
import { LINKED_PHONE } from './instances.js';
import { avatarPng } from './avatar-image.js';
import { qrOffer } from './qr-offer.js';
import { authorizationCodeAnswer } from './authorization-code-method.js';

/** @typedef {import('./instances.js').Instance} Instance */
/** @typedef {import('./instance-registry.js').InstanceRegistry} InstanceRegistry */
/** @typedef {{ status: number, value: unknown }} JsonAnswer */
/** @typedef {{ origin: string, bodyText: string | null, contentType: string | undefined }} MethodInput */

/**
 * @typedef {object} GreenApiContext
 * @property {InstanceRegistry} registry
 * @property {Set<NodeJS.Timeout>} timers
 * @property {() => string} baseUrl
 */

/** States in which a WhatsApp account is still linked, so getWaSettings shows it. */
const LINKED_STATES = new Set(['authorized', 'yellowCard', 'sleepMode']);

/** Matches a GREEN-API path: waInstance{id}/{method}/{token}, nothing more. */
export const GREEN_API_PATH = /^\/waInstance([^/]+)\/([^/]+)\/([^/]+)$/;

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {RegExpExecArray} match GREEN_API_PATH on the request path
 * @param {GreenApiContext} context
 */
export function handleGreenApi(req, res, match, context) {
  const [, idInstance, methodSegment, token] = match;
  const spec = methodSpec(methodSegment);
  // Read (or at least drain) the body from the start, so the socket can be reused whatever
  // the answer turns out to be.
  const body = spec?.readsBody ? collectBody(req) : (req.resume(), Promise.resolve(''));
  const instance = context.registry.get(idInstance);
  if (!instance) return sendText(res, 403, 'Forbidden');

  const methodName = spec?.name ?? methodSegment.toLowerCase();
  const tracker = trackRequest(instance, methodName, res, context.timers);

  if (!instance.tokenMatches(token)) return sendText(res, 401, 'Unauthorized');
  // The real API answers 404 both for unknown methods and for a wrong HTTP verb.
  if (!spec || !spec.verbs.includes(req.method ?? '')) return sendText(res, 404, 'Not Found');

  const { allowed, remaining } = instance.admit(spec.name, spec.perSecond, tracker.entry.startedAt);
  // Recorded on real responses (Postman collection); not exposed to browser JS, as there.
  const rateHeaders = { 'X-RateLimit-Replenish-Rate': spec.perSecond, 'X-RateLimit-Remaining': remaining };
  if (!allowed) return sendText(res, 429, 'Too Many Requests', rateHeaders);

  const origin = requestOrigin(req, context.baseUrl());
  const contentType = req.headers['content-type'];
  const answer = async () => {
    const input = { origin, bodyText: await body, contentType };
    const { status, value } = methodAnswer(instance, spec.name, input, Date.now());
    sendJson(res, status, value, rateHeaders);
  };
  const reply = () => {
    answer().catch((error) => {
      console.error('[greenapi-emulator] internal error:', error);
      sendJson(res, 500, { error: 'internal emulator error' });
    });
  };

  const fault = instance.faults.take(spec.name);
  if (!fault) return reply();
  if (fault.hang) return; // left open on purpose; the tracker notices when the client gives up

  const respond = () => {
    const canned = faultResponse(fault, spec.name);
    if (canned) send(res, canned.status, canned.body, canned.contentType, rateHeaders);
    else reply();
  };
  if (fault.latencyMs) tracker.later(respond, fault.latencyMs);
  else respond();
}

/**
 * @param {Instance} instance
 * @param {string} method canonical name
 * @param {MethodInput} input
 * @param {number} now
 * @returns {JsonAnswer}
 */
function methodAnswer(instance, method, input, now) {
  switch (method) {
    case 'qr': {
      const offer = qrOffer(instance, now);
      // "starting" is the one documented non-200 answer of qr (HTTP 400 with a JSON message).
      if (offer.kind === 'starting') return { status: 400, value: { message: offer.message } };
      return { status: 200, value: { type: offer.kind, message: offer.message } };
    }
    case 'getStateInstance':
      // A null body means "instance is still being created" (creating-and-configuring guide).
      return { status: 200, value: instance.stateInstance === null ? null : { stateInstance: instance.stateInstance } };
    case 'getWaSettings':
      return { status: 200, value: waSettings(instance, input.origin, now) };
    case 'logout':
      instance.logout(now);
      return { status: 200, value: { isLogout: true } };
    case 'getAuthorizationCode':
      return authorizationCodeAnswer(instance, input.bodyText, input.contentType, now);
    default:
      throw new Error(`no handler for ${method}`);
  }
}

/**
 * getWaSettings: account fields are empty strings unless an account is linked (GetWaSettings page).
 * @param {Instance} instance
 * @param {string} origin
 * @param {number} now
 */
function waSettings(instance, origin, now) {
  // Our inference: yellowCard and sleepMode accounts are still linked, so their fields are filled.
  const linked = instance.stateInstance !== null && LINKED_STATES.has(instance.stateInstance);
  const avatarUrl = `${origin}/_emulator/avatar/${instance.idInstance}.png`;
  return {
    avatar: linked ? avatarUrl : '',
    base64Avatar: linked ? avatarPng(instance.idInstance).toString('base64') : '',
    chatId: linked ? `${LINKED_PHONE}@c.us` : '',
    phone: linked ? LINKED_PHONE : '',
    stateInstance: instance.stateInstance,
    deviceId: linked ? `${LINKED_PHONE}:26@s.whatsapp.net` : '',
    logoutProcess: instance.isLogoutInProcess(now),
    historySyncProgress: linked ? 100 : 0,
  };
}
