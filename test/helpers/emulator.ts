/**
 * Browser-side client for the GREEN-API emulator's control API (demo/emulator). The test runner
 * starts the emulator and puts its URL on the page.
 */
export const EMULATOR_URL: string = (window as unknown as { __GREENAPI_EMULATOR__: string }).__GREENAPI_EMULATOR__;

/** Nothing listens there (and browsers refuse the port): every request is a real network failure. */
export const CLOSED_PORT_URL = 'http://127.0.0.1:9';

export interface TestInstance {
  idInstance: string;
  apiTokenInstance: string;
}

export interface Fault {
  method?: string;
  times?: number;
  status?: number;
  body?: unknown;
  contentType?: string;
  latencyMs?: number;
  hang?: boolean;
  preset?: 'not-json' | 'html' | 'empty' | 'unknown-type' | 'bad-base64' | 'not-png' | 'wrong-shape';
}

export interface InstanceInfo {
  idInstance: string;
  stateInstance: string | null;
  needsLogout: boolean;
  logoutProcess: boolean;
  qr: { payload: string; version: number; rotatesAt: number };
  stats: {
    requests: Record<string, number>;
    inFlight: number;
    maxInFlight: number;
    aborted: number;
    sockets: { opened: number; open: number; maxOpen: number };
  };
  pairing: { code: string | null; expiresAt: number | null; requests: number; wrongEntries: number };
}

/** What POST /state can change; see demo/emulator/README.md. */
export interface StateChange {
  stateInstance?: string | null;
  needsLogout?: boolean;
  wsTimeoutType?: 'timeout' | 'timeoutExpired';
  wsRefuse?: boolean;
  strictPairing?: boolean;
  pairingFails?: boolean;
}

export type SocketAction = { action: 'drop' } | { action: 'close'; code?: number; reason?: string } | { action: 'send'; frame: string };

export interface LoggedRequest {
  method: string;
  startedAt: number;
  endedAt: number | null;
  status: number | null;
  aborted: boolean;
}

async function call<T>(path: string, method = 'POST', body?: unknown): Promise<T> {
  const response = await fetch(`${EMULATOR_URL}/_emulator${path}`, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} ${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A fresh instance of its own for each test, so tests never share state or rate limits. */
export const createInstance = (init: Partial<TestInstance> & { stateInstance?: string | null } = {}) =>
  call<TestInstance>('/instances', 'POST', init);
export const instanceInfo = (id: string) => call<InstanceInfo>(`/instances/${id}`, 'GET');
export const requestLog = (id: string) => call<LoggedRequest[]>(`/instances/${id}/requests`, 'GET');
export const scan = (id: string, payload?: string) => call<unknown>(`/instances/${id}/scan`, 'POST', payload ? { payload } : {});
export const rotate = (id: string) => call<InstanceInfo['qr']>(`/instances/${id}/rotate`);
export const setState = (id: string, state: StateChange) => call<unknown>(`/instances/${id}/state`, 'POST', state);
/** Acts as the user typing a pairing code on the phone; rejects (HTTP 409) for a wrong or expired code. */
export const enterCode = (id: string, code: string) => call<unknown>(`/instances/${id}/enter-code`, 'POST', { code });
/** Acts on every open scanqrcode socket of the instance; rejects (HTTP 409) when none is open. */
export const socketAction = (id: string, action: SocketAction) => call<{ sockets: number }>(`/instances/${id}/ws`, 'POST', action);
export const addFault = (id: string, fault: Fault) => call<unknown>(`/instances/${id}/faults`, 'POST', fault);
export const clearFaults = (id: string) => call<unknown>(`/instances/${id}/faults`, 'DELETE');

/** The number of the WhatsApp account the emulator links (getWaSettings `phone`). */
export const EMULATED_PHONE = '79001234567';

/** What the emulator's getWaSettings tells about a linked instance's account. */
export interface EmulatedAccount {
  phone: string;
  wid: string;
  /** The emulator's avatar PNG as a `data:` URL: what the element makes of `base64Avatar`. */
  avatar: string;
}

/**
 * The account fields of the `authorized` detail once the emulator has linked `idInstance`: phone
 * and chatId as its getWaSettings gives them, and its avatar PNG (read from the control API, so
 * that no GREEN-API request is spent) as a `data:` URL.
 */
export async function emulatedAccount(idInstance: string): Promise<EmulatedAccount> {
  const response = await fetch(`${EMULATOR_URL}/_emulator/avatar/${idInstance}.png`);
  if (!response.ok) throw new Error(`emulator avatar of ${idInstance}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { phone: EMULATED_PHONE, wid: `${EMULATED_PHONE}@c.us`, avatar: `data:image/png;base64,${btoa(binary)}` };
}
