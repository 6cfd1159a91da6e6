// The framework example apps as an integrator has them: each copied next to a cache of its own
// node_modules (kept between runs on one machine, reinstalled when its lockfile changes), with the
// freshly packed greenapi-qr tarball installed into it, type-checked and built by its own toolchain.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { listenOnLoopback } from '../e2e/helpers.mjs';
import { ROOT } from '../package/pack.mjs';

const run = promisify(execFile);
const CACHE = resolve(ROOT, 'node_modules/.cache/frameworks');
const INSTALL_MARK = 'node_modules/.installed-from-lockfile';
const QUIET_NPM = ['--no-audit', '--no-fund', '--loglevel=error'];
const ENV = { ...process.env, NG_CLI_ANALYTICS: 'false', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };

/** Every example app, each in test/frameworks/<name>/. */
export const ALL_APPS = ['react19', 'react18', 'vue', 'angular', 'nextjs', 'nuxt'];
/** The ones that render in the browser only (frameworks.test.mjs); the others render on the server first. */
export const CLIENT_RENDERED_APPS = ['react19', 'react18', 'vue'];

/**
 * Whether to drive this app: every app, or those named in FRAMEWORK_APPS (e.g. `FRAMEWORK_APPS=vue,angular npm run test:frameworks`).
 * @param {string} name
 */
export function selected(name) {
  return !process.env.FRAMEWORK_APPS || process.env.FRAMEWORK_APPS.split(',').includes(name);
}

/**
 * Files an app takes from elsewhere in the repository, so that each recipe has one home: the
 * Next.js app serves the README's route recipe (test/server/examples/, where the relay tests call
 * it too) with the same stand-ins for sign-in and records, which the Nuxt app's route uses too, as it
 * uses the Next.js app's stylesheet that reserves the element's box.
 * @type {Record<string, Record<string, string>>}
 */
const BORROWED = {
  nextjs: {
    'app/api/whatsapp/[...path]/route.ts': 'test/server/examples/next/app/api/whatsapp/[...path]/route.ts',
    'lib/auth.js': 'test/server/examples/auth.js',
    'lib/instances.js': 'test/server/examples/instances.js',
  },
  angular: {
    'src/greenapi-qr.css': 'test/frameworks/nextjs/app/greenapi-qr.css',
    'src/auth.js': 'test/server/examples/auth.js',
    'src/instances.js': 'test/server/examples/instances.js',
  },
  nuxt: {
    'app/assets/greenapi-qr.css': 'test/frameworks/nextjs/app/greenapi-qr.css',
    'server/lib/auth.js': 'test/server/examples/auth.js',
    'server/lib/instances.js': 'test/server/examples/instances.js',
  },
};

/**
 * A working copy of the app under node_modules/.cache with its dependencies installed (npm ci only
 * when the lockfile changed since the last run) and `tarball` installed on top.
 * @param {string} name
 * @param {string} tarball
 * @returns {Promise<string>} the working copy's directory
 */
export async function installApp(name, tarball) {
  const source = resolve(ROOT, 'test/frameworks', name);
  const work = resolve(CACHE, name);
  mkdirSync(work, { recursive: true });
  for (const stale of ['src', 'dist', 'public', 'app', 'lib', 'server']) rmSync(resolve(work, stale), { recursive: true, force: true });
  cpSync(source, work, {
    recursive: true,
    filter: (path) => !/[/\\](node_modules|dist|\.angular|\.next|\.nuxt|\.output)([/\\]|$)/.test(path.slice(source.length)),
  });
  for (const [to, from] of Object.entries(BORROWED[name] ?? {})) {
    mkdirSync(dirname(resolve(work, to)), { recursive: true });
    cpSync(resolve(ROOT, from), resolve(work, to));
  }
  // Mistakes the app's typings must catch, checked along with the app by its own type checker.
  const mistakes = readdirSync(resolve(ROOT, 'test/frameworks/type-errors')).find((file) => file.startsWith(`${name}.`));
  if (mistakes) cpSync(resolve(ROOT, 'test/frameworks/type-errors', mistakes), resolve(work, 'src', `type-errors${extname(mistakes)}`));
  const lockHash = createHash('sha256')
    .update(readFileSync(resolve(work, 'package-lock.json')))
    .digest('hex');
  const mark = resolve(work, INSTALL_MARK);
  if (!existsSync(mark) || readFileSync(mark, 'utf8') !== lockHash) {
    await npm(work, ['ci', ...QUIET_NPM]);
    writeFileSync(mark, lockHash);
  }
  await npm(work, ['install', '--no-save', ...QUIET_NPM, tarball]);
  return work;
}

/**
 * Runs an npm script or command in `cwd`; rejects with everything it printed.
 * @param {string} cwd
 * @param {string[]} args
 */
export async function npm(cwd, args) {
  try {
    return await run('npm', args, { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = /** @type {{ stdout?: string, stderr?: string, message: string }} */ (error);
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${failure.stdout ?? ''}${failure.stderr ?? failure.message}`);
  }
}

/**
 * `startEmulator` from the app's own install of the tarball, imported by the bare specifier an
 * integrator writes, so Node resolves it through the package's exports.
 * @param {string} work
 * @returns {Promise<typeof import('../../src/emulator/index.js').startEmulator>}
 */
export async function emulatorOf(work) {
  const entry = resolve(work, 'start-emulator.mjs');
  writeFileSync(entry, "export { startEmulator } from 'greenapi-qr/emulator';\n");
  return (await import(pathToFileURL(entry).href)).startEmulator;
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Serves a built app (`dir`, with index.html at its root) on loopback; unknown paths get index.html.
 * @param {string} dir
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveSite(dir) {
  const server = createServer(async (req, res) => {
    req.resume();
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0]);
    const file = resolve(dir, `.${path}`);
    const inside = file.startsWith(dir + sep);
    const found = inside ? await readFile(file).catch(() => undefined) : undefined;
    const body = found ?? (await readFile(resolve(dir, 'index.html')));
    const type = (found && TYPES[/** @type {keyof typeof TYPES} */ (extname(file))]) || 'text/html';
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  return listenOnLoopback(server);
}
