// method="phone" end to end: the classic script-tag bundle in a plain page under the strict CSP.
// The user types a number into the element's own field, gets a pairing code, reads it off the
// screen and enters it "on the phone" (the emulator's enter-code control); the element sees the
// instance become authorized. A number that is not one is refused inline, without a request.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSIC_BUNDLE, assertCleanPage, errorEvents, expectAuthorized, onOwnPage, useBundleSuite } from './helpers.mjs';

const OWN_PAGE = { head: `<script src="${CLASSIC_BUNDLE}"></script>`, attributes: { method: 'phone' } };

describe('method="phone" with the classic bundle', () => {
  const suite = useBundleSuite();

  it('asks for a code for the typed number, shows it, and links once it is entered on the phone', async () => {
    const { control } = suite;
    await onOwnPage(suite, OWN_PAGE, async ({ page, watcher, instance, url }) => {
      /** @type {Array<string | null>} */
      const codeRequestBodies = [];
      page.on('request', (request) => {
        if (/\/getAuthorizationCode\//i.test(request.url()) && request.method() === 'POST') codeRequestBodies.push(request.postData());
      });
      await page.goto(url);

      // The element's own form, inside its shadow root.
      await page.waitForSelector('greenapi-qr[status="phone"]', { timeout: 10_000 });
      await page.locator('greenapi-qr input#phone-number').fill('+7 (900) 123-45-67');
      await page.locator('greenapi-qr').getByRole('button', { name: 'Get code' }).click();

      await page.waitForSelector('greenapi-qr[status="code"]', { timeout: 10_000 });
      const shown = String(await page.locator('greenapi-qr [part="pairing-code"]').textContent()).trim();
      assert.match(shown, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'the code is grouped as XXXX-XXXX');
      const { pairing } = await control.summary(instance.idInstance);
      assert.equal(shown.replace('-', ''), pairing.code, 'the code on screen is the one the emulator handed out');
      assert.deepEqual(codeRequestBodies.map((body) => JSON.parse(String(body))), [{ phoneNumber: 79001234567 }], 'one request, the number as an integer');
      const countdown = page.locator('greenapi-qr [part="hint"]', { hasText: /^Valid for 2:[0-5]\d$/ });
      assert.equal(await countdown.count(), 1, 'the countdown of its 2.5 minutes');

      // The user types the code on the phone, as it is shown (dash and all).
      assert.deepEqual(await control.enterCode(instance.idInstance, shown), { stateInstance: 'authorized' });
      // The element learns it from getStateInstance, asked every 5 s while the code is shown.
      await expectAuthorized(page, instance.idInstance);

      const requests = await control.requests(instance.idInstance);
      assert.equal(requests.filter((request) => request.method === 'getAuthorizationCode').length, 1, 'one code request in all');
      assert.equal(requests.filter((request) => request.method === 'qr').length, 0, 'no QR was asked for');
      assert.deepEqual(await errorEvents(page), [], 'no error events');
      await assertCleanPage(watcher);
    });
  });

  it('refuses a number that is not one, inline, without asking GREEN-API for a code', async () => {
    const { control } = suite;
    await onOwnPage(suite, OWN_PAGE, async ({ page, watcher, instance, url }) => {
      await page.goto(url);
      await page.waitForSelector('greenapi-qr[status="phone"]', { timeout: 10_000 });

      const input = page.locator('greenapi-qr input#phone-number');
      await input.fill('12345');
      await page.locator('greenapi-qr').getByRole('button', { name: 'Get code' }).click();

      const problem = page.locator('greenapi-qr #phone-problem');
      await problem.filter({ hasText: /7 to 15 digits/ }).waitFor({ timeout: 5_000 });
      assert.equal(await input.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
      assert.equal(await page.locator('greenapi-qr').getAttribute('status'), 'phone', 'the form stays for another try');
      const errors = await errorEvents(page);
      assert.deepEqual(
        errors.map((event) => ({ code: event.detail.code, retryable: event.detail.retryable })),
        [{ code: 'config', retryable: false }],
        'one config error',
      );

      // Give a wrongly sent request time to arrive before counting.
      await page.waitForTimeout(500);
      const requests = await control.requests(instance.idInstance);
      assert.deepEqual(
        requests.map((request) => request.method),
        ['getStateInstance'],
        'only the state check: no getAuthorizationCode request',
      );
      assert.equal((await control.summary(instance.idInstance)).pairing.requests, 0);
      await assertCleanPage(watcher);
    });
  });
});
