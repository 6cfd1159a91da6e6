import { QR_LIFETIME_MS } from '../protocol/index.js';
import { backoffDelay } from './backoff.js';
import { interpretQrFrame, socketUrl } from './socket-api.js';
import type { Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';

/** A pushed code arrives when the server rotates it, a moment after the 20 s are up; the server accepts the old one briefly. */
const PUSHED_QR_LIFETIME_MS = QR_LIFETIME_MS + 2_000;
const NORMAL_CLOSURE = 1000;

/**
 * `transport="websocket"`: GREEN-API pushes each code over `scanqrcode`. One socket at a time; it
 * is closed by us on every final frame, reopened after the server's 100 s scan timeout, and given
 * up for polling (`socket-unavailable`) when it cannot open or is cut before a final frame.
 */
export class SocketQrSource implements Activity {
  readonly #context: SourceContext;
  #socket?: WebSocket;
  #timer?: ReturnType<typeof setTimeout>;
  #failedAttempts = 0;

  constructor(context: SourceContext) {
    this.#context = context;
  }

  start(delay = 0): void {
    this.stop();
    this.#openLater(delay);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#close();
  }

  /** scanQrCode allows 1 connection per second per instance. */
  #openLater(delay: number): void {
    const wait = Math.max(delay, this.#context.client.waitBefore('scanqrcode'));
    this.#timer = setTimeout(() => this.#open(), wait);
  }

  #open(): void {
    this.#timer = undefined;
    const { client, credentials, emit } = this.#context;
    client.markStart('scanqrcode');
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(credentials));
    } catch {
      emit({ kind: 'socket-unavailable' });
      return;
    }
    this.#socket = socket;
    let framesReceived = 0;
    let finished = false;
    socket.onmessage = (message: MessageEvent) => {
      framesReceived++;
      const outcome = interpretQrFrame(message.data, credentials.apiTokenInstance);
      if (outcome.kind === 'qr-code') {
        this.#failedAttempts = 0;
        emit({ kind: 'qr-code', image: outcome.image, freshForMs: PUSHED_QR_LIFETIME_MS });
        return;
      }
      finished = true;
      this.#close();
      switch (outcome.kind) {
        case 'authorized':
          emit({ kind: 'authorized', account: outcome.account });
          break;
        case 'session-taken':
          // Another tab or app holds the one scanqrcode session; `qr` can be asked from anywhere.
          emit({ kind: 'socket-unavailable' });
          break;
        case 'scan-timeout':
          // Nobody scanned within the server's 100 s: a new socket brings new codes until max-wait.
          this.#openLater(0);
          break;
        case 'failure':
          if (outcome.error.retryable) {
            this.#failedAttempts++;
            const delay = backoffDelay(this.#failedAttempts);
            this.#openLater(delay);
            emit({ kind: 'retrying', error: outcome.error, retryAt: Date.now() + delay });
          } else {
            emit({ kind: 'failed', error: outcome.error });
          }
          break;
      }
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket || finished) return;
      this.#socket = undefined;
      // A server may end a quiet socket normally; anything else (refused, 1006, 1008 one-session rule) means polling.
      if (event.code === NORMAL_CLOSURE && framesReceived > 0) this.#openLater(0);
      else emit({ kind: 'socket-unavailable' });
    };
  }

  #close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onmessage = socket.onclose = null;
    socket.close(NORMAL_CLOSURE);
  }
}
