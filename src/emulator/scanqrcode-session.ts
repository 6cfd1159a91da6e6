// One `scanqrcode` WebSocket: which frames the server sends on it, and when it closes.
//
// Facts (Scanqrcode page, https://green-api.com/en/docs/api/account/Scanqrcode/): text frames
// of JSON `{type, message}`; `qrCode` carries the same base64 PNG as the HTTP `qr` method;
// `accountData` follows a successful scan; "Timeout for scanning a QR code is 100 seconds",
// signalled as `timeoutExpired` (2021 docs, current EN page) or `timeout` (current docs on
// other mirrors). Neither revision says who closes the socket; both official clients close it
// themselves on any frame that is not `qrCode`. `passkeyRequired` is the calls socket's
// documented type for WhatsApp's passkey gate (callsScanqrcode page).

import { WebSocket } from 'ws';
import { type QrMessageType, SCAN_TIMEOUT_MESSAGE, STARTING_MESSAGE, whatsAppId } from '../protocol/index.js';
import { LINKED_PHONE } from './demo-instance.js';
import type { Instance } from './instances.js';
import type { SocketSession } from './instance-sockets.js';
import { qrOffer } from './qr-offer.js';

/**
 * Close code for a second concurrent socket of one instance. Our inference: the docs only say
 * "allows only 1 session"; 1008 is the standard "policy violation" code.
 */
export const SECOND_SESSION_CLOSE_CODE = 1008;

/** Shown as WhatsApp's push name of the emulated account (accountData.pushname). */
const PUSH_NAME = 'GREEN-API Emulator';

/** One frame the server sends: `type` and its fields. */
type Frame = { type: QrMessageType } & Record<string, string>;

export class ScanQrCodeSession implements SocketSession {
  readonly socket: WebSocket;
  readonly instance: Instance;
  /** 'qr' while codes are being shown; 'finished' after the final frame */
  #phase: 'qr' | 'finished' = 'qr';
  /** payload of the last qrCode frame sent, so a rotation sends exactly one new frame */
  #lastPayload: string | null = null;
  #rotationTimer: NodeJS.Timeout | undefined;
  #scanTimer: NodeJS.Timeout | undefined;
  #graceTimer: NodeJS.Timeout | undefined;

  constructor(socket: WebSocket, instance: Instance) {
    this.socket = socket;
    this.instance = instance;
    // Protocol errors (bad frames from the client) are answered by `ws` itself with a close;
    // without a listener they would crash the emulator. Client messages are ignored: the
    // documented protocol only goes from server to client.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#stopTimers();
      instance.sockets.delete(this);
    });
  }

  /** Sends the first frame and starts the scan timeout. */
  start(): void {
    this.#scanTimer = setTimeout(() => this.timeOut(), this.instance.options.scanTimeoutMs);
    this.refresh();
  }

  /**
   * The one-session rule ("This method allows only 1 session", callsScanqrcode page): this
   * socket is not the instance's first open one. Message and close code are our inference.
   */
  refuseAsSecondSession(): void {
    this.#phase = 'finished';
    this.#stopTimers();
    this.#send({ type: 'error', message: 'only 1 session is allowed for scanqrcode' });
    this.close(SECOND_SESSION_CLOSE_CODE, 'only 1 session allowed');
  }

  refresh(): void {
    if (this.#phase !== 'qr') return;
    const now = Date.now();
    const offer = qrOffer(this.instance, now);
    if (offer.kind === 'qrCode') {
      if (offer.payload !== this.#lastPayload) {
        this.#lastPayload = offer.payload;
        this.#send({ type: 'qrCode', message: offer.message });
      }
      this.#scheduleRotation(offer.rotatesAt - now);
      return;
    }
    if (offer.kind === 'alreadyLogged' && this.#lastPayload !== null) {
      // Linked while this socket showed codes. Shape from the 2021 docs (green-api/docs
      // ru/docs/api/account/Scanqrcode.md): wid, pushname, proxy and webhookUrl sit beside
      // `type`, not inside `message`. The values of proxy and webhookUrl are our inference:
      // the emulated instance has neither configured.
      this.#send({ type: 'accountData', wid: whatsAppId(LINKED_PHONE), pushname: PUSH_NAME, proxy: '', webhookUrl: '' });
    } else if (offer.kind === 'starting') {
      // Our inference: the HTTP method's 400 "starting" answer, as an error frame.
      this.#send({ type: 'error', message: STARTING_MESSAGE });
    } else {
      this.#send({ type: offer.kind, message: offer.message });
    }
    this.#finish();
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
  }

  drop(): void {
    this.socket.terminate();
  }

  sendRaw(text: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  /** The scan time ran out (or the control API says it did): the timeout frame, in the instance's spelling, then close 1000. */
  timeOut(): boolean {
    if (this.#phase !== 'qr') return false;
    this.#phase = 'finished';
    this.#stopTimers();
    // Both documented names carry the same message; the instance switch picks the type.
    this.#send({ type: this.instance.switches.wsTimeoutType, message: SCAN_TIMEOUT_MESSAGE });
    this.close(1000, '');
    return true;
  }

  #send(frame: Frame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  /** Wakes up when the current code rotates, `delayMs` from now. */
  #scheduleRotation(delayMs: number): void {
    clearTimeout(this.#rotationTimer);
    // +1 ms: a timer may fire a hair before Date.now() reaches rotatesAt; refresh() would then
    // find the old code and simply schedule itself again, but one wake-up is enough.
    this.#rotationTimer = setTimeout(() => this.refresh(), Math.max(0, delayMs) + 1);
  }

  #finish(): void {
    this.#phase = 'finished';
    this.#stopTimers();
    // The server leaves closing to the client, as official clients close at once on any frame
    // but qrCode; one that lingers is closed after closeGraceMs (5 s by default; our inference).
    this.#graceTimer = setTimeout(() => this.close(1000, ''), this.instance.options.closeGraceMs);
  }

  #stopTimers(): void {
    clearTimeout(this.#rotationTimer);
    clearTimeout(this.#scanTimer);
    clearTimeout(this.#graceTimer);
  }
}
