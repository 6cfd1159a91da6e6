// One upstream `scanqrcode` socket per instance, shared by every browser socket of it. GREEN-API
// allows one scan session per instance and one scanQrCode call per second, so N tabs opening N
// upstream sockets would be refused or rate-limited: the relay fans one out to all of them instead.
import type { WebSocket } from 'ws';
import { SCAN_QR_CODE, withoutSecret, type QrMessageType } from '../protocol/index.js';

/** "Try again later": the element falls back to polling on any close but 1000 after frames. */
const TRY_AGAIN_LATER = 1013;
/** RFC 6455 5.5: a control frame carries 125 bytes, two of them the close code. */
const MAX_REASON_BYTES = 123;
/** A cut-off token's first characters at the end of a close reason, from this many on, are taken for the token. */
const MIN_TOKEN_TAIL = 4;
/** The frame type a browser joining later is shown at once. */
const QR_CODE: QrMessageType = 'qrCode';

interface Session {
  /** scrubbed from everything upstream sends */
  token: string;
  browsers: Set<WebSocket>;
  /** undefined while the opening waits for the gap */
  upstream: WebSocket | undefined;
  /** that opening's wait */
  timer: NodeJS.Timeout | undefined;
  /** the last frame, when it is a qrCode: what a browser joining later is shown at once */
  latestQr: Buffer | undefined;
}

export interface ScanSessionsOptions {
  /** ws's class, loaded by the caller: `ws` is an optional dependency. */
  WebSocket: typeof WebSocket;
  connectTimeoutMs: number;
  maxFrameBytes: number;
}

export class ScanSessions {
  readonly #sessions = new Map<string, Session>();
  /** When each upstream URL last opened, kept only for the gap that follows. */
  readonly #lastOpened = new Map<string, number>();
  readonly #options: ScanSessionsOptions;

  constructor(options: ScanSessionsOptions) {
    this.#options = options;
  }

  /**
   * Adds a browser socket (its handshake already accepted) to the instance's upstream, opening
   * that when the browser is the first.
   * @param url the upstream socket's URL; holding apiUrl, id and token, it is also the key,
   *   so browsers share an upstream only when all three are the same
   */
  join(url: string, token: string, browser: WebSocket): void {
    const existing = this.#sessions.get(url);
    const session: Session = existing ?? { token, browsers: new Set(), upstream: undefined, timer: undefined, latestQr: undefined };
    session.browsers.add(browser);
    // Nothing the browser sends is read; ws has closed it already when it errors.
    browser.on('error', () => this.#leave(url, session, browser));
    browser.on('close', () => this.#leave(url, session, browser));
    if (existing) {
      if (session.latestQr) send(browser, session.latestQr, false, this.#options.maxFrameBytes);
      return;
    }
    this.#sessions.set(url, session);
    // After the browser is in: an opening that fails at once must find it to close it.
    this.#openWhenAllowed(url, session);
  }

  /** Ends every socket, both sides, and forgets every session. */
  closeAll(): void {
    for (const session of this.#sessions.values()) {
      clearTimeout(session.timer);
      session.upstream?.terminate();
      for (const browser of session.browsers) browser.terminate();
      session.browsers.clear();
    }
    this.#sessions.clear();
    this.#lastOpened.clear();
  }

  #openWhenAllowed(url: string, session: Session): void {
    const wait = (this.#lastOpened.get(url) ?? -Infinity) + SCAN_QR_CODE.gapMs - Date.now();
    if (wait <= 0) this.#open(url, session);
    else session.timer = setTimeout(() => this.#open(url, session), wait);
  }

  #open(url: string, session: Session): void {
    session.timer = undefined;
    const now = Date.now();
    for (const [key, at] of this.#lastOpened) if (now - at >= SCAN_QR_CODE.gapMs) this.#lastOpened.delete(key);
    this.#lastOpened.set(url, now);
    const { WebSocket, connectTimeoutMs, maxFrameBytes } = this.#options;
    let upstream: WebSocket;
    try {
      upstream = new WebSocket(url, { maxPayload: maxFrameBytes, handshakeTimeout: connectTimeoutMs, followRedirects: false, perMessageDeflate: false });
    } catch {
      // Runs from a timer, where a throw would end the process: the browsers fall back to polling instead.
      return this.#end(url, session, (browser) => browser.close(TRY_AGAIN_LATER));
    }
    session.upstream = upstream;
    let opened = false;
    upstream.on('open', () => (opened = true));
    upstream.on('message', (data, isBinary) => {
      // binaryType is ws's default 'nodebuffer': every frame arrives as one Buffer.
      const clean = scrub(data as Buffer, session.token);
      session.latestQr = !isBinary && isQrCode(clean) ? clean : undefined;
      for (const browser of session.browsers) send(browser, clean, isBinary, maxFrameBytes);
    });
    // A refused handshake, an unreachable host, an oversized frame: each is followed by 'close', which ends the browsers.
    upstream.on('error', () => {});
    upstream.on('close', (code, reason) => {
      const clean = closeReason(reason, session.token);
      this.#end(url, session, (browser) => (opened ? closeLike(browser, code, clean) : browser.close(TRY_AGAIN_LATER)));
    });
  }

  #leave(url: string, session: Session, browser: WebSocket): void {
    if (!session.browsers.delete(browser) || session.browsers.size > 0) return;
    if (this.#sessions.get(url) === session) this.#sessions.delete(url);
    clearTimeout(session.timer);
    session.upstream?.close(1000);
  }

  /** Forgets the session (a browser arriving next starts a new one) and ends its browsers with `endBrowser`. */
  #end(url: string, session: Session, endBrowser: (browser: WebSocket) => void): void {
    if (this.#sessions.get(url) === session) this.#sessions.delete(url);
    const browsers = [...session.browsers];
    session.browsers.clear();
    for (const browser of browsers) endBrowser(browser);
  }
}

/**
 * The frame with every form of the token replaced. latin1 maps each byte to one character and
 * back, so binary frames and UTF-8 text come back byte for byte but for the (ASCII) token.
 */
function scrub(data: Buffer, token: string): Buffer {
  return Buffer.from(withoutSecret(data.toString('latin1'), token), 'latin1');
}

function isQrCode(frame: Buffer): boolean {
  try {
    const message: unknown = JSON.parse(frame.toString());
    return typeof message === 'object' && message !== null && 'type' in message && message.type === QR_CODE;
  } catch {
    return false;
  }
}

/** A browser that does not read its frames is dropped rather than buffered for without bound. */
function send(browser: WebSocket, frame: Buffer, isBinary: boolean, maxBufferedBytes: number): void {
  if (browser.readyState !== browser.OPEN) return;
  if (browser.bufferedAmount > maxBufferedBytes) browser.terminate();
  else browser.send(frame, { binary: isBinary });
}

/**
 * The upstream's close reason without the token, cut to whole characters within 123 bytes (a
 * 1- or 2-character token grows into `***`, and ws throws on a longer reason). A reason the
 * upstream itself cut at its 123 bytes may end in the token's first characters: those go too.
 */
function closeReason(reason: Buffer, token: string): Buffer {
  let text = withoutSecret(reason.toString(), token);
  for (let length = Math.min(token.length - 1, text.length); length >= MIN_TOKEN_TAIL; length--) {
    if (text.endsWith(token.slice(0, length))) {
      text = `${text.slice(0, -length)}***`;
      break;
    }
  }
  const bytes = new Uint8Array(MAX_REASON_BYTES);
  const { written } = new TextEncoder().encodeInto(text, bytes);
  return Buffer.from(bytes.buffer, 0, written);
}

/**
 * Ends the browser's socket as the upstream ended: the same code and reason, a bare close for no
 * code (1005), a drop for an abnormal end or a code that may not be sent.
 */
function closeLike(browser: WebSocket, code: number, reason: Buffer): void {
  if (code === 1005) browser.close();
  else if (sendableCode(code)) browser.close(code, reason);
  else browser.terminate();
}

/** RFC 6455 7.4: codes a close frame may carry (1004-1006 and 1015 are reserved for reporting). */
function sendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}
