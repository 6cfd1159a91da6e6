// `npm pack` of the built package, as a user would get it from the registry: what the package
// checks and the framework example apps install.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACK_DIR = resolve(ROOT, 'node_modules/.cache/pack');

/**
 * Packs the package (dist must be built) and returns the tarball's path and the files in it.
 * @returns {{ tarball: string, files: string[] }}
 */
export function packPackage() {
  mkdirSync(PACK_DIR, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', PACK_DIR], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [{ filename, files }] = JSON.parse(output);
  return { tarball: resolve(PACK_DIR, filename), files: files.map((/** @type {{ path: string }} */ file) => file.path) };
}
