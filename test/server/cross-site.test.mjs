// Cross-site request forgery: another site's page can make the user's browser send requests to
// the relay with the user's cookies; CORS only hides the answers. So no state change is a GET, and
// a state change from another site's page is refused before anyone is asked about the instance.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createInstance, useEmulator } from '../emulator/helpers.mjs';
import { SIGNED_IN, startRelayProcess } from './relay-process.mjs';

const emulator = useEmulator();
const ALLOWED = 'https://partner.example';

describe('state changes from another site', () => {
  /** @type {Awaited<ReturnType<typeof startRelayProcess>>} */
  let relay;
  /** @type {{ idInstance: string, apiTokenInstance: string }} */
  let instance;
  before(async () => {
    instance = await createInstance(emulator.url, { stateInstance: 'authorized', rateLimits: false });
    relay = await startRelayProcess({
      upstreamUrl: emulator.url,
      instances: { [instance.idInstance]: instance.apiTokenInstance },
      relayOptions: { allowedOrigins: [ALLOWED] },
    });
  });
  after(() => relay?.stop());

  const upstreamMethods = async () => (await control(emulator.url, `/instances/${instance.idInstance}/requests`)).json.map((entry) => entry.method);
  const send = (method, verb, headers = {}, body = undefined) =>
    fetch(`${relay.url}/api/whatsapp/waInstance${instance.idInstance}/${method}`, { method: verb, headers: { ...SIGNED_IN, ...headers }, body });
  const pairing = (headers) =>
    send('getAuthorizationCode', 'POST', { 'Content-Type': 'application/json', ...headers }, JSON.stringify({ phoneNumber: 79001234567 }));

  test('logout by GET (a link, an <img>, a top-level navigation) is 405 with Allow: POST, and nothing goes upstream', async () => {
    const answer = await send('logout', 'GET', { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'POST');
    assert.deepEqual(await upstreamMethods(), []);
  });

  test('a POST from another site (its Origin, Sec-Fetch-Site: cross-site, or an opaque Origin: null) is 403 for logout and pairing codes, and nothing goes upstream', async () => {
    const forged = [
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: `https://sub.${relay.host}`, 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of forged) {
      assert.equal((await send('logout', 'POST', headers)).status, 403, JSON.stringify(headers));
      assert.equal((await pairing(headers)).status, 403, JSON.stringify(headers));
    }
    assert.deepEqual(await upstreamMethods(), []);
    assert.equal((await control(emulator.url, `/instances/${instance.idInstance}`)).json.stateInstance, 'authorized', 'still linked');
  });

  test('reads stay open to any caller the app authorizes: qr from another Origin is answered (CORS decides who reads it)', async () => {
    assert.equal((await send('getStateInstance', 'GET', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })).status, 200);
  });

  test("the relay's own pages (same Origin, or Sec-Fetch-Site: same-origin behind a proxy that rewrites Host), an allowed origin and a server without either header may log out", async () => {
    assert.equal((await pairing({ Origin: `http://${relay.host}`, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
    assert.equal((await send('logout', 'POST', { Origin: ALLOWED, 'Sec-Fetch-Site': 'cross-site' })).status, 200);
    assert.equal((await send('logout', 'POST', { Origin: 'https://app.example', 'Sec-Fetch-Site': 'same-origin', Host: 'internal:8080' })).status, 200);
    assert.equal((await send('logout', 'POST')).status, 200);
    assert.deepEqual(await upstreamMethods(), ['getStateInstance', 'getAuthorizationCode', 'logout', 'logout', 'logout']);
    assert.ok(relay.alive());
  });
});
