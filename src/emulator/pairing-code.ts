// Phone-number pairing codes (`getAuthorizationCode`) of one instance, and the way real
// instances trip over them.
//
// "The code for authorization by phone number is valid for approximately 2.5 minutes"
// (GetAuthorizationCode page; PAIRING_CODE_LIFETIME_MS). Known problems on the real service:
// asking for codes several times in a row put the instance into `starting` (green-api/issues#460),
// and so does asking again after a wrong code was entered (green-api/issues#518, still open).
// This class only keeps the record and says when a request counts as abuse; Instance decides
// what follows.

import { randomInt } from 'node:crypto';

export const PAIRING_CODE_LENGTH = 8;
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Our reading of "several times in a row" (#460): a 4th code within 60 s is one too many.
 * The issue gives no numbers; these are our inference.
 */
export const ABUSE_WINDOW_MS = 60000;
export const ABUSE_MAX_CODES = 3;

export type CodeEntry = 'accepted' | 'wrong' | 'expired';

/** The control API's view: the code is shown so tests can "type" it. */
export interface PairingDescription {
  code: string | null;
  expiresAt: number | null;
  requests: number;
  wrongEntries: number;
  phoneNumber: number | null;
}

/** e.g. 'K7Q2M9ZD'; the docs' example is 'GAPI2015'. */
export function randomPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/**
 * What the user typed on the phone, compared the way WhatsApp shows the code (`XXXX-XXXX`):
 * the dash, spaces and letter case do not matter.
 */
function normalise(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

export class PairingCodes {
  /** How long a code stays valid. */
  readonly ttlMs: number;
  /** The last code handed out, kept after expiry so tests can try it. */
  code: string | null = null;
  /** Epoch ms; meaningful only while `code` is set. */
  expiresAt = 0;
  /** getAuthorizationCode calls answered since the last reset, whatever the outcome. */
  requests = 0;
  /** Wrong or expired codes entered on the phone since the last reset. */
  wrongEntries = 0;
  /** The number the last request asked a code for, as its JSON body gave it. */
  phoneNumber: number | null = null;
  /** Start times of recently issued codes, for the abuse rule. */
  #recentIssues: number[] = [];
  /** A wrong code was entered and no new code has been issued since (#518). */
  #wrongEntryPending = false;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  countRequest(phoneNumber: number): void {
    this.requests += 1;
    this.phoneNumber = phoneNumber;
  }

  /** Whether a new request now would be abuse in the sense of issues #460 and #518. */
  isAbuse(now: number): boolean {
    this.#recentIssues = this.#recentIssues.filter((issuedAt) => issuedAt > now - ABUSE_WINDOW_MS);
    return this.#recentIssues.length >= ABUSE_MAX_CODES || this.#wrongEntryPending;
  }

  /** Hands out a new code; the previous one stops working. */
  issue(now: number): string {
    this.code = randomPairingCode();
    this.expiresAt = now + this.ttlMs;
    this.#recentIssues.push(now);
    this.#wrongEntryPending = false;
    return this.code;
  }

  /** The user types `typed` on the phone. A right code is used up. */
  enter(typed: string, now: number): CodeEntry {
    if (this.code === null || normalise(typed) !== this.code) return this.#wrong('wrong');
    if (now >= this.expiresAt) return this.#wrong('expired');
    this.code = null;
    this.expiresAt = 0;
    return 'accepted';
  }

  #wrong(outcome: 'wrong' | 'expired'): 'wrong' | 'expired' {
    this.wrongEntries += 1;
    this.#wrongEntryPending = true;
    return outcome;
  }

  /** After the instance has come back from the abuse-induced `starting`: a clean slate. */
  forgetAbuse(): void {
    this.#recentIssues = [];
    this.#wrongEntryPending = false;
    this.code = null;
    this.expiresAt = 0;
  }

  describe(): PairingDescription {
    return {
      code: this.code,
      expiresAt: this.code === null ? null : this.expiresAt,
      requests: this.requests,
      wrongEntries: this.wrongEntries,
      phoneNumber: this.phoneNumber,
    };
  }
}
