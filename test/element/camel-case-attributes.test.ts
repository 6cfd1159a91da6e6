import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/index.js';
import type { GreenApiQr, GreenApiQrStatusChangeDetail } from '../../src/index.js';

/**
 * Server HTML as a framework writes it from camelCase props (React 19 in Next.js, Vue with
 * `:idInstance`): the parser lowercases the names, and the element is upgraded with them in place.
 */
async function upgradedFromServerHtml(markup: string): Promise<{ element: GreenApiQr; details: GreenApiQrStatusChangeDetail[] }> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const template = document.createElement('template');
  template.innerHTML = markup;
  const element = template.content.firstElementChild as GreenApiQr;
  const details: GreenApiQrStatusChangeDetail[] = [];
  element.addEventListener('statuschange', (event) => details.push(event.detail));
  container.append(element);
  await element.updateComplete;
  return { element, details };
}

describe('attributes written from camelCase props', () => {
  afterEach(() => sinon.restore());

  it('an element that waits because of them says which and what to write instead, once in the console and in statuschange', async () => {
    const warn = sinon.stub(console, 'warn');
    const { element, details } = await upgradedFromServerHtml(
      '<greenapi-qr lang="en" idinstance="1101000001" proxyurl="/api/whatsapp" pollinterval="500"></greenapi-qr>',
    );
    expect(element.status).to.equal('idle');
    expect(details).to.have.length(1);
    expect(details[0]).to.include({ status: 'idle', activeTransport: null });
    const hint = details[0].hint ?? '';
    for (const fix of ['idinstance (write id-instance)', 'proxyurl (write proxy-url)', 'pollinterval (write poll-interval)']) expect(hint).to.include(fix);
    expect(warn.callCount).to.equal(1);
    expect(warn.firstCall.args[0]).to.equal(hint);
    element.requestUpdate();
    await element.updateComplete;
    expect(warn.callCount, 'said once').to.equal(1);
  });

  it('nothing is said for the attributes the element reads, nor for single-word ones (method, transport)', async () => {
    const warn = sinon.stub(console, 'warn');
    const { element, details } = await upgradedFromServerHtml('<greenapi-qr lang="en" id-instance="1101000001" method="qr" transport="poll"></greenapi-qr>');
    expect(element.status).to.equal('idle');
    expect(details, 'waiting for the token is the state it starts in').to.deep.equal([]);
    expect(warn.callCount).to.equal(0);
  });
});
