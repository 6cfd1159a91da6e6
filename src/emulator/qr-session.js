// One pairing session's rotating QR code.
//
// "QR code is updated every 20 seconds" (GREEN-API QR page). Rotation is computed lazily from
// the clock whenever someone looks, so an idle emulator runs no timers and a test can use a
// tiny rotation period without flakiness. Each version's PNG is encoded at most once, on
// first request, because polling clients ask for the same picture several times per version.

import { randomQrPayload, renderQrPng } from './qr-image.js';

/** How long a just-replaced code still counts as "on screen" for the phone-scan simulation. */
export const PREVIOUS_CODE_GRACE_MS = 2000;

/**
 * @typedef {object} QrCode
 * @property {string} payload the text inside the QR symbol
 * @property {number} version 1 for the session's first code, +1 per rotation
 * @property {number} createdAt epoch ms
 * @property {number} rotatesAt epoch ms at which the next code replaces this one
 * @property {string | null} pngBase64 cached picture, filled on first request
 */

export class QrSession {
  /**
   * @param {number} rotateMs
   * @param {number} startsAt epoch ms; the first code is valid from here for rotateMs
   */
  constructor(rotateMs, startsAt) {
    this.rotateMs = rotateMs;
    /** @type {QrCode} */
    this.current = newCode(1, startsAt, rotateMs);
    /** @type {{ code: QrCode, replacedAt: number } | null} */
    this.previous = null;
  }

  /**
   * Brings `current` up to date with the clock. When exactly one rotation happened since the
   * last look, the old code is remembered as `previous` (a phone may have just read it). After
   * a longer gap the intermediate codes were never shown to anyone, so nothing is remembered.
   * @param {number} now epoch ms
   */
  advance(now) {
    if (now < this.current.rotatesAt) return;
    const skipped = Math.floor((now - this.current.rotatesAt) / this.rotateMs) + 1;
    const startsAt = this.current.rotatesAt + (skipped - 1) * this.rotateMs;
    this.previous = skipped === 1 ? { code: this.current, replacedAt: startsAt } : null;
    this.current = newCode(this.current.version + skipped, startsAt, this.rotateMs);
  }

  /**
   * Replaces the code immediately (control API `rotate`).
   * @param {number} now
   */
  rotateNow(now) {
    this.advance(now);
    this.previous = { code: this.current, replacedAt: now };
    this.current = newCode(this.current.version + 1, now, this.rotateMs);
  }

  /**
   * @param {number} now
   * @returns {QrCode}
   */
  codeAt(now) {
    this.advance(now);
    return this.current;
  }

  /**
   * The current picture as base64 PNG, encoded once per version.
   * @param {number} now
   */
  pngBase64At(now) {
    const code = this.codeAt(now);
    code.pngBase64 ??= renderQrPng(code.payload).toString('base64');
    return code.pngBase64;
  }

  /**
   * Whether `payload` is a code the phone could have read off the screen just now: the
   * current one, or the previous one within PREVIOUS_CODE_GRACE_MS of being replaced.
   * @param {string} payload
   * @param {number} now
   */
  accepts(payload, now) {
    this.advance(now);
    if (payload === this.current.payload) return true;
    const previous = this.previous;
    return previous !== null && payload === previous.code.payload && now - previous.replacedAt < PREVIOUS_CODE_GRACE_MS;
  }

  /**
   * The control API's view of the session.
   * @param {number} now
   */
  describe(now) {
    const { payload, version, rotatesAt } = this.codeAt(now);
    return { payload, version, rotatesAt };
  }
}

/**
 * @param {number} version
 * @param {number} createdAt
 * @param {number} rotateMs
 * @returns {QrCode}
 */
function newCode(version, createdAt, rotateMs) {
  return { payload: randomQrPayload(), version, createdAt, rotatesAt: createdAt + rotateMs, pngBase64: null };
}
