// One home for GREEN-API's facts: the emulator's sources take paths, lifetimes and limits from
// src/protocol, and so do the exact texts of its answers.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PAIRING_CODE_LIFETIME_MS, QR_LIFETIME_MS, SCAN_SOCKET_TIMEOUT_MS } from '../../src/protocol/index.js';
import { DEFAULT_OPTIONS } from '../../src/emulator/emulator-options.js';

const EMULATOR_DIR = fileURLToPath(new URL('../../src/emulator/', import.meta.url));

/** Each source file of the emulator, its comments removed (well enough for these sources: no `//` inside strings). */
function sources() {
  return readdirSync(EMULATOR_DIR)
    .filter((name) => /\.[cm]?[jt]s$/.test(name))
    .map((name) => ({
      name,
      code: readFileSync(EMULATOR_DIR + name, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1'),
    }));
}

describe('the emulator states no GREEN-API fact of its own', () => {
  test('it is TypeScript only', () => {
    const names = readdirSync(EMULATOR_DIR);
    assert.deepEqual(
      names.filter((name) => /\.[cm]?js$/.test(name)),
      [],
    );
  });

  test('no `waInstance` in its code: paths come from src/protocol', () => {
    for (const { name, code } of sources()) assert.doesNotMatch(code, /waInstance/, name);
  });

  test('no GREEN-API lifetime spelled as a number', () => {
    for (const { name, code } of sources()) {
      assert.doesNotMatch(code, /\b(20_?000|100_?000|150_?000|300_?000)\b/, name);
    }
  });

  test('the defaults are the protocol’s lifetimes', () => {
    assert.equal(DEFAULT_OPTIONS.qrRotateMs, QR_LIFETIME_MS);
    assert.equal(DEFAULT_OPTIONS.scanTimeoutMs, SCAN_SOCKET_TIMEOUT_MS);
    assert.equal(DEFAULT_OPTIONS.pairingCodeTtlMs, PAIRING_CODE_LIFETIME_MS);
  });

  test('no answer text of its own: src/protocol/texts.ts writes them', () => {
    for (const { name, code } of sources()) {
      for (const text of ['instance in starting process', 'already authorized', 'You need to make log out', 'Validation failed']) {
        assert.equal(code.includes(text), false, `${name} spells "${text}"`);
      }
    }
  });
});
