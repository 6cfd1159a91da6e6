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
export function createSocketQrSource(context: SourceContext): Activity {
  const { client, credentials, emit } = context;
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failedAttempts = 0;

  const close = (): void => {
    const open = socket;
    socket = undefined;
    if (!open) return;
    open.onmessage = open.onclose = null;
    open.close(NORMAL_CLOSURE);
  };

  const stop = (): void => {
    clearTimeout(timer);
    timer = undefined;
    close();
  };

  /** scanQrCode allows 1 connection per second per instance. */
  const openLater = (delay: number): void => {
    timer = setTimeout(open, Math.max(delay, client.waitBefore('scanqrcode')));
  };

  const open = (): void => {
    timer = undefined;
    client.markStart('scanqrcode');
    let opened: WebSocket;
    try {
      opened = new WebSocket(socketUrl(credentials));
    } catch {
      emit({ kind: 'socket-unavailable' });
      return;
    }
    socket = opened;
    let framesReceived = 0;
    let finished = false;
    opened.onmessage = (message: MessageEvent) => {
      framesReceived++;
      const outcome = interpretQrFrame(message.data, credentials.apiTokenInstance);
      if (outcome.kind === 'qr-code') {
        failedAttempts = 0;
        emit({ kind: 'qr-code', image: outcome.image, freshForMs: PUSHED_QR_LIFETIME_MS });
        return;
      }
      // A frame type GREEN-API added after this element: the codes and the final frame still come.
      if (outcome.kind === 'unknown-type') return;
      finished = true;
      close();
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
          openLater(0);
          break;
        case 'failure':
          if (outcome.error.retryable) {
            const delay = backoffDelay(++failedAttempts);
            openLater(delay);
            emit({ kind: 'retrying', error: outcome.error, retryAt: Date.now() + delay });
          } else {
            emit({ kind: 'failed', error: outcome.error });
          }
          break;
      }
    };
    opened.onclose = (event: CloseEvent) => {
      if (socket !== opened || finished) return;
      socket = undefined;
      // A server may end a quiet socket normally; anything else (refused, 1006, 1008 one-session rule) means polling.
      if (event.code === NORMAL_CLOSURE && framesReceived > 0) openLater(0);
      else emit({ kind: 'socket-unavailable' });
    };
  };

  return {
    start(delay = 0) {
      stop();
      openLater(delay);
    },
    stop,
  };
}
