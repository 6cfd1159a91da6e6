import { API_TOKEN, DEFAULT_API_URL, ID_INSTANCE, instancePath, methodUrl as greenApiMethodUrl, normalizeApiUrl, type MethodName } from '../protocol/index.js';
import { configError } from './errors.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

// Where the element sends its calls (the URL of each method, directly or through a proxy), and
// what is wrong with the settings that say so.

/** Where the element sends its calls, and what it must send with them. */
export interface Credentials {
  apiUrl: string;
  idInstance: string;
  apiTokenInstance: string;
  /** The page's own backend route (absolute, already resolved against the page); none: GREEN-API directly. */
  proxyUrl?: string;
  /** Send the page's cookies to a proxy on another origin too. */
  withCredentials?: boolean;
}

/** The attributes an element cannot start without. */
export type CredentialName = 'id-instance' | 'api-token-instance';

/** A proxy URL as the page means it: a relative one against the page's base URL; kept as given when it does not parse (checkCredentials says so). */
export function resolveProxyUrl(proxyUrl: string, pageUrl: string): string {
  if (!proxyUrl) return '';
  try {
    return new URL(proxyUrl, pageUrl).href;
  } catch {
    return proxyUrl;
  }
}

/** The attributes a page has not set yet. Not an error: pages often get the token from their backend after the element is on screen. */
export function missingCredentials({ idInstance, apiTokenInstance, proxyUrl }: Credentials): CredentialName[] {
  const missing: CredentialName[] = [];
  if (!idInstance) missing.push('id-instance');
  // Through a proxy the token stays on the server: the id is all the page gives.
  if (!apiTokenInstance && !proxyUrl) missing.push('api-token-instance');
  return missing;
}

/** What is wrong with the values that are set, as a `config` error, or undefined when they are usable; missing ones are missingCredentials'. */
export function checkCredentials({ apiUrl, idInstance, apiTokenInstance, proxyUrl }: Credentials): GreenApiQrErrorDetail | undefined {
  const problems: string[] = [];
  if (idInstance && !ID_INSTANCE.test(idInstance)) problems.push('id-instance must be 1 to 10 digits');
  if (proxyUrl) {
    // Said without checking the token itself: whatever it is, it must not be in this page.
    if (apiTokenInstance) problems.push('the token must not be in the page when a relay is used: remove api-token-instance, proxy-url adds it on your server');
    if (normalizeApiUrl(proxyUrl) === undefined)
      problems.push('proxy-url must be an http(s) URL (absolute or relative to the page) without credentials, query or fragment');
  } else {
    if (apiTokenInstance && !API_TOKEN.test(apiTokenInstance)) problems.push('api-token-instance contains characters that cannot be part of a URL path');
    if (normalizeApiUrl(apiUrl) === undefined) problems.push('api-url must be an absolute http(s) URL without credentials, query or fragment');
  }
  return configError(problems);
}

/**
 * `{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}`, or through a proxy
 * `{proxyUrl}/waInstance{idInstance}/{method}` with no token; call only after checkCredentials passed.
 */
export function methodUrl(credentials: Credentials, method: MethodName): string {
  const { idInstance, apiTokenInstance, proxyUrl, apiUrl } = credentials;
  if (proxyUrl) return `${normalizeApiUrl(proxyUrl)}${instancePath(idInstance, method)}`;
  return greenApiMethodUrl(normalizeApiUrl(apiUrl) ?? DEFAULT_API_URL, idInstance, method, apiTokenInstance);
}
