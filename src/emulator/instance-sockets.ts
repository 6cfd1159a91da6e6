// The open `scanqrcode` sockets of one instance, and counters that let tests prove how the
// element uses them: one socket per element at most (maxOpen), none left after removal (open).
//
// Kept apart from the socket code itself so the instance model can tell its sockets "something
// changed" without knowing anything about WebSockets.

/** What the instance needs from a socket session (scanqrcode-session.ts). */
export interface SocketSession {
  /** Re-reads the instance and sends whatever frame is now due. */
  refresh(): void;
  /** Closes with a close frame. */
  close(code: number, reason: string): void;
  /** Destroys the TCP connection without a close frame. */
  drop(): void;
  /** Sends one text frame as given. */
  sendRaw(text: string): void;
  /** Ends the wait for a scan now, as the scan timeout would; false when the socket no longer waits for one. */
  timeOut(): boolean;
}

export interface SocketCounters {
  opened: number;
  open: number;
  maxOpen: number;
  refused: number;
}

export class InstanceSockets {
  /** Live sessions; survives Instance.reset() so `open` always tells the truth. */
  readonly open = new Set<SocketSession>();
  /** sockets accepted since the last reset, including ones refused by the one-session rule */
  opened = 0;
  /** the most sockets open at once since the last reset */
  maxOpen = 0;
  /** upgrades refused since the last reset (wrong token, wsRefuse, rate limit) */
  refused = 0;

  add(session: SocketSession): void {
    this.open.add(session);
    this.opened += 1;
    this.maxOpen = Math.max(this.maxOpen, this.open.size);
  }

  delete(session: SocketSession): void {
    this.open.delete(session);
  }

  /** New counters for Instance.reset(); sockets that are still open keep counting as open. */
  resetCounters(): void {
    this.opened = 0;
    this.refused = 0;
    this.maxOpen = this.open.size;
  }

  /** Every open socket re-reads the instance (its state, QR or pairing just changed). */
  refresh(): void {
    for (const session of [...this.open]) session.refresh();
  }

  closeAll(code: number, reason: string): void {
    for (const session of [...this.open]) session.close(code, reason);
  }

  describe(): SocketCounters {
    return { opened: this.opened, open: this.open.size, maxOpen: this.maxOpen, refused: this.refused };
  }
}
