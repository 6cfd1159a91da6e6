// QR payloads and their PNG pictures.
//
// The real `qr` method returns "a 256×256 QR code image in PNG format, encoded in base64"
// (GREEN-API callsQr page). We render the symbol ourselves from qrcode's module matrix instead
// of using qrcode's `width` option, because that option scales by a fractional factor: modules
// then come out 4 or 5 px wide at random, which decodes but is not what a crisp server-made
// image looks like. Here every module is the same whole number of pixels and the symbol is
// centred on a white 256×256 canvas, so the quiet zone is at least 4 modules on every side.

import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';

export const QR_IMAGE_SIZE = 256;

/** The QR standard asks for a 4-module white border around the symbol. */
const QUIET_ZONE_MODULES = 4;

/**
 * A payload shaped like the one WhatsApp's linking QR carries: a server ref starting with
 * `2@`, then the client's noise public key, identity public key and ADV secret, all base64 and
 * comma-separated (the layout open-source WhatsApp Web clients build). Nothing reads it but
 * tests, so only the shape matters: about 185 bytes, which fits version 8 at level L.
 */
export function randomQrPayload(): string {
  const ref = `2@${randomBytes(36).toString('base64')}`;
  const noiseKey = randomBytes(32).toString('base64');
  const identityKey = randomBytes(32).toString('base64');
  const advSecret = randomBytes(32).toString('base64');
  return [ref, noiseKey, identityKey, advSecret].join(',');
}

/** Renders `text` as a black-on-white QR code PNG of exactly QR_IMAGE_SIZE × QR_IMAGE_SIZE px: the PNG file's bytes. */
export function renderQrPng(text: string): Buffer {
  // Level L like WhatsApp Web's own code: the lowest version, hence the biggest modules.
  const symbol = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const modules = symbol.modules;
  const moduleCount = modules.size;
  const scale = Math.floor(QR_IMAGE_SIZE / (moduleCount + 2 * QUIET_ZONE_MODULES));
  if (scale < 1) throw new Error(`QR payload too long for a ${QR_IMAGE_SIZE}px image (${text.length} chars)`);
  const offset = Math.floor((QR_IMAGE_SIZE - moduleCount * scale) / 2);

  const png = new PNG({ width: QR_IMAGE_SIZE, height: QR_IMAGE_SIZE });
  png.data.fill(255); // white, fully opaque
  for (let row = 0; row < moduleCount; row += 1) {
    for (let col = 0; col < moduleCount; col += 1) {
      if (!modules.get(row, col)) continue;
      fillSquare(png, offset + col * scale, offset + row * scale, scale);
    }
  }
  // Grayscale keeps the file small (a few KB), as a real server-made QR would be.
  return PNG.sync.write(png, { colorType: 0 });
}

/** Paints one dark module. */
function fillSquare(png: PNG, left: number, top: number, size: number): void {
  for (let y = top; y < top + size; y += 1) {
    for (let x = left; x < left + size; x += 1) {
      const index = (y * png.width + x) * 4;
      png.data[index] = 0;
      png.data[index + 1] = 0;
      png.data[index + 2] = 0;
    }
  }
}
