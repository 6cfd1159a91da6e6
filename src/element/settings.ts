import type { PropertyDeclaration } from 'lit';
import { DEFAULT_API_URL } from '../protocol/index.js';
import type { AuthorizationSettings } from './authorization-view.js';
import { camelCaseAttributesHint } from './camel-case-attributes.js';
import { checkCredentials, missingCredentials, resolveProxyUrl, type CredentialName, type Credentials } from './credentials.js';
import { configError } from './errors.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/** The element's settings: read from its properties, with its defaults, and judged before a session starts. */

export const DEFAULT_POLL_INTERVAL = 1000;
export const DEFAULT_MAX_WAIT = 300_000;

/** The element's properties the settings are read from. */
type SettingName = keyof Omit<AuthorizationSettings, 'credentials' | 'attributeHint'> | keyof Credentials;

/** The element, with its properties as a page may have set them: from a framework, anything. */
export type SettingsSource = Element & Partial<Record<SettingName, unknown>>;

/** Text as a page may have set it (null, a number…), trimmed. */
function text(value: unknown): string {
  return String(value ?? '').trim();
}

/** The settings as the element's properties say now; `properties`: the element's declared ones, for the attribute hint. */
export function readSettings(element: SettingsSource, properties: ReadonlyMap<PropertyKey, PropertyDeclaration>): AuthorizationSettings {
  return {
    credentials: {
      idInstance: text(element.idInstance),
      apiTokenInstance: text(element.apiTokenInstance),
      apiUrl: text(element.apiUrl) || DEFAULT_API_URL,
      proxyUrl: resolveProxyUrl(text(element.proxyUrl), document.baseURI),
      withCredentials: Boolean(element.withCredentials),
    },
    requestHeaders: element.requestHeaders,
    method: text(element.method) || 'qr',
    transport: text(element.transport) || 'poll',
    phoneNumber: text(element.phoneNumber),
    pollInterval: Number(element.pollInterval),
    maxWait: Number(element.maxWait),
    attributeHint: camelCaseAttributesHint(element, properties),
  };
}

/** A usable poll interval: the default for nonsense. The rate limit is kept by GreenApiClient for every request. */
export function effectivePollInterval(value: number): number {
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_POLL_INTERVAL;
}

/** A usable max-wait: the default for anything that is not a positive number. */
export function effectiveMaxWait(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_WAIT;
}

/** What is wrong with `method` and `transport`, as a `config` error, or undefined. */
export function checkModes({ method, transport }: AuthorizationSettings): GreenApiQrErrorDetail | undefined {
  const problems: string[] = [];
  if (method !== 'qr' && method !== 'phone') problems.push('method must be "qr" or "phone"');
  if (transport !== 'poll' && transport !== 'websocket') problems.push('transport must be "poll" or "websocket"');
  return configError(problems);
}

/**
 * What keeps `settings` from starting a session: a `config` error, or the credentials still missing
 * (none: it can start). An element with no credential at all is only being set up: nothing of it is judged yet.
 */
export function checkSettings(settings: AuthorizationSettings): GreenApiQrErrorDetail | CredentialName[] {
  const missing = missingCredentials(settings.credentials);
  return (missing.length < 2 && (checkCredentials(settings.credentials) ?? checkModes(settings))) || missing;
}
