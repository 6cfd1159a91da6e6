// What a user gets from `npm install greenapi-qr`: the packed tarball, checked by the ecosystem's
// package linters, the manifest's paths, its contents, and importing every entry in Node (SSR).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { packPackage, ROOT } from './pack.mjs';

const run = promisify(execFile);
const bin = (name) => resolve(ROOT, 'node_modules/.bin', name);
const packageJson = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));

describe('the packed package', () => {
  /** @type {{ tarball: string, files: string[] }} */
  let packed;
  /** A scratch project with the tarball installed, as a user's app has it. */
  let app = '';

  before(async () => {
    packed = packPackage();
    app = mkdtempSync(join(tmpdir(), 'greenapi-qr-install-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'ssr-check', private: true, type: 'module' }));
    // --no-package-lock/--omit=peer: only the package and its one dependency (lit), as a browser app gets it.
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--omit=peer', packed.tarball], { cwd: app });
  });
  after(() => rmSync(app, { recursive: true, force: true }));

  test('publint finds nothing to report', async () => {
    const { stdout } = await run(bin('publint'), [packed.tarball, '--strict']);
    assert.match(stdout, /All good!/, stdout);
  });

  test('are-the-types-wrong (esm-only) finds a type declaration for every entry and no problem', async () => {
    // attw exits non-zero on any problem in the resolutions the profile checks (node16 ESM, bundler).
    const { stdout } = await run(bin('attw'), [packed.tarball, '--profile', 'esm-only', '--format', 'ascii']).catch((failure) => {
      assert.fail(`attw reported problems:\n${failure.stdout}${failure.stderr}`);
    });
    const entries = Object.keys(packageJson.exports).filter((key) => !key.endsWith('.json'));
    for (const key of entries) {
      const name = `greenapi-qr${key.slice(1)}`;
      assert.match(stdout, new RegExp(`"${name}"\\s+node16 \\(from ESM\\): 🟢 \\(ESM\\)\\s+bundler: 🟢`), `${name} resolves with types`);
    }
  });

  test('holds only what users need: no tests, no demo, no sources', () => {
    const unexpected = packed.files.filter(
      (path) => !/^(dist\/.+|custom-elements\.json|package\.json|README\.md|LICENSE)$/.test(path) || /\.test\.|(^|\/)demo\//.test(path),
    );
    assert.deepEqual(unexpected, []);
    for (const entry of ['dist/index.js', 'dist/bindings/react.js', 'dist/emulator/index.js', 'dist/emulator/cli.js', 'dist/greenapi-qr.min.js']) {
      assert.ok(packed.files.includes(entry), `${entry} is in the tarball`);
    }
  });

  test('custom-elements.json names only modules that the tarball holds', () => {
    const manifest = JSON.parse(readFileSync(resolve(ROOT, 'custom-elements.json'), 'utf8'));
    const referenced = new Set();
    (function collect(node) {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') referenced.add(value);
        else collect(value);
      }
    })(manifest.modules);
    assert.ok(referenced.has('dist/element/greenapi-qr.js'), 'the element’s module is named');
    assert.deepEqual(
      [...referenced].filter((path) => !packed.files.includes(path)),
      [],
    );
  });

  test('every export and the bin point at files in the tarball', () => {
    const targets = [];
    for (const target of Object.values(packageJson.exports)) {
      if (typeof target === 'string') targets.push(target);
      else targets.push(...Object.values(target));
    }
    targets.push(...Object.values(packageJson.bin));
    assert.deepEqual(
      targets.map((path) => path.replace(/^\.\//, '')).filter((path) => !packed.files.includes(path)),
      [],
    );
  });

  test('importing any entry in Node (server-side rendering) throws nothing and adds no global beyond Lit’s own', async () => {
    const entries = Object.keys(packageJson.exports)
      .filter((key) => !key.endsWith('.json'))
      .map((key) => `greenapi-qr${key.slice(1)}`);
    // Lit's Node build installs its DOM shim (customElements, HTMLElement…); the baseline is `lit` alone.
    const script = `
      const keys = () => new Set(Object.getOwnPropertyNames(globalThis));
      await import('lit');
      const baseline = keys();
      const failures = [];
      for (const entry of ${JSON.stringify(entries)}) {
        try { await import(entry); } catch (error) { failures.push(entry + ': ' + error.message); }
      }
      const added = [...keys()].filter((key) => !baseline.has(key));
      console.log(JSON.stringify({ failures, added }));`;
    writeFileSync(join(app, 'check.mjs'), script);
    // The optional peers are absent here on purpose: greenapi-qr/react then fails only for want of react,
    // which a React app always has; everything else must import.
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: app });
    const { failures, added } = JSON.parse(stdout);
    assert.deepEqual(
      failures.filter((failure) => !/^greenapi-qr\/react: .*'(react|@lit\/react)'/.test(failure)),
      [],
    );
    assert.deepEqual(added, []);
  });

  test('the emulator without its optional peers says which to install instead of failing to import', async () => {
    writeFileSync(
      join(app, 'emulator.mjs'),
      `
      import { startEmulator } from 'greenapi-qr/emulator';
      await startEmulator().then(() => console.log('started'), (error) => console.log(error.message));`,
    );
    const { stdout } = await run(process.execPath, ['emulator.mjs'], { cwd: app });
    assert.match(stdout, /needs ws, qrcode, pngjs .*npm install --save-dev ws qrcode pngjs/);
  });

  test('the relay works without ws (HTTP only), and its socket relay says to install ws', async () => {
    writeFileSync(
      join(app, 'relay.mjs'),
      `
      import { createQrProxy, createSocketRelay } from 'greenapi-qr/server';
      const relay = createQrProxy({ resolveInstance: () => null });
      const answer = await relay(new Request('http://app.test/api/whatsapp/waInstance1101000001/qr'));
      console.log(answer.status);
      await createSocketRelay({ resolveInstance: () => null }).catch((error) => console.log(error.message));`,
    );
    const { stdout } = await run(process.execPath, ['relay.mjs'], { cwd: app });
    assert.deepEqual(stdout.trim().split('\n'), ['403', 'createSocketRelay needs the `ws` package: npm install ws']);
  });

  test('the browser bundles hold none of the relay: no server code reaches a page', () => {
    for (const bundle of ['dist/greenapi-qr.min.js', 'dist/greenapi-qr.iife.js']) {
      const code = readFileSync(resolve(ROOT, bundle), 'utf8');
      for (const name of ['resolveInstance', 'createQrProxy', 'createSocketRelay', 'allowedOrigins'])
        assert.ok(!code.includes(name), `${bundle} holds ${name}`);
    }
  });
});
