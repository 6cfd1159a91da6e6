// Where GREEN-API's API lives and how its URLs are built and read:
// `{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}` (https://green-api.com/en/docs/api/).

/** Where GREEN-API's API lives unless an instance's `apiUrl` says otherwise. */
export const DEFAULT_API_URL = 'https://api.green-api.com';

/**
 * The domains GREEN-API's API hosts live under: `api.green-api.com` and the per-instance hosts its
 * console shows as `apiUrl` (`https://7103.api.greenapi.com`, `https://api.p03.green-api.com`).
 * Source: https://green-api.com/en/docs/request-format (`https://api.greenapi.com/waInstance1234/…`).
 */
// Frozen: the relay's SSRF rule reads it, and nothing at run time may widen it.
export const GREEN_API_DOMAINS: readonly string[] = Object.freeze(['green-api.com', 'greenapi.com']);

/** Whether `origin` (as `URL.origin` writes it) is one of GREEN-API's API hosts: `https:`, the default port, under GREEN_API_DOMAINS. */
export function isGreenApiOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.origin !== origin) return false;
  return GREEN_API_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`));
}

/** `/waInstance{idInstance}/{method}`: the part of a GREEN-API path before the token, and a relay's whole route. */
export function instancePath(idInstance: string, method: string): string {
  return `/waInstance${idInstance}/${method}`;
}

/** The path segment `waInstance{idInstance}`, decoded: its one group is the id, still to be checked against ID_INSTANCE. */
export const INSTANCE_SEGMENT = /^waInstance(.*)$/s;

/** `{apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}`, with `apiUrl` already normalized (no trailing slash). */
export function methodUrl(apiUrl: string, idInstance: string, method: string, apiTokenInstance: string): string {
  return `${apiUrl}${instancePath(idInstance, method)}/${encodeURIComponent(apiTokenInstance)}`;
}

/** A GREEN-API method path's three parts, as they stand in the path (not decoded, not checked). */
export interface MethodPath {
  idInstance: string;
  method: string;
  apiTokenInstance: string;
}

/** `/waInstance{id}/{method}/{token}` exactly, else undefined: what an API host (the emulator) serves. */
export function parseMethodPath(path: string): MethodPath | undefined {
  const match = /^\/waInstance([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  return match ? { idInstance: match[1]!, method: match[2]!, apiTokenInstance: match[3]! } : undefined;
}

/** A path with the token segment of a GREEN-API method path replaced by `***`, for logs. */
export function withoutPathToken(path: string): string {
  return path.replace(/(\/waInstance[^/]*\/+[^/]+\/+)[^/]+/, '$1***');
}

/** The WebSocket URL for an http(s) one: http → ws, https → wss. */
export function toSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** The API base without trailing slashes, or undefined when it is not an absolute http(s) URL without credentials, query or fragment. */
export function normalizeApiUrl(apiUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // An empty `?` or `#` leaves url.search and url.hash empty, yet would put the method path and the token after it.
  if (url.username || url.password || /[?#]/.test(url.href)) return undefined;
  return url.href.replace(/\/+$/, '');
}
