/*
 * Watching `<greenapi-qr>`'s `scanqrcode` sockets: what the emulator counts (opened, open, maxOpen),
 * which sockets the page asked for and when, and a socket of the test's own.
 */
import sinon from 'sinon';
import { EMULATOR_URL, instanceInfo, socketAction, type InstanceInfo, type TestInstance } from './emulator.js';
import { until } from './wait.js';

export type SocketStats = InstanceInfo['stats']['sockets'];

/** The emulator's socket counters for the instance. */
export async function socketStats(idInstance: string): Promise<SocketStats> {
  return (await instanceInfo(idInstance)).stats.sockets;
}

/** Waits (in real time) until the emulator's socket counters for the instance match `expected`. */
export async function untilSockets(idInstance: string, expected: Partial<SocketStats>, timeoutMs = 4000): Promise<void> {
  let last: SocketStats | undefined;
  await until(
    async () => {
      last = await socketStats(idInstance);
      return Object.entries(expected).every(([key, value]) => last![key as keyof SocketStats] === value);
    },
    `sockets ${JSON.stringify(expected)} (are ${JSON.stringify(last)})`,
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
}

/** Sends one text frame on the instance's open socket(s), as the server would; an object is sent as JSON. */
export function sendFrame(idInstance: string, frame: string | Record<string, unknown>): Promise<{ sockets: number }> {
  return socketAction(idInstance, { action: 'send', frame: typeof frame === 'string' ? frame : JSON.stringify(frame) });
}

/** The `scanqrcode` URL for an instance on the emulator, built independently of the element's code. */
export function emulatorSocketUrl({ idInstance, apiTokenInstance }: TestInstance): string {
  const { host } = new URL(EMULATOR_URL);
  return `ws://${host}/waInstance${idInstance}/scanqrcode/${apiTokenInstance}`;
}

export interface OpenedSocket {
  url: string;
  /** When the page constructed it, by the watcher's clock. */
  at: number;
  /** The socket itself (its readyState tells whether the page has closed it). */
  socket: WebSocket;
  /** The text frames that reached the page on it, whoever listened to them. */
  frames: string[];
}

/**
 * Records every WebSocket the page constructs from now on (the URL, when, and the frames it got),
 * without changing what the socket does. `now` is the clock: performance.now() (real time) unless
 * told, Date.now() for a test on a fake clock, where it is exact to the element's timers.
 * sinon.restore() puts the real constructor back.
 */
export function watchSockets(now: () => number = () => performance.now()): OpenedSocket[] {
  const opened: OpenedSocket[] = [];
  const Real = window.WebSocket;
  class Watched extends Real {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const frames: string[] = [];
      this.addEventListener('message', (event: MessageEvent) => frames.push(String(event.data)));
      opened.push({ url: String(url), at: now(), socket: this, frames });
    }
  }
  sinon.replace(window, 'WebSocket', Watched);
  return opened;
}

const ownSockets: WebSocket[] = [];

/**
 * A socket of the test's own for the instance (one the element's socket would have to share the
 * instance with), once its first frame has arrived. Closed by `closeOwnSockets()`.
 */
export async function openOwnSocket(instance: TestInstance): Promise<{ socket: WebSocket; frames: string[] }> {
  const socket = new WebSocket(emulatorSocketUrl(instance));
  ownSockets.push(socket);
  const frames: string[] = [];
  socket.addEventListener('message', (event: MessageEvent) => frames.push(String(event.data)));
  await until(() => frames.length > 0, "the first frame on the test's own socket");
  return { socket, frames };
}

export function closeOwnSockets(): void {
  for (const socket of ownSockets.splice(0)) socket.close(1000);
}

/** Makes the page look hidden (or visible again) the way a browser tab switch does. */
export function setPageHidden(hidden: boolean): void {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as unknown as Record<string, unknown>).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

export function pageIsFakedHidden(): boolean {
  return Object.hasOwn(document, 'visibilityState');
}
