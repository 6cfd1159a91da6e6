// One pairing session's rotating QR code.
//
// "QR code is updated every 20 seconds" (GREEN-API QR page; QR_LIFETIME_MS). Rotation is computed
// lazily from the clock whenever someone looks, so an idle emulator runs no timers and a test can
// use a tiny rotation period without flakiness. Each version's PNG is encoded at most once, on
// first request, because polling clients ask for the same picture several times per version.

import { randomQrPayload, renderQrPng } from './qr-image.js';

/** How long a just-replaced code still counts as "on screen" for the phone-scan simulation. */
export const PREVIOUS_CODE_GRACE_MS = 2000;

export interface QrCode {
  /** The text inside the QR symbol. */
  payload: string;
  /** 1 for the session's first code, +1 per rotation. */
  version: number;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms at which the next code replaces this one. */
  rotatesAt: number;
  /** Cached picture, filled on first request. */
  pngBase64: string | null;
}

/** The control API's view of the session. */
export interface QrDescription {
  payload: string;
  version: number;
  rotatesAt: number;
}

export class QrSession {
  readonly rotateMs: number;
  current: QrCode;
  previous: { code: QrCode; replacedAt: number } | null = null;

  /** The first code is valid from `startsAt` (epoch ms) for `rotateMs`. */
  constructor(rotateMs: number, startsAt: number) {
    this.rotateMs = rotateMs;
    this.current = newCode(1, startsAt, rotateMs);
  }

  /**
   * Brings `current` up to date with the clock. When exactly one rotation happened since the
   * last look, the old code is remembered as `previous` (a phone may have just read it). After
   * a longer gap the intermediate codes were never shown to anyone, so nothing is remembered.
   */
  advance(now: number): void {
    if (now < this.current.rotatesAt) return;
    const skipped = Math.floor((now - this.current.rotatesAt) / this.rotateMs) + 1;
    const startsAt = this.current.rotatesAt + (skipped - 1) * this.rotateMs;
    this.previous = skipped === 1 ? { code: this.current, replacedAt: startsAt } : null;
    this.current = newCode(this.current.version + skipped, startsAt, this.rotateMs);
  }

  /** Replaces the code immediately (control API `rotate`). */
  rotateNow(now: number): void {
    this.advance(now);
    this.previous = { code: this.current, replacedAt: now };
    this.current = newCode(this.current.version + 1, now, this.rotateMs);
  }

  codeAt(now: number): QrCode {
    this.advance(now);
    return this.current;
  }

  /** The current picture as base64 PNG, encoded once per version. */
  pngBase64At(now: number): string {
    const code = this.codeAt(now);
    code.pngBase64 ??= renderQrPng(code.payload).toString('base64');
    return code.pngBase64;
  }

  /**
   * Whether `payload` is a code the phone could have read off the screen just now: the
   * current one, or the previous one within PREVIOUS_CODE_GRACE_MS of being replaced.
   */
  accepts(payload: string, now: number): boolean {
    this.advance(now);
    if (payload === this.current.payload) return true;
    const previous = this.previous;
    return previous !== null && payload === previous.code.payload && now - previous.replacedAt < PREVIOUS_CODE_GRACE_MS;
  }

  describe(now: number): QrDescription {
    const { payload, version, rotatesAt } = this.codeAt(now);
    return { payload, version, rotatesAt };
  }
}

function newCode(version: number, createdAt: number, rotateMs: number): QrCode {
  return { payload: randomQrPayload(), version, createdAt, rotatesAt: createdAt + rotateMs, pngBase64: null };
}
