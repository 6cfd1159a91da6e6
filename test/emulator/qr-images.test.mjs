// QR pictures: real, decodable 256×256 PNGs whose text is the payload the control API reports,
// rotating on schedule or on demand, each version encoded once.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderQrPng, randomQrPayload } from '../../src/emulator/qr-image.js';
import { callApi, control, createInstance, decodeQrPng, sleep, useEmulator } from './helpers.mjs';

const ROTATE_MS = 400;
const server = useEmulator(); // 20 s rotation: nothing rotates by surprise here
const fast = useEmulator({ qrRotateMs: ROTATE_MS });

/**
 * @param {string} url
 * @param {{ idInstance: string, apiTokenInstance: string }} instance
 */
async function qrText(url, instance) {
  const res = await callApi(url, instance, 'qr');
  assert.equal(res.json.type, 'qrCode');
  return { base64: res.json.message, ...decodeQrPng(res.json.message) };
}

/**
 * @param {string} url
 * @param {string} idInstance
 * @returns {Promise<{ payload: string, version: number, rotatesAt: number }>}
 */
async function qrState(url, idInstance) {
  return (await control(url, `/instances/${idInstance}`)).json.qr;
}

describe('the picture', () => {
  test('is a 256×256 PNG whose QR text equals the control API payload', async () => {
    const instance = await createInstance(server.url);
    const image = await qrText(server.url, instance);
    assert.deepEqual([image.width, image.height], [256, 256]);
    assert.equal(image.text, (await qrState(server.url, instance.idInstance)).payload);
  });

  test('is pure black on white with whole-pixel modules and a quiet zone of at least 4 modules', () => {
    const payload = randomQrPayload();
    const { data, width, height, text } = decodeQrPng(renderQrPng(payload).toString('base64'));
    assert.equal(text, payload);
    let [left, top, right, bottom] = [width, height, -1, -1];
    let impure = 0;
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = (y * width + x) * 4;
        const r = data[i];
        if ((r !== 0 && r !== 255) || data[i + 1] !== r || data[i + 2] !== r || data[i + 3] !== 255) impure += 1;
        if (r === 0) {
          left = Math.min(left, x);
          top = Math.min(top, y);
          right = Math.max(right, x);
          bottom = Math.max(bottom, y);
        }
      }
    }
    assert.equal(impure, 0, 'every pixel is opaque pure black or pure white');
    const symbolPx = right - left + 1;
    assert.equal(bottom - top + 1, symbolPx, 'the symbol is square');
    // The finder pattern in the top-left corner is 7 modules wide: measure its first dark run.
    let finderPx = 0;
    while (data[(top * width + left + finderPx) * 4] === 0) finderPx += 1;
    assert.equal(finderPx % 7, 0, 'modules are a whole number of pixels');
    const modulePx = finderPx / 7;
    assert.equal(symbolPx % modulePx, 0);
    for (const margin of [left, top, width - 1 - right, height - 1 - bottom]) {
      assert.ok(margin >= 4 * modulePx, `quiet zone ${margin}px < 4 modules of ${modulePx}px`);
    }
  });

  test('the payload looks like a WhatsApp linking ref', async () => {
    const instance = await createInstance(server.url);
    const { payload } = await qrState(server.url, instance.idInstance);
    assert.match(payload, /^2@[A-Za-z0-9+/=]+(,[A-Za-z0-9+/=]+){3}$/);
  });

  test('each instance has its own code', async () => {
    const first = await createInstance(server.url);
    const second = await createInstance(server.url);
    assert.notEqual((await qrText(server.url, first)).text, (await qrText(server.url, second)).text);
  });

  test('the same version is served byte-for-byte identical (encoded once)', async () => {
    const instance = await createInstance(server.url);
    const a = await qrText(server.url, instance);
    const b = await qrText(server.url, instance);
    assert.equal(a.base64, b.base64);
  });
});

describe('rotation', () => {
  test('POST /rotate replaces the code at once; the picture follows', async () => {
    const instance = await createInstance(server.url);
    const before = await qrState(server.url, instance.idInstance);
    const rotated = await control(server.url, `/instances/${instance.idInstance}/rotate`, { body: {} });
    assert.equal(rotated.status, 200);
    assert.equal(rotated.json.version, before.version + 1);
    assert.notEqual(rotated.json.payload, before.payload);
    assert.ok(Math.abs(rotated.json.rotatesAt - (Date.now() + 20000)) < 3000, 'a fresh 20 s lifetime');
    assert.equal((await qrText(server.url, instance)).text, rotated.json.payload);
  });

  test('codes rotate by themselves every qrRotateMs', async () => {
    const instance = await createInstance(fast.url);
    const first = await qrState(fast.url, instance.idInstance);
    await sleep(first.rotatesAt - Date.now() + 20);
    const image = await qrText(fast.url, instance);
    const second = await qrState(fast.url, instance.idInstance);
    assert.ok(second.version > first.version);
    assert.notEqual(image.text, first.payload);
    const periods = (second.rotatesAt - first.rotatesAt) / ROTATE_MS;
    assert.ok(Number.isInteger(periods) && periods === second.version - first.version, 'rotation follows the schedule, not the reader');
  });

  test('after a long idle gap the version jumps by the number of elapsed periods', async () => {
    const instance = await createInstance(fast.url);
    const first = await qrState(fast.url, instance.idInstance);
    await sleep(first.rotatesAt + 2 * ROTATE_MS - Date.now() + 30);
    const askedAt = Date.now();
    const later = await qrState(fast.url, instance.idInstance);
    assert.ok(later.version >= first.version + 3, `version ${later.version}`);
    assert.ok(later.rotatesAt > askedAt);
  });
});
