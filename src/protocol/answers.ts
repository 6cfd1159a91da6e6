// The shapes of GREEN-API's answers to the linking methods, read from their parsed JSON: each
// reader gives the typed answer, or undefined when the value does not have the documented shape.
// A field of the wrong type counts as missing. What an answer means (an error, a code to show) is
// for the caller to say.
import type { LinkedAccount } from './account.js';
import type { QrMessage } from './frames.js';
import type { InstanceState } from './states.js';

/** `getWaSettings` (GetWaSettings page): every field may be missing, as when nobody is linked. */
export interface WaSettingsAnswer {
  /** The linked number's digits (`+` may lead). */
  phone?: string;
  /** The linked account's WhatsApp id. */
  chatId?: string;
  /** The avatar's URL. */
  avatar?: string;
  /** The avatar as base64, without a type. */
  base64Avatar?: string;
  /** True while GREEN-API still cleans up after `logout`. */
  logoutProcess?: boolean;
}

/** `getAuthorizationCode` (GetAuthorizationCode page): `status: false` is GREEN-API declining to give a code. */
export interface AuthorizationCodeAnswer {
  status: boolean;
  code?: string;
}

/** `logout` (Logout page). */
export interface LogoutAnswer {
  /** True when the instance was logged out. */
  isLogout: boolean;
}

interface FieldTypes {
  string: string;
  boolean: boolean;
}

function isRecord(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** The fields named in `Types`, each of its type there, each missing when the answer's was of another type. */
type Fields<Types extends Record<string, keyof FieldTypes>> = { [Name in keyof Types]?: FieldTypes[Types[Name]] };

/** A JSON object's fields named in `types` that have the type given there (as `typeof` says); undefined for anything but an object. */
function fields<Types extends Record<string, keyof FieldTypes>>(json: unknown, types: Types): Fields<Types> | undefined {
  if (!isRecord(json)) return undefined;
  const found: Record<string, unknown> = {};
  for (const name in types) if (typeof json[name] === types[name]) found[name] = json[name];
  return found as Fields<Types>;
}

/** The `message` of an error answer (`{"message": "…"}`), which may say what went wrong. */
export function errorMessage(json: unknown): string | undefined {
  return fields(json, { message: 'string' })?.message;
}

/** `qr`'s answer, and each text frame of the `scanqrcode` socket: `{type, message}`, `message` of any type. */
export function qrMessage(json: unknown): QrMessage | undefined {
  return fields(json, { type: 'string' })?.type === undefined ? undefined : (json as QrMessage);
}

/** An `accountData` frame's account: `wid` and `pushname` beside `type` (2021 docs), or in a `message` object; empty ones left out. */
export function accountDataAccount(frame: QrMessage): LinkedAccount {
  const { wid, pushname } = fields(isRecord(frame.message) ? { ...frame, ...frame.message } : frame, { wid: 'string', pushname: 'string' })!;
  const account: LinkedAccount = {};
  if (wid) account.wid = wid;
  if (pushname) account.name = pushname;
  return account;
}

/** `getStateInstance`: `{"stateInstance": "…"}`, and `null` (as the body or the value) while the instance is being created. */
export function stateInstanceAnswer(json: unknown): InstanceState | undefined {
  if (json === null || (isRecord(json) && json.stateInstance === null)) return null;
  return fields(json, { stateInstance: 'string' })?.stateInstance || undefined;
}

export function waSettingsAnswer(json: unknown): WaSettingsAnswer | undefined {
  return fields(json, { phone: 'string', chatId: 'string', avatar: 'string', base64Avatar: 'string', logoutProcess: 'boolean' });
}

export function authorizationCodeAnswer(json: unknown): AuthorizationCodeAnswer | undefined {
  const answer = fields(json, { status: 'boolean', code: 'string' });
  return answer?.status === undefined ? undefined : (answer as AuthorizationCodeAnswer);
}

export function logoutAnswer(json: unknown): LogoutAnswer | undefined {
  const answer = fields(json, { isLogout: 'boolean' });
  return answer?.isLogout === undefined ? undefined : (answer as LogoutAnswer);
}
