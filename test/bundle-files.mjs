// The module build as a page loads it: dist/greenapi-qr.min.js and the chunks it imports, found
// by following its relative imports in the built code. Used by npm test's size budgets
// (test/run-all.mjs) and by the bench (test/bench/bundle-report.mjs). Gzip is per file, as a
// server sends each file.

import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ENTRY = 'dist/greenapi-qr.min.js';

const STATIC_IMPORT = /\b(?:from|import)\s*(["'])(\.{1,2}\/[^"']+)\1/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*(["'`])(\.{1,2}\/[^"'`]+)\1\s*\)/g;

/**
 * The entry and the build files it loads, as paths from the repository root: with `dynamic`,
 * every file it can load; without, only what it needs before it runs (its static imports).
 * @param {string} root
 * @param {{ entry?: string, dynamic?: boolean }} [options]
 */
export async function moduleFiles(root, { entry = ENTRY, dynamic = true } = {}) {
  const found = [entry];
  for (let i = 0; i < found.length; i++) {
    const code = await readFile(resolve(root, found[i]), 'utf8');
    const imports = [...code.matchAll(STATIC_IMPORT), ...(dynamic ? code.matchAll(DYNAMIC_IMPORT) : [])];
    for (const match of imports) {
      const path = posix.join(posix.dirname(found[i]), match[2]);
      if (!found.includes(path)) found.push(path);
    }
  }
  return found;
}

/**
 * gzip -9 bytes of each build file, and their sum.
 * @param {string} root
 * @param {string[]} paths
 */
export async function gzipSum(root, paths) {
  /** @type {Record<string, number>} */
  const files = {};
  for (const path of paths) files[path] = gzipSync(await readFile(resolve(root, path)), { level: 9 }).length;
  return { gzip: Object.values(files).reduce((sum, bytes) => sum + bytes, 0), files };
}
