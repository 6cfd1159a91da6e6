// The open `scanqrcode` sockets of one instance, and counters that let tests prove how the
// element uses them: one socket per element at most (maxOpen), none left after removal (open).
//
// Kept apart from the socket code itself so the instance model can tell its sockets "something
// changed" without knowing anything about WebSockets.

/**
 * What the instance needs from a socket session (scanqrcode-session.js).
 * @typedef {object} SocketSession
 * @property {() => void} refresh re-reads the instance and sends whatever frame is now due
 * @property {(code: number, reason: string) => void} close closes with a close frame
 * @property {() => void} drop destroys the TCP connection without a close frame
 * @property {(text: string) => void} sendRaw sends one text frame as given
 */

export class InstanceSockets {
  /** Live sessions; survives Instance.reset() so `open` always tells the truth. @type {Set<SocketSession>} */
  open = new Set();
  /** sockets accepted since the last reset, including ones refused by the one-session rule */
  opened = 0;
  /** the most sockets open at once since the last reset */
  maxOpen = 0;
  /** upgrades refused since the last reset (wrong token, wsRefuse, rate limit) */
  refused = 0;

  /** @param {SocketSession} session */
  add(session) {
    this.open.add(session);
    this.opened += 1;
    this.maxOpen = Math.max(this.maxOpen, this.open.size);
  }

  /** @param {SocketSession} session */
  delete(session) {
    this.open.delete(session);
  }

  /** New counters for Instance.reset(); sockets that are still open keep counting as open. */
  resetCounters() {
    this.opened = 0;
    this.refused = 0;
    this.maxOpen = this.open.size;
  }

  /** Every open socket re-reads the instance (its state, QR or pairing just changed). */
  refresh() {
    for (const session of [...this.open]) session.refresh();
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  closeAll(code, reason) {
    for (const session of [...this.open]) session.close(code, reason);
  }

  describe() {
    return { opened: this.opened, open: this.open.size, maxOpen: this.maxOpen, refused: this.refused };
  }
}
