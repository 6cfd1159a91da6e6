// method="phone" end to end, in every engine: the classic script-tag bundle in a plain page under
// the strict CSP. The user types a number into the element's own field, gets a pairing code, reads it
// off the screen and enters it "on the phone" (the emulator's enter-code control); the element sees
// the instance become authorized. A number that is not one is refused inline, without a request.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eEngines } from './browsers.mjs';
import {
  CLASSIC_BUNDLE,
  assertCleanPage,
  errorEvents,
  expectAuthorized,
  onOwnPage,
  shadowElements,
  untilStatus,
  useBundleSuite,
  waitInPage,
} from './helpers.mjs';

const OWN_PAGE = { head: `<script src="${CLASSIC_BUNDLE}"></script>`, attributes: { method: 'phone' } };

/**
 * Types `number` into the element's phone field (as input events, the way typing arrives) and
 * presses its "Get code" button.
 * @param {import('./browsers.mjs').EnginePage} page
 * @param {string} number
 */
async function submitNumber(page, number) {
  await page.evaluate((typed) => {
    const root = /** @type {ShadowRoot} */ (document.querySelector('greenapi-qr')?.shadowRoot);
    const input = /** @type {HTMLInputElement} */ (root.querySelector('input#phone-number'));
    input.focus();
    input.value = typed;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: typed }));
    const getCode = [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Get code');
    /** @type {HTMLButtonElement} */ (getCode).click();
  }, number);
}

for (const { engine, skip } of e2eEngines()) {
  describe(`${engine}: method="phone" with the classic bundle`, { skip }, () => {
    const suite = useBundleSuite({ engine });

    it('asks for a code for the typed number, shows it, and links once it is entered on the phone', async () => {
      const { control } = suite;
      await onOwnPage(suite, OWN_PAGE, async ({ page, instance, url }) => {
        await page.goto(url);

        await untilStatus(page, 'phone');
        await submitNumber(page, '+7 (900) 123-45-67');

        await untilStatus(page, 'code');
        const [code] = await shadowElements(page, '[part="pairing-code"]');
        const shown = code.text.trim();
        assert.match(shown, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'the code is grouped as XXXX-XXXX');
        const { pairing } = await control.summary(instance.idInstance);
        assert.equal(shown.replace('-', ''), pairing.code, 'the code on screen is the one the emulator handed out');
        assert.deepEqual([pairing.requests, pairing.phoneNumber], [1, 79001234567], 'one request, the number as an integer');
        const hints = (await shadowElements(page, '[part="hint"]')).map((hint) => hint.text);
        assert.equal(hints.filter((text) => /^Valid for 2:[0-5]\d$/.test(text)).length, 1, 'the countdown of its 2.5 minutes');

        assert.deepEqual(await control.enterCode(instance.idInstance, shown), { stateInstance: 'authorized' });
        await expectAuthorized(page, instance.idInstance);

        const requests = await control.requests(instance.idInstance);
        assert.equal(requests.filter((request) => request.method === 'getAuthorizationCode').length, 1, 'one code request in all');
        assert.equal(requests.filter((request) => request.method === 'qr').length, 0, 'no QR was asked for');
        assert.deepEqual(await errorEvents(page), [], 'no error events');
        await assertCleanPage(page);
      });
    });

    it('refuses a number that is not one, inline, without asking GREEN-API for a code', async () => {
      const { control } = suite;
      await onOwnPage(suite, OWN_PAGE, async ({ page, instance, url }) => {
        await page.goto(url);
        await untilStatus(page, 'phone');

        await submitNumber(page, '12345');

        await waitInPage(
          page,
          () => /7 to 15 digits/.test(document.querySelector('greenapi-qr')?.shadowRoot?.querySelector('#phone-problem')?.textContent ?? ''),
          undefined,
          'the problem is shown under the field',
          5_000,
        );
        const [input] = await shadowElements(page, 'input#phone-number', ['aria-invalid']);
        assert.equal(input.attributes['aria-invalid'], 'true', 'the field is marked invalid');
        assert.equal(await page.evaluate(() => document.querySelector('greenapi-qr')?.getAttribute('status')), 'phone', 'the form stays for another try');
        const errors = await errorEvents(page);
        assert.deepEqual(
          errors.map((event) => ({ code: event.detail.code, retryable: event.detail.retryable })),
          [{ code: 'config', retryable: false }],
          'one config error',
        );

        await new Promise((done) => setTimeout(done, 500));
        const requests = await control.requests(instance.idInstance);
        assert.deepEqual(
          requests.map((request) => request.method),
          ['getStateInstance'],
          'only the state check: no getAuthorizationCode request',
        );
        assert.equal((await control.summary(instance.idInstance)).pairing.requests, 0);
        await assertCleanPage(page);
      });
    });
  });
}
