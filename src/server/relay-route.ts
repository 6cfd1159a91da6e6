// Which instance and method a request to the relay asks for. The route is exactly
// `{basePath}/waInstance{idInstance}/{method}`: nothing else in the URL is read, and any other path
// under the mount is 404, so no query string, host or extra segment can steer where the relay goes.
import { ID_INSTANCE, INSTANCE_SEGMENT, instancePath, linkingMethod, SCAN_QR_CODE, type MethodName } from '../protocol/index.js';

/** The instance and method a relay route names, both checked. */
export interface RelayRoute {
  idInstance: string;
  method: MethodName;
}

/** Why a path is no relay route, and the status that says so. */
export interface RouteRefusal {
  status: 400 | 404;
  reason: string;
}

/** Where the README's recipes mount the relay, and so where it answers unless told otherwise. */
export const DEFAULT_BASE_PATH = '/api/whatsapp';

/**
 * `basePath` as a URL path writes it (percent-encoded, no trailing slash; `/` is the root).
 * @param basePath checked here, since JavaScript callers may pass anything
 */
export function normalizeBasePath(basePath: unknown): string {
  // `//x` and `\x` would be read as a host name by URL, and the relay would answer elsewhere.
  if (typeof basePath !== 'string' || !/^\/(?![/\\])[^?#\\]*$/.test(basePath)) {
    throw new TypeError(`basePath must be the path the relay is mounted at, such as '${DEFAULT_BASE_PATH}' (got ${JSON.stringify(basePath)})`);
  }
  return new URL(basePath, 'http://relay.invalid').pathname.replace(/\/+$/, '');
}

/**
 * @param pathname the URL's path, as WHATWG URL gives it (`..` already resolved, `%2F` still encoded)
 * @param basePath what normalizeBasePath returned
 */
export function parseRelayRoute(pathname: string, basePath: string): RelayRoute | RouteRefusal {
  const notRelay: RouteRefusal = { status: 404, reason: `not a relay route: the relay answers ${basePath}${instancePath('{idInstance}', '{method}')} only` };
  if (!pathname.startsWith(`${basePath}/`)) return notRelay;
  const segments = pathname.slice(basePath.length + 1).split('/');
  if (segments.length !== 2) return notRelay;
  const decoded: string[] = [];
  for (const segment of segments) {
    // Decoded once, then matched exactly: `%2F` or a double-encoded `%252F` can never make a segment match.
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return { status: 400, reason: 'malformed percent-encoding' };
    }
  }
  const [instanceSegment, methodSegment] = decoded;
  const idInstance = INSTANCE_SEGMENT.exec(instanceSegment)?.[1];
  if (idInstance === undefined) return notRelay;
  const method = methodSegment === SCAN_QR_CODE.name ? SCAN_QR_CODE.name : linkingMethod(methodSegment)?.name;
  if (method === undefined) return { status: 404, reason: 'not a method the element uses' };
  if (!ID_INSTANCE.test(idInstance)) return { status: 400, reason: 'idInstance must be 1 to 10 digits' };
  return { idInstance, method };
}
