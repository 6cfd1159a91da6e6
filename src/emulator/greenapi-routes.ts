// The GREEN-API side: /waInstance{idInstance}/{method}/{apiTokenInstance}, as parseMethodPath reads it.
//
// Checks run in the order the real service appears to apply them: unknown instance (403),
// wrong token (401), unknown method or verb (404), rate limit (429), then injected faults,
// then the method itself. Bodies and status codes follow GREEN-API's documentation pages, listed under "Sources" in README.md here.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { LINKED_STATES, type LinkingMethodName, type MethodPath, whatsAppId } from '../protocol/index.js';
import { collectBody, send, sendJson, sendText, requestOrigin } from './http-util.js';
import { methodSpec } from './greenapi-methods.js';
import { faultResponse } from './faults.js';
import { trackRequest } from './request-tracker.js';
import { LINKED_PHONE } from './demo-instance.js';
import type { Instance } from './instances.js';
import type { InstanceRegistry } from './instance-registry.js';
import { avatarPng } from './avatar-image.js';
import { qrOffer } from './qr-offer.js';
import { authorizationCodeAnswer, type JsonAnswer } from './authorization-code-method.js';

export interface GreenApiContext {
  registry: InstanceRegistry;
  /** Every pending latency timer, so close() can cancel them. */
  timers: Set<NodeJS.Timeout>;
  baseUrl: () => string;
}

interface MethodInput {
  origin: string;
  bodyText: string | null;
  contentType: string | undefined;
}

export function handleGreenApi(
  req: IncomingMessage,
  res: ServerResponse,
  { idInstance, method: methodSegment, apiTokenInstance }: MethodPath,
  context: GreenApiContext,
): void {
  const spec = methodSpec(methodSegment);
  // Read (or at least drain) the body from the start, so the socket can be reused whatever
  // the answer turns out to be.
  const body = spec?.readsBody ? collectBody(req) : (req.resume(), Promise.resolve(''));
  const instance = context.registry.get(idInstance);
  if (!instance) return sendText(res, 403, 'Forbidden');

  const methodName = spec?.name ?? methodSegment.toLowerCase();
  const tracker = trackRequest(instance, methodName, res, context.timers);

  if (!instance.tokenMatches(apiTokenInstance)) return sendText(res, 401, 'Unauthorized');
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
    answer().catch((error: unknown) => {
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

function methodAnswer(instance: Instance, method: LinkingMethodName, input: MethodInput, now: number): JsonAnswer {
  switch (method) {
    case 'qr': {
      const offer = qrOffer(instance, now);
      // "starting" is the one documented non-200 answer of qr (HTTP 400 with a JSON message).
      if (offer.kind === 'starting') return { status: 400, value: { message: offer.message } };
      // The passkey gate: `qr` has no such type, so an error naming the passkey (our inference).
      if (offer.kind === 'passkeyRequired') return { status: 200, value: { type: 'error', message: offer.message } };
      return { status: 200, value: { type: offer.kind, message: offer.message } };
    }
    case 'getStateInstance': {
      // A null body means "instance is still being created" (creating-and-configuring guide).
      const state = instance.stateInstance;
      return { status: 200, value: state === null ? null : { stateInstance: state } };
    }
    case 'getWaSettings':
      return { status: 200, value: waSettings(instance, input.origin, now) };
    case 'logout':
      instance.logout(now);
      return { status: 200, value: { isLogout: true } };
    case 'getAuthorizationCode':
      return authorizationCodeAnswer(instance, input.bodyText, input.contentType, now);
  }
}

/** getWaSettings: account fields are empty strings unless an account is linked (GetWaSettings page; LINKED_STATES). */
function waSettings(instance: Instance, origin: string, now: number) {
  const linked = LINKED_STATES.includes(instance.stateInstance);
  const avatarUrl = `${origin}/_emulator/avatar/${instance.idInstance}.png`;
  return {
    avatar: linked ? avatarUrl : '',
    base64Avatar: linked ? avatarPng(instance.idInstance).toString('base64') : '',
    chatId: linked ? whatsAppId(LINKED_PHONE) : '',
    phone: linked ? LINKED_PHONE : '',
    stateInstance: instance.stateInstance,
    deviceId: linked ? `${LINKED_PHONE}:26@s.whatsapp.net` : '',
    logoutProcess: instance.isLogoutInProcess(now),
    historySyncProgress: linked ? 100 : 0,
  };
}
