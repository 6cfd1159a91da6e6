// The client-rendered example apps (React 19 with the tag, React 18 with greenapi-qr/react, Vue 3)
// installed from the packed tarball, type-checked strictly and built by their own toolchains, then
// driven in Chromium against the emulator that the tarball ships, the way an integrator's tests would.
// (Angular's app renders on the server and has angular.test.mjs; its /token route runs these tests too.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../e2e/helpers.mjs';
import { packPackage } from '../package/pack.mjs';
import { CLIENT_RENDERED_APPS, emulatorOf, installApp, npm, selected, serveSite } from './apps.mjs';
import { tokenModeTests } from './token-mode-tests.mjs';

const { tarball } = packPackage();

for (const name of CLIENT_RENDERED_APPS) {
  describe(`${name} example app`, { skip: !selected(name) && 'not in FRAMEWORK_APPS' }, () => {
    let work = '';
    /** @type {Awaited<ReturnType<Awaited<ReturnType<typeof emulatorOf>>>>} */
    let emulator;
    /** @type {Awaited<ReturnType<typeof serveSite>>} */
    let site;
    /** @type {import('playwright-core').Browser} */
    let browser;

    before(async () => {
      work = await installApp(name, tarball);
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await emulator?.close();
    });

    test('type-checks strictly with no error, and its typings catch the usual mistakes (type-errors/)', async () => {
      await npm(work, ['run', 'typecheck']);
    });

    test('builds with its own toolchain, then starts the emulator from the tarball', async () => {
      await npm(work, ['run', 'build']);
      site = await serveSite(resolve(work, 'dist'));
      emulator = await (await emulatorOf(work))({ port: 0 });
      browser = await launchChromium();
    });

    tokenModeTests(() => ({ emulator, browser, url: `${site.url}/` }));
  });
}

test('the greenapi-qr-emulator bin from the tarball serves GREEN-API and stops on SIGTERM', async () => {
  const work = await installApp(CLIENT_RENDERED_APPS.find(selected) ?? CLIENT_RENDERED_APPS[0], tarball);
  const child = spawn(resolve(work, 'node_modules/.bin/greenapi-qr-emulator'), ['--port', '0', '--quiet'], { cwd: work });
  try {
    const url = await new Promise((found, failed) => {
      let printed = '';
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(printed);
        if (match) found(match[1]);
      });
      child.on('exit', (code) => failed(new Error(`the bin exited (${code}) before listening: ${printed}`)));
    });
    const { idInstance, apiTokenInstance } = await (
      await fetch(`${url}/_emulator/instances`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })
    ).json();
    const answer = await (await fetch(`${url}/waInstance${idInstance}/qr/${apiTokenInstance}`)).json();
    assert.equal(answer.type, 'qrCode');
  } finally {
    const exited = new Promise((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
