/**
 * Browser-side client for the GREEN-API emulator's control API (src/emulator). The test runner
 * starts the emulator and puts its URL on the page.
 */
import {
  EmulatorControl,
  type CreationTiming,
  type EmulatedInstance,
  type Fault,
  type InstalledFault,
  type InstanceInfo,
  type LinkResult,
  type LoggedRequest,
  type NewInstance,
  type ScanTimeoutType,
  type SocketAction,
  type StateChange,
} from '../../src/emulator/control-client.js';

/** The emulator the test runner started (web-test-runner.config.mjs), and the options it gave it. */
const EMULATOR = (window as unknown as { __GREENAPI_EMULATOR__: { url: string; logoutProcessMs: number } }).__GREENAPI_EMULATOR__;

export const EMULATOR_URL: string = EMULATOR.url;

/** How long a logout's cleanup (getWaSettings.logoutProcess) lasts on the emulator, in its real time. */
export const EMULATOR_LOGOUT_PROCESS_MS: number = EMULATOR.logoutProcessMs;

/** Nothing listens there (and browsers refuse the port): every request is a real network failure. */
export const CLOSED_PORT_URL = 'http://127.0.0.1:9';

export type TestInstance = EmulatedInstance;
export type { CreationTiming, Fault, InstalledFault, InstanceInfo, LinkResult, LoggedRequest, ScanTimeoutType, SocketAction, StateChange };

const control = new EmulatorControl(EMULATOR_URL);

/** A fresh instance of its own for each test, so tests never share state or rate limits. */
export const createInstance = (init: NewInstance = {}) => control.createInstance(init);
export const instanceInfo = (id: string) => control.instanceInfo(id);
export const requestLog = (id: string) => control.requestLog(id);
export const scan = (id: string, payload?: string) => control.scan(id, payload);
export const rotate = (id: string) => control.rotate(id);
export const setState = (id: string, state: StateChange) => control.setState(id, state);
/** Acts as the user typing a pairing code on the phone; rejects (HTTP 409) for a wrong or expired code. */
export const enterCode = (id: string, code: string) => control.enterCode(id, code);
/** Acts on every open scanqrcode socket of the instance; rejects (HTTP 409) when none is open. */
export const socketAction = (id: string, action: SocketAction) => control.socketAction(id, action);
export const addFault = (id: string, fault: Fault) => control.addFault(id, fault);
export const clearFaults = (id: string) => control.clearFaults(id);
/** Runs GREEN-API's creation on the instance: `null`, then `starting`, then `notAuthorized` (6 s each unless given). */
export const simulateCreation = (id: string, timing?: CreationTiming) => control.simulateCreation(id, timing);
/** The spelling of the instance's scan-timeout frame: `timeoutExpired` (the default) or `timeout`. */
export const setScanTimeoutType = (id: string, type: ScanTimeoutType) => control.setScanTimeoutType(id, type);
/** The scan time of the instance's open socket runs out now; rejects (HTTP 409) when none is open. */
export const expireScan = (id: string) => control.expireScan(id);
/** WhatsApp's passkey gate: a scan then leaves the instance notAuthorized and `qr` names the passkey, until it is off again. */
export const setPasskeyRequired = (id: string, required: boolean) => control.setPasskeyRequired(id, required);

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
  const bytes = await control.avatar(idInstance);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { phone: EMULATED_PHONE, wid: `${EMULATED_PHONE}@c.us`, avatar: `data:image/png;base64,${btoa(binary)}` };
}
