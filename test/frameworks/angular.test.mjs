// The Angular example app: Angular 21 with @angular/ssr and hydration, the relay mounted in its
// Express server.ts as the README shows it. Installed from the packed tarball, type-checked strictly
// (its mistakes must fail to compile), built for production and served by its own server.ts: the
// recommended mode (proxy-url) on its server-rendered page, the token in the page on its
// client-rendered /token route. Driven in Chromium.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { packPackage, ROOT } from '../package/pack.mjs';
import { installApp, npm, selected } from './apps.mjs';
import { serverRenderedTests, startServerRenderedApp } from './server-rendered-app.mjs';
import { tokenModeTests } from './token-mode-tests.mjs';

/** @type {import('./server-rendered-app.mjs').ServerRenderedApp} */
const ANGULAR = {
  title: 'Angular 21 (@angular/ssr, hydration)',
  serve: (work) => [resolve(work, 'dist/server/server.mjs')],
  assets: 'dist/browser',
  runtime: 'angular',
};

/** The lines of src/type-errors.ts that ngc reports errors on. */
const ERROR_LINE = /^src\/type-errors\.ts:(\d+):\d+ - error/gm;

test('the directive types every property a page can set on the element (custom-elements.json)', () => {
  const manifest = JSON.parse(readFileSync(resolve(ROOT, 'custom-elements.json'), 'utf8'));
  const element = manifest.modules
    .flatMap((/** @type {{ declarations?: object[] }} */ module) => module.declarations ?? [])
    .find((/** @type {{ tagName?: string }} */ declaration) => declaration.tagName === 'greenapi-qr');
  const settable = element.members
    .filter(
      (/** @type {{ kind: string, privacy?: string, readonly?: boolean, static?: boolean }} */ member) =>
        member.kind === 'field' && member.privacy === 'public' && !member.readonly && !member.static,
    )
    .map((/** @type {{ name: string }} */ member) => member.name);
  const directive = readFileSync(resolve(ROOT, 'test/frameworks/angular/src/app/greenapi-qr-inputs.ts'), 'utf8');
  const inputs = [...directive.matchAll(/@Input\(\) set (\w+)\(value: GreenApiQr\['(\w+)'\]\)/g)];
  assert.deepEqual(
    inputs.map(([, name, property]) => [name, property]).filter(([name, property]) => name !== property),
    [],
    'each input is typed as the property it sets',
  );
  assert.deepEqual(inputs.map(([, name]) => name).sort(), [...settable].sort());
});

describe(`angular example app: ${ANGULAR.title}`, { skip: !selected('angular') && 'not in FRAMEWORK_APPS' }, () => {
  let work = '';
  /** @type {import('./server-rendered-app.mjs').RunningApp | undefined} */
  let running;
  const app = () => running ?? assert.fail('the app is not running');

  before(async () => {
    work = await installApp('angular', packPackage().tarball);
  });
  after(() => running?.close());

  test('type-checks strictly with no error', async () => {
    await npm(work, ['run', 'typecheck']);
  });

  test('its directive and component make each mistake in type-errors/angular.ts a compile error, in both modes, and nothing else', async () => {
    const mistakes = readFileSync(resolve(work, 'src/type-errors.ts'), 'utf8').split('\n');
    const expected = mistakes.flatMap((line, index) => (/<!-- error: /.test(line) ? [index + 1] : []));
    const output = await compileErrors(work);
    const reported = [...new Set([...output.matchAll(ERROR_LINE)].map(([, line]) => Number(line)))].sort((a, b) => a - b);
    assert.ok(expected.length >= 10, 'the mistakes are there');
    assert.deepEqual(reported, expected, output);
  });

  test('builds for production, and its server.ts serves the pages and the relay', async () => {
    running = await startServerRenderedApp(work, ANGULAR);
  });

  describe('proxy-url, through server.ts’s relay, on the page rendered on the server', () => {
    serverRenderedTests(app, ANGULAR);
  });

  describe('the token in the page, on the route rendered in the browser', () => {
    tokenModeTests(() => ({ ...app(), url: `${app().base}/token` }));
  });
});

/**
 * What ngc says about src/type-errors.ts, compiled on its own; it must fail.
 * @param {string} work
 */
async function compileErrors(work) {
  try {
    await promisify(execFile)(resolve(work, 'node_modules/.bin/ngc'), ['-p', 'tsconfig.type-errors.json', '--noEmit'], { cwd: work });
  } catch (error) {
    const failure = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    return stripVTControlCharacters(`${failure.stdout ?? ''}${failure.stderr ?? ''}`); // ngc colours it whatever --pretty says
  }
  return assert.fail('the mistakes compiled');
}
