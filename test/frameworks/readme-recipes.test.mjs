import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ALL_APPS } from './apps.mjs';
import { README, recipes } from './readme-recipes.mjs';
import { oddRequestsTable } from '../server/odd-requests.mjs';

const shown = recipes(readFileSync(README, 'utf8'));

test('the README shows at least one file of every example app', () => {
  for (const app of ALL_APPS)
    assert.ok(
      shown.some(({ path }) => path.startsWith(`test/frameworks/${app}/`)),
      `a recipe from ${app}`,
    );
});

test('every recipe in the README is the example app’s file as it is (node test/frameworks/readme-recipes.mjs --write)', () => {
  for (const { path, shown: text, file } of shown) assert.equal(text, file.endsWith('\n') ? file : `${file}\n`, `${path} differs from the README`);
});

test('no recipe uses any, a cast to silence the checker, or a suppression comment', () => {
  for (const { path, file } of shown) {
    assert.doesNotMatch(file, /:\s*any\b|<any>|\bas any\b|as unknown as|@ts-(ignore|expect-error|nocheck)|eslint-disable/, path);
  }
});

test('the README’s table of odd requests per runtime is what the runtimes’ own tests get (test/server/odd-requests.mjs)', () => {
  assert.ok(
    readFileSync(README, 'utf8').includes(`${oddRequestsTable()}\n`),
    'node -e "import(\'./test/server/odd-requests.mjs\').then((m) => console.log(m.oddRequestsTable()))"',
  );
});
