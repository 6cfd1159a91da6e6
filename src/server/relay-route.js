// @ts-check
// Which instance and method a request to the relay asks for: the last two path segments,
// `waInstance{idInstance}/{method}`, wherever the app mounts the route. Nothing else in the URL is
// read, so no query string, host or extra segment can steer where the relay goes.
import { ID_INSTANCE, linkingMethod, SCAN_QR_CODE } from '../protocol/greenapi.js';

/**
 * @typedef {{ idInstance: string, method: import('../protocol/greenapi.js').LinkingMethod['name'] | 'scanqrcode' }} RelayRoute
 * @typedef {{ status: 400 | 404, reason: string }} RouteRefusal
 */

const INSTANCE_SEGMENT = /^waInstance(.*)$/;

/**
 * @param {string} pathname the URL's path, as WHATWG URL gives it (`..` already resolved, `%2F` still encoded)
 * @returns {RelayRoute | RouteRefusal}
 */
export function parseRelayRoute(pathname) {
  const segments = pathname.split('/');
  if (segments.length < 3) return { status: 404, reason: 'not a relay route' };
  const decoded = [];
  for (const segment of segments.slice(-2)) {
    // Decoded once, then matched exactly: `%2F` or a double-encoded `%252F` can never make a segment match.
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return { status: 400, reason: 'malformed percent-encoding' };
    }
  }
  const [instanceSegment, method] = decoded;
  const instance = INSTANCE_SEGMENT.exec(instanceSegment);
  if (!instance) return { status: 404, reason: 'not a relay route' };
  if (method !== SCAN_QR_CODE.name && !linkingMethod(method)) return { status: 404, reason: 'not a method the element uses' };
  if (!ID_INSTANCE.test(instance[1])) return { status: 400, reason: 'idInstance must be 1 to 10 digits' };
  return { idInstance: instance[1], method: /** @type {RelayRoute['method']} */ (method) };
}
