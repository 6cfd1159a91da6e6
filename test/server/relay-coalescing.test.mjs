// However many pages poll one instance through the relay, GREEN-API's per-instance limits hold:
// reads are shared, actions are paced. Counted on the emulator, with its rate limits on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createInstance, sleep, useEmulator } from '../emulator/helpers.mjs';
import { call, relayFor } from './helpers.mjs';
import { linkingMethod } from '../../src/protocol/index.js';

const server = useEmulator();
/** GREEN-API's windows, as the emulator counts them: on arrival. */
const QR_WINDOW_MS = 1000 / linkingMethod('qr').perSecond;
const ONE_SECOND_MS = 1000;
const STATE_GAP_MS = linkingMethod('getStateInstance').gapMs;

async function linkable(state = {}) {
  const instance = await createInstance(server.url, state);
  return { instance, ...relayFor(server.url, { [instance.idInstance]: instance.apiTokenInstance }) };
}

async function upstreamLog(idInstance) {
  return (await control(server.url, `/instances/${idInstance}/requests`)).json;
}

describe('reads are shared', () => {
  test('20 tabs asking qr at once make one upstream request, and all get the same code', async () => {
    const { instance, handler } = await linkable();
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(handler, `/waInstance${instance.idInstance}/qr`)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
    assert.equal(new Set(answers.map((answer) => answer.json.message)).size, 1);
    assert.equal((await upstreamLog(instance.idInstance)).length, 1);
  });

  test('qr polled without pause by 5 tabs for 1.2 s: at most 3 upstream requests per second, never a 429', async () => {
    const { instance, handler } = await linkable();
    const statuses = new Set();
    const until = Date.now() + 1200;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        while (Date.now() < until) statuses.add((await call(handler, `/waInstance${instance.idInstance}/qr`)).status);
      }),
    );
    assert.deepEqual(statuses, new Set([200]));
    const starts = (await upstreamLog(instance.idInstance)).map((entry) => entry.startedAt);
    assert.ok(starts.length >= 3 && starts.length <= 5, `${starts.length} upstream requests`);
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= QR_WINDOW_MS, `gap ${starts[i] - starts[i - 1]} ms`);
  });

  test('getStateInstance is shared for a second: the next upstream request comes after the window', async () => {
    const { instance, handler } = await linkable();
    const path = `/waInstance${instance.idInstance}/getStateInstance`;
    await call(handler, path);
    await sleep(300);
    assert.equal((await call(handler, path)).status, 200);
    assert.equal((await upstreamLog(instance.idInstance)).length, 1, 'the answer from 300 ms ago');
    await sleep(STATE_GAP_MS);
    assert.equal((await call(handler, path)).status, 200);
    assert.equal((await upstreamLog(instance.idInstance)).length, 2);
  });

  test('different instances are never shared', async () => {
    const first = await createInstance(server.url);
    const second = await createInstance(server.url);
    const { handler } = relayFor(server.url, { [first.idInstance]: first.apiTokenInstance, [second.idInstance]: second.apiTokenInstance });
    const [a, b] = await Promise.all([call(handler, `/waInstance${first.idInstance}/qr`), call(handler, `/waInstance${second.idInstance}/qr`)]);
    assert.notEqual(a.json.message, b.json.message);
    assert.equal((await upstreamLog(first.idInstance)).length, 1);
    assert.equal((await upstreamLog(second.idInstance)).length, 1);
  });
});

describe('actions are paced, never shared', () => {
  test('two logouts at once both go upstream, a second apart, and neither earns a 429', async () => {
    const { instance, handler } = await linkable({ stateInstance: 'authorized' });
    const logout = () => call(handler, `/waInstance${instance.idInstance}/logout`, { method: 'POST' });
    const answers = await Promise.all([logout(), logout()]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200],
    );
    const starts = (await upstreamLog(instance.idInstance)).map((entry) => entry.startedAt);
    assert.equal(starts.length, 2);
    assert.ok(starts[1] - starts[0] >= ONE_SECOND_MS, `gap ${starts[1] - starts[0]} ms`);
  });

  test('a browser that goes away while its action waits its turn sends nothing', async () => {
    const { instance, handler } = await linkable({ stateInstance: 'authorized' });
    const path = `${'http://app.test/api/whatsapp'}/waInstance${instance.idInstance}/logout`;
    const first = handler(new Request(path, { method: 'POST' }));
    const abort = new AbortController();
    const second = handler(new Request(path, { method: 'POST', signal: abort.signal }));
    await sleep(100);
    abort.abort();
    await Promise.all([first, second]);
    await sleep(linkingMethod('logout').gapMs);
    assert.equal((await upstreamLog(instance.idInstance)).length, 1);
  });
});
