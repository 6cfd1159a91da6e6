// The GREEN-API methods that linking an instance needs, each with its verb and its per-instance
// rate limit. Sources: https://green-api.com/en/docs/api/ (each method's page) and
// https://green-api.com/en/docs/api/ratelimiter/ (the per-instance limits).

/** The HTTP methods linking needs, by their URL names. */
export type LinkingMethodName = 'qr' | 'getStateInstance' | 'getWaSettings' | 'logout' | 'getAuthorizationCode';
/** The WebSocket that pushes QR codes. */
export type ScanSocketName = 'scanqrcode';
/** Every name that can follow `waInstance{id}/` in a linking URL. */
export type MethodName = LinkingMethodName | ScanSocketName;

export interface LinkingMethod {
  /** As in the URL. */
  readonly name: LinkingMethodName;
  /** The HTTP method GREEN-API takes it with. */
  readonly verb: 'GET' | 'POST';
  /**
   * The HTTP method a relay (greenapi-qr/server) takes it with, where it is not `verb`: a state
   * change is never a GET there, since a link or an `<img>` on another site sends GETs with the
   * user's cookies (CSRF); the relay then sends GREEN-API's own verb.
   */
  readonly relayVerb?: 'POST';
  /** GREEN-API's limit per instance (ratelimiter page). */
  readonly perSecond: number;
  /**
   * Start-to-start gap that keeps under that limit. GREEN-API counts a request when it arrives, so
   * each gap has a margin: 334 ms for `qr` met 429s when requests arrived a few ms closer.
   */
  readonly gapMs: number;
  /** It changes the instance (never shared between callers, only paced). */
  readonly action: boolean;
}

/** Read-only by type, not frozen: freezing costs the browser bundle bytes and guards nothing a page can reach. */
export const LINKING_METHODS: readonly LinkingMethod[] = [
  { name: 'qr', verb: 'GET', perSecond: 3, gapMs: 350, action: false },
  { name: 'getStateInstance', verb: 'GET', perSecond: 1, gapMs: 1050, action: false },
  { name: 'getWaSettings', verb: 'GET', perSecond: 1, gapMs: 1050, action: false },
  { name: 'logout', verb: 'GET', relayVerb: 'POST', perSecond: 1, gapMs: 1050, action: true },
  // Body `{"phoneNumber": 441234567890}`. Not in the ratelimiter table: 1/s like the other account
  // methods. Codes asked for in a row push real instances into `starting` (green-api/issues#460,
  // #518), so never more than one per 10 s for an instance, whoever asks.
  { name: 'getAuthorizationCode', verb: 'POST', perSecond: 1, gapMs: 10_000, action: true },
];

/** The WebSocket that pushes QR codes (one session per instance; ratelimiter page: `scanQrCode` 1 per second). */
export const SCAN_QR_CODE = { name: 'scanqrcode', perSecond: 1, gapMs: 1050 } as const satisfies { name: ScanSocketName; perSecond: number; gapMs: number };

/** The HTTP method a relay takes `method` with. */
export function relayVerbOf(method: LinkingMethod): 'GET' | 'POST' {
  return method.relayVerb ?? method.verb;
}

/** A method's spec by its URL name (exact spelling), or undefined for anything linking does not need. */
export function linkingMethod(name: string): LinkingMethod | undefined {
  return LINKING_METHODS.find((method) => method.name === name);
}
