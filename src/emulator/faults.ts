// Injected faults: slow, hanging, failing or malformed answers on the GREEN-API side.
//
// The real service produces all of these in the wild (60 s QR responses in green-api/issues#559,
// 502/504 from its proxies, 429 on overlapping requests, 466 quota errors), and an element that
// only ever met the happy path would break on first contact. Faults are installed through the
// control API, matched in order of addition, and each matching request uses up one `times`.

import { STATUS_CODES } from 'node:http';
import { type LinkingMethodName, STARTING_MESSAGE } from '../protocol/index.js';
import { HttpError, JSON_TYPE, TEXT_TYPE, rejectUnknownKeys, type JsonObject } from './http-util.js';
import { GREEN_API_METHODS, canonicalMethod } from './greenapi-methods.js';

export interface CannedResponse {
  status: number;
  body: string;
  contentType: string;
}

export interface Fault {
  id: number;
  /** Canonical method name, or '*' for any. */
  method: LinkingMethodName | '*';
  /** Uses left; null = unlimited. */
  times: number | null;
  status?: number;
  /** A string is sent as text, anything else as JSON. */
  body?: string | object | null;
  contentType?: string;
  latencyMs?: number;
  hang?: boolean;
  preset?: FaultPreset;
}

const FAULT_FIELDS = ['method', 'times', 'status', 'body', 'contentType', 'latencyMs', 'hang', 'preset'];
const MAX_LATENCY_MS = 10 * 60 * 1000;

/** A 1×1 GIF: valid base64, valid image, wrong format (the `qr` message must be a PNG). */
const TINY_GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** What nginx shows when the upstream is down; proxies and captive portals answer like this. */
const PROXY_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx/1.14.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n';

export const PRESETS = Object.freeze({
  'not-json': { status: 200, body: '<<garbage>>', contentType: TEXT_TYPE },
  html: { status: 200, body: PROXY_ERROR_PAGE, contentType: 'text/html' },
  empty: { status: 200, body: '', contentType: JSON_TYPE },
  'unknown-type': { status: 200, body: JSON.stringify({ type: 'somethingNew', message: 'x' }), contentType: JSON_TYPE },
  'bad-base64': { status: 200, body: JSON.stringify({ type: 'qrCode', message: '@@not base64@@' }), contentType: JSON_TYPE },
  'not-png': { status: 200, body: JSON.stringify({ type: 'qrCode', message: TINY_GIF_BASE64 }), contentType: JSON_TYPE },
  'wrong-shape': { status: 200, body: JSON.stringify({ foo: 1 }), contentType: JSON_TYPE },
} satisfies Record<string, CannedResponse>);

export type FaultPreset = keyof typeof PRESETS;

function isPreset(value: unknown): value is FaultPreset {
  return typeof value === 'string' && Object.hasOwn(PRESETS, value);
}

/** Plain-text bodies of the common errors (GREEN-API common-errors page). */
const TEXT_BODIES: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The body the real API would send with `status` for `method` (the method that was called), when the fault gave none. */
export function realisticErrorResponse(status: number, method: string): CannedResponse {
  if (status === 400) {
    return { status, body: JSON.stringify({ message: STARTING_MESSAGE }), contentType: JSON_TYPE };
  }
  if (status === 466) {
    // Shape of https://greenapi.com/en/docs/api/466-error-example-body (method names are lowercase there).
    const invokeStatus = {
      method: method.toLowerCase(),
      used: 100,
      total: 100,
      status: 'QUOTE_EXCEEDED',
      description: 'Monthly quota has been exceeded. Please go to your personal account and change the tariff to business https://console.green-api.com',
    };
    return { status, body: JSON.stringify({ invokeStatus }), contentType: JSON_TYPE };
  }
  const text = TEXT_BODIES[status] ?? STATUS_CODES[status] ?? 'Error';
  return { status, body: text, contentType: TEXT_TYPE };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Validates a control-API fault description. Throws HttpError(400) with a readable reason. */
export function parseFault(input: JsonObject, id: number): Fault {
  rejectUnknownKeys(input, FAULT_FIELDS);
  const { method = 'qr', times, status, body, contentType, latencyMs, hang, preset } = input;

  const canonical = method === '*' ? '*' : typeof method === 'string' ? canonicalMethod(method) : null;
  if (!canonical) throw new HttpError(400, `method must be one of ${GREEN_API_METHODS.join(', ')} or '*'`);
  const fault: Fault = { id, method: canonical, times: null };

  if (times !== undefined && times !== null) {
    if (!isIntegerIn(times, 1, Number.MAX_SAFE_INTEGER)) throw new HttpError(400, 'times must be a positive integer');
    fault.times = times;
  }
  if (status !== undefined) {
    if (!isIntegerIn(status, 200, 599)) throw new HttpError(400, 'status must be an integer HTTP status from 200 to 599');
    fault.status = status;
  }
  if (body !== undefined) {
    if (body !== null && typeof body !== 'string' && typeof body !== 'object') {
      throw new HttpError(400, 'body must be a string, a JSON object/array or null');
    }
    fault.body = body;
  }
  if (contentType !== undefined) {
    if (typeof contentType !== 'string' || contentType === '' || /[\r\n]/.test(contentType)) {
      throw new HttpError(400, 'contentType must be a non-empty single-line string');
    }
    fault.contentType = contentType;
  }
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new HttpError(400, `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`);
    }
    fault.latencyMs = latencyMs;
  }
  if (hang !== undefined) {
    if (typeof hang !== 'boolean') throw new HttpError(400, 'hang must be a boolean');
    fault.hang = hang;
  }
  if (preset !== undefined) {
    if (!isPreset(preset)) throw new HttpError(400, `preset must be one of ${Object.keys(PRESETS).join(', ')}`);
    fault.preset = preset;
  }

  const doesSomething = ['status', 'body', 'latencyMs', 'preset'].some((key) => key in fault) || fault.hang === true;
  if (!doesSomething) throw new HttpError(400, 'a fault needs at least one of status, body, preset, latencyMs or hang: true');
  return fault;
}

/**
 * The canned answer a fault replaces the normal answer of `method` with, or null when the fault
 * only delays (latencyMs without status/body/preset) and the normal answer should follow.
 */
export function faultResponse(fault: Fault, method: string): CannedResponse | null {
  let response: CannedResponse;
  if (fault.preset) {
    response = { ...PRESETS[fault.preset] };
    if (fault.status !== undefined) response.status = fault.status;
  } else if ('body' in fault) {
    const body = fault.body;
    response =
      typeof body === 'string'
        ? { status: fault.status ?? 200, body, contentType: TEXT_TYPE }
        : { status: fault.status ?? 200, body: JSON.stringify(body), contentType: JSON_TYPE };
  } else if (fault.status !== undefined) {
    response = realisticErrorResponse(fault.status, method);
  } else {
    return null;
  }
  if (fault.contentType) response.contentType = fault.contentType;
  return response;
}

/** An instance's ordered list of faults. */
export class FaultList {
  faults: Fault[] = [];
  nextId = 1;

  add(input: JsonObject): Fault {
    const fault = parseFault(input, this.nextId);
    this.nextId += 1;
    this.faults.push(fault);
    return fault;
  }

  /** Finds the first fault for `method` (canonical name), uses up one of its `times`, and returns it. */
  take(method: string): Fault | null {
    const index = this.faults.findIndex((fault) => fault.method === '*' || fault.method === method);
    if (index === -1) return null;
    const fault = this.faults[index];
    if (fault.times !== null) {
      fault.times -= 1;
      if (fault.times === 0) this.faults.splice(index, 1);
    }
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  /** Copies, in matching order. */
  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }
}
