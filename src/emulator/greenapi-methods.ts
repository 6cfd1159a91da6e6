// The GREEN-API methods the emulator implements, with their HTTP verbs and rate limits, all
// taken from src/protocol (LINKING_METHODS, SCAN_QR_CODE).
//
// Method names in the path are matched case-insensitively: the 2021 docs write `/Logout/`, the
// SDKs `/logout/`, and Java `/GetAuthorizationCode/`, so the real router cannot be strict.
//
// `scanqrcode` is not listed here: it is a WebSocket, not an HTTP method (scanqrcode-upgrade.ts).

import { LINKING_METHODS, type LinkingMethodName } from '../protocol/index.js';

export interface MethodSpec {
  /** Canonical spelling, used in stats, logs and faults. */
  readonly name: LinkingMethodName;
  /** HTTP methods the real API accepts for it. */
  readonly verbs: readonly string[];
  /** Requests per second per instance (https://green-api.com/en/docs/api/ratelimiter/). */
  readonly perSecond: number;
  /** The answer depends on the JSON request body. */
  readonly readsBody: boolean;
}

/** Verbs the real API takes besides the one the element sends: some SDKs send account actions as POST. */
const ALSO_ACCEPTED: Partial<Record<LinkingMethodName, readonly string[]>> = { logout: ['POST'] };

const METHOD_SPECS: readonly MethodSpec[] = LINKING_METHODS.map(({ name, verb, perSecond }) => ({
  name,
  verbs: [verb, ...(ALSO_ACCEPTED[name] ?? [])],
  perSecond,
  readsBody: verb === 'POST',
}));

/** Canonical method names, in documentation order. */
export const GREEN_API_METHODS: readonly LinkingMethodName[] = METHOD_SPECS.map((spec) => spec.name);

const BY_LOWERCASE = new Map(METHOD_SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

/** The spec of a method segment of the URL, any case. */
export function methodSpec(name: string): MethodSpec | undefined {
  return BY_LOWERCASE.get(name.toLowerCase());
}

/** The canonical spelling of `name` (any case), or null when the emulator has no such method. */
export function canonicalMethod(name: string): LinkingMethodName | null {
  return methodSpec(name)?.name ?? null;
}
