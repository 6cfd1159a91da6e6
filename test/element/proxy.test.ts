import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrErrorDetail } from '../../src/index.js';
import { createInstance, scan, type TestInstance } from '../helpers/emulator.js';
import { expectNothingSentFor, fetchStepper, useFakeClock } from '../helpers/fake-clock.js';
import { button, qrImage, requestCount, untilStatus, visibleText } from '../helpers/fixture.js';
import { methodsOf, recordErrorDetails, spyGreenApiRequests } from '../helpers/observe.js';
import { watchSockets } from '../helpers/socket.js';
import { realDelay, until } from '../helpers/wait.js';

/** The relay the suite mounts on the page's own origin (test/relay-under-test.mjs). */
const RELAY = '/test-relay/api';
const SIGNED_IN_COOKIE = 'relay-user=alice';

/** Lets the relay link `instance` for the signed-in test user; the harness, not the element, hands it the token. */
async function allowThroughRelay(instance: TestInstance): Promise<void> {
  const answer = await fetch('/test-relay/allow', { method: 'POST', body: JSON.stringify(instance) });
  expect(answer.status).to.equal(204);
}

function signIn(): void {
  document.cookie = `${SIGNED_IN_COOKIE}; path=/`;
}

function signOut(): void {
  document.cookie = `${SIGNED_IN_COOKIE}; path=/; max-age=0`;
}

/** An element in proxy mode for a fresh instance alice may link; `error` is recorded from the start. */
async function proxied(options: { transport?: 'poll' | 'websocket'; headers?: HeadersInit; withCredentials?: boolean } = {}) {
  const instance = await createInstance();
  await allowThroughRelay(instance);
  const element = document.createElement('greenapi-qr');
  element.setAttribute('lang', 'en');
  element.proxyUrl = RELAY;
  element.idInstance = instance.idInstance;
  element.pollInterval = 400;
  if (options.transport) element.transport = options.transport;
  if (options.headers) element.requestHeaders = options.headers;
  if (options.withCredentials) element.withCredentials = true;
  const errors = recordErrorDetails(element);
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.append(element);
  return { element, instance, errors };
}

/** The options of the element's first request to the relay (fetch must be spied on). */
function relayCallInit(): RequestInit {
  const call = (window.fetch as sinon.SinonSpy).getCalls().find(({ args: [input] }) => String(input).includes('/waInstance'));
  return call!.args[1] as RequestInit;
}

/** Everything of the page a token could leak into: attributes, the rendered DOM, and the requests' URLs. */
function pageText(element: GreenApiQr, urls: string[]): string {
  return [element.outerHTML, element.shadowRoot!.innerHTML, ...urls].join('\n');
}

describe('proxy-url: no token in the page', () => {
  afterEach(() => {
    signOut();
    sinon.restore();
  });

  it('shows the code through the relay with only an id: no token in any request, the DOM or an attribute', async () => {
    signIn();
    const sent = spyGreenApiRequests();
    const { element, instance, errors } = await proxied();
    await untilStatus(element, 'qr');
    expect(qrImage(element)).to.exist;
    expect(errors).to.deep.equal([]);
    const base = new URL(RELAY, document.baseURI).href;
    expect(
      sent().every((url) => url.startsWith(`${base}/waInstance${instance.idInstance}/`)),
      sent().join(' '),
    ).to.equal(true);
    expect(methodsOf(sent()).slice(0, 2)).to.deep.equal(['getStateInstance', 'qr']);
    expect(pageText(element, sent())).not.to.include(instance.apiTokenInstance);
    expect(relayCallInit().credentials, 'the page’s own cookie goes to its own backend').to.equal('same-origin');
  });

  it('links: a scan through the relay fires `authorized`', async () => {
    signIn();
    const { element, instance } = await proxied();
    await untilStatus(element, 'qr');
    const authorized = new Promise<CustomEvent>((resolve) => element.addEventListener('authorized', resolve as EventListener, { once: true }));
    await scan(instance.idInstance);
    const event = await authorized;
    expect(event.detail.idInstance).to.equal(instance.idInstance);
    expect(element.status).to.equal('authorized');
  });

  it('a user the backend refuses (403) gets not-allowed, in words about the account and not about id-instance or api-url; it stops, and nothing reaches GREEN-API', async () => {
    const sent = spyGreenApiRequests();
    const { element, instance, errors } = await proxied();
    await untilStatus(element, 'error');
    expect(errors.map(({ code, status, retryable }) => ({ code, status, retryable }))).to.deep.equal([{ code: 'not-allowed', status: 403, retryable: false }]);
    expect(visibleText(element)).to.include('This account may not link this WhatsApp instance.');
    expect(`${visibleText(element)} ${errors[0].message}`).not.to.match(/GREEN-API|id-instance|api-url|idInstance/);
    expect(button(element)?.textContent?.trim()).to.equal('Try again');
    const count = sent().length;
    await realDelay(300);
    expect(sent().length, 'nothing after a fatal error').to.equal(count);
    expect(await requestCount(instance.idInstance, 'getStateInstance')).to.equal(0);
  });

  it('logout() through the relay is a POST (the relay takes no state change as GET) and logs the instance out', async () => {
    signIn();
    spyGreenApiRequests();
    const { element, instance, errors } = await proxied();
    await untilStatus(element, 'qr');
    await scan(instance.idInstance);
    await untilStatus(element, 'authorized');
    await element.logout();
    const logoutCall = (window.fetch as sinon.SinonSpy)
      .getCalls()
      .find(({ args: [input] }) => String(input).endsWith(`/waInstance${instance.idInstance}/logout`));
    expect((logoutCall!.args[1] as RequestInit).method).to.equal('POST');
    expect(errors, 'the relay took it: no 405').to.deep.equal([]);
    await untilStatus(element, 'qr');
    expect(await requestCount(instance.idInstance, 'logout'), 'GREEN-API got its logout').to.equal(1);
  });

  it('requestHeaders reach the relay (a bearer token instead of a cookie) and never show in the DOM, an attribute, an event or the console', async () => {
    const logged = sinon.spy(console, 'error');
    const { element, errors } = await proxied({ headers: { Authorization: 'Bearer alice' } });
    await untilStatus(element, 'qr');
    expect(errors).to.deep.equal([]);
    const statusEvents: string[] = [];
    element.addEventListener('statuschange', (event) => statusEvents.push(JSON.stringify(event.detail)));
    element.requestHeaders = { Authorization: 'Bearer mallory' };
    await until(() => element.status === 'error' || errors.length > 0, 'the next poll, refused for mallory', 4000);
    expect(errors[0].code).to.equal('not-allowed');
    const everything = [element.outerHTML, element.shadowRoot!.innerHTML, JSON.stringify(errors), ...statusEvents, ...logged.args.flat().map(String)].join(
      '\n',
    );
    expect(everything).not.to.match(/alice|mallory|Bearer/);
  });

  it('with-credentials sends the cookies to a proxy on another origin too (credentials: include)', async () => {
    signIn();
    spyGreenApiRequests();
    const { element } = await proxied({ withCredentials: true });
    await untilStatus(element, 'qr');
    expect(relayCallInit().credentials).to.equal('include');
  });

  it('requestHeaders that fetch cannot send are a config error, and nothing is sent', async () => {
    const sent = spyGreenApiRequests();
    const { element, errors } = await proxied({ headers: { 'Bad Header': 'x' } });
    await untilStatus(element, 'error');
    expect(errors[0]).to.include({ code: 'config', retryable: false });
    expect(errors[0].message).to.match(/requestHeaders/);
    expect(sent()).to.deep.equal([]);
  });

  it('api-token-instance together with proxy-url is a config error that names the mistake, and nothing is sent', async () => {
    const sent = spyGreenApiRequests();
    const instance = await createInstance();
    const errors: GreenApiQrErrorDetail[] = [];
    const element = await fixture<GreenApiQr>(html`
      <greenapi-qr
        lang="en"
        proxy-url=${RELAY}
        id-instance=${instance.idInstance}
        .apiTokenInstance=${instance.apiTokenInstance}
        @error=${(event: CustomEvent<GreenApiQrErrorDetail>) => errors.push(event.detail)}
      ></greenapi-qr>
    `);
    await untilStatus(element, 'error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'config', retryable: false });
    expect(errors[0].message).to.include('the token must not be in the page when a relay is used');
    expect(visibleText(element)).to.include('the token must not be in the page');
    expect(errors[0].message).not.to.include(instance.apiTokenInstance);
    expect(sent()).to.deep.equal([]);
  });

  it('a proxy-url that is not http(s) is a config error', async () => {
    const sent = spyGreenApiRequests();
    const element = await fixture<GreenApiQr>(html`<greenapi-qr lang="en" proxy-url="ftp://example.com/relay" id-instance="1101000001"></greenapi-qr>`);
    await untilStatus(element, 'error');
    expect(visibleText(element)).to.include('proxy-url must be an http(s) URL');
    expect(sent()).to.deep.equal([]);
  });

  it('transport="websocket" gets its codes over the relayed socket, opened on the proxy with the ws scheme', async () => {
    signIn();
    const sockets = watchSockets();
    const { element, instance, errors } = await proxied({ transport: 'websocket' });
    await untilStatus(element, 'qr');
    const expected = new URL(`${RELAY}/waInstance${instance.idInstance}/scanqrcode`, document.baseURI).href.replace(/^http/, 'ws');
    expect(sockets.map(({ url }) => url)).to.deep.equal([expected]);
    expect(element.activeTransport).to.equal('websocket');
    expect(await requestCount(instance.idInstance), 'no qr request: the codes came over the socket').to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('transport="websocket" for a user the relay refuses: the state check’s 403 is what the user sees; the socket opened beside it is closed and never retried, and nothing is polled', async () => {
    const clock = useFakeClock();
    const sent = spyGreenApiRequests();
    const sockets = watchSockets(() => Date.now());
    const { element, errors } = await proxied({ transport: 'websocket' });
    const step = fetchStepper(clock, element);
    const startedAt = Date.now();
    await step(0);
    expect(element.status).to.equal('error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'not-allowed', status: 403, retryable: false });
    expect(qrImage(element)).to.equal(null);
    expect(button(element)?.textContent?.trim()).to.equal('Try again');
    // The head start: the socket left with the state check, and was refused by the relay as well
    // (or closed by the element once the 403 came): nothing it said reached the user.
    expect(
      sockets.map(({ at }) => at),
      'the socket, opened with the state check',
    ).to.deep.equal([startedAt]);
    expect(sockets[0].socket.readyState, 'closed').to.be.oneOf([WebSocket.CLOSING, WebSocket.CLOSED]);

    await expectNothingSentFor(step, sent, 60_000, 'requests after the 403 (no polling instead of the socket)');
    expect(methodsOf(sent())).to.deep.equal(['getStateInstance']);
    expect(sockets, 'no socket opened again').to.have.length(1);
    expect(errors, 'no further events').to.have.length(1);
    expect(element.status).to.equal('error');
  });
});
