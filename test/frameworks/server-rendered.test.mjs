// The server-rendered example apps, Next.js (App Router, React 19) and Nuxt 4 (Vue 3 with Nitro),
// installed from the packed tarball, built for production and served by their own servers, the way
// an integrator deploys them: a page rendered on the server, then hydrated, around the README's
// recipe, and the README's route in front of the emulator. Driven in Chromium. (The Angular app,
// server-rendered too, has angular.test.mjs.)
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { packPackage } from '../package/pack.mjs';
import { installApp, selected } from './apps.mjs';
import { serverRenderedTests, startServerRenderedApp } from './server-rendered-app.mjs';

/** @type {Record<string, import('./server-rendered-app.mjs').ServerRenderedApp>} */
const APPS = {
  nextjs: {
    title: 'Next.js 16 (App Router, React 19)',
    serve: (work, port) => [resolve(work, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    assets: '.next/static',
    runtime: 'nextjs',
  },
  nuxt: {
    title: 'Nuxt 4 (Vue 3, Nitro)',
    serve: (work) => [resolve(work, '.output/server/index.mjs')],
    assets: '.output/public',
    runtime: 'nuxt',
  },
};

for (const [name, app] of Object.entries(APPS)) {
  describe(`${name} example app: ${app.title}, rendered on the server`, { skip: !selected(name) && 'not in FRAMEWORK_APPS' }, () => {
    /** @type {import('./server-rendered-app.mjs').RunningApp | undefined} */
    let running;
    after(() => running?.close());

    test('builds for production, and its own server serves it', async () => {
      running = await startServerRenderedApp(await installApp(name, packPackage().tarball), app);
    });
    serverRenderedTests(() => running ?? assert.fail('the app is not running'), app);
  });
}
