// The notifications GREEN-API posts to an instance's `webhookUrl` (setSettings), as far as linking
// needs them: `stateInstanceChanged`, sent when `stateWebhook: "yes"`. Shape from the SDK's types
// (green-api/whatsapp-api-client-js-v2: src/types/webhooks.ts); `webhookUrlToken` comes back in the
// `Authorization` header, as `Bearer <token>` or bare
// (https://green-api.com/en/docs/api/recommendations/working-with-incomming-webhooks/).
import { ID_INSTANCE } from './credentials.js';
import type { InstanceState } from './states.js';

/** The `typeWebhook` of a state change. */
export const STATE_WEBHOOK_TYPE = 'stateInstanceChanged';

/** The settings (`setSettings`) that make GREEN-API post state changes to `webhookUrl`. */
export const STATE_WEBHOOK_SETTINGS = { stateWebhook: 'yes' } as const;

/** A `stateInstanceChanged` notification, checked. */
export interface StateWebhook {
  /** As digits, though GREEN-API sends a number. */
  idInstance: string;
  stateInstance: InstanceState;
  /** The linked account's WhatsApp id (`{digits}@c.us`); empty when nobody is linked. */
  wid: string;
  /** When the state changed, in Unix seconds. */
  timestamp: number;
}

function isRecord(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** Any notification's `typeWebhook`, or undefined when the body is no notification. */
export function webhookType(json: unknown): string | undefined {
  return isRecord(json) && typeof json.typeWebhook === 'string' ? json.typeWebhook : undefined;
}

/** Any notification's `instanceData.idInstance` as digits, or undefined. */
export function webhookInstance(json: unknown): string | undefined {
  const data = isRecord(json) && isRecord(json.instanceData) ? json.instanceData : undefined;
  const id = typeof data?.idInstance === 'number' && Number.isSafeInteger(data.idInstance) ? String(data.idInstance) : data?.idInstance;
  return typeof id === 'string' && ID_INSTANCE.test(id) ? id : undefined;
}

/** `{typeWebhook: "stateInstanceChanged", instanceData: {idInstance, wid, typeInstance}, timestamp, stateInstance}`, or undefined for anything else. */
export function stateWebhook(json: unknown): StateWebhook | undefined {
  if (webhookType(json) !== STATE_WEBHOOK_TYPE || !isRecord(json)) return undefined;
  const idInstance = webhookInstance(json);
  const { stateInstance, timestamp } = json;
  if (idInstance === undefined || typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return undefined;
  if (stateInstance !== null && (typeof stateInstance !== 'string' || stateInstance === '')) return undefined;
  const wid = isRecord(json.instanceData) && typeof json.instanceData.wid === 'string' ? json.instanceData.wid : '';
  return { idInstance, stateInstance, wid, timestamp };
}
