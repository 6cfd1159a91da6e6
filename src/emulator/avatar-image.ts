// The linked account's profile picture, served at /_emulator/avatar/{idInstance}.png and also
// returned inline as getWaSettings.base64Avatar.
//
// A real PNG (not a placeholder URL) so the element's <img> actually loads, and so tests can
// check that `avatar` and `base64Avatar` describe the same picture. The hue comes from the
// instance id, so two demo instances side by side are easy to tell apart.

import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

export const AVATAR_SIZE = 96;

/** idInstance → PNG bytes; the picture never changes per id */
const cache = new Map<string, Buffer>();

type Rgb = [number, number, number];

/** PNG bytes, AVATAR_SIZE × AVATAR_SIZE, transparent outside the circle. */
export function avatarPng(idInstance: string): Buffer {
  let png = cache.get(idInstance);
  if (!png) {
    png = renderAvatar(hueFor(idInstance));
    cache.set(idInstance, png);
  }
  return png;
}

function hueFor(text: string): number {
  return createHash('sha256').update(text).digest().readUInt16BE(0) % 360;
}

/**
 * A diagonal two-tone gradient disc with a white head-and-shoulders silhouette, like the
 * default avatars messengers draw. `hue` is 0–359.
 */
function renderAvatar(hue: number): Buffer {
  const size = AVATAR_SIZE;
  const png = new PNG({ width: size, height: size });
  const [r1, g1, b1] = hslToRgb(hue, 0.65, 0.55);
  const [r2, g2, b2] = hslToRgb((hue + 40) % 360, 0.7, 0.35);
  const centre = size / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = (px + py) / (2 * size); // 0 at top-left, 1 at bottom-right
      let r = r1 + (r2 - r1) * t;
      let g = g1 + (g2 - g1) * t;
      let b = b1 + (b2 - b1) * t;
      const silhouette = Math.max(
        coverage(px, py, centre, size * 0.4, size * 0.17), // head
        coverage(px, py, centre, size * 1.02, size * 0.36), // shoulders
      );
      r += (255 - r) * silhouette * 0.9;
      g += (255 - g) * silhouette * 0.9;
      b += (255 - b) * silhouette * 0.9;
      const index = (y * size + x) * 4;
      png.data[index] = Math.round(r);
      png.data[index + 1] = Math.round(g);
      png.data[index + 2] = Math.round(b);
      png.data[index + 3] = Math.round(255 * coverage(px, py, centre, centre, size / 2));
    }
  }
  return PNG.sync.write(png);
}

/**
 * How much of the pixel at (px, py) a circle covers, 0–1, with a one-pixel soft edge so the
 * disc is anti-aliased.
 */
function coverage(px: number, py: number, cx: number, cy: number, radius: number): number {
  const distance = Math.hypot(px - cx, py - cy);
  return Math.min(1, Math.max(0, radius - distance + 0.5));
}

/** `h` in degrees, `s` and `l` 0–1; 0–255 each. */
function hslToRgb(h: number, s: number, l: number): Rgb {
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  const x = chroma * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - chroma / 2;
  const sectors: Rgb[] = [
    [chroma, x, 0],
    [x, chroma, 0],
    [0, chroma, x],
    [0, x, chroma],
    [x, 0, chroma],
    [chroma, 0, x],
  ];
  const [r, g, b] = sectors[Math.floor(h / 60) % 6];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}
