import { expect } from '@open-wc/testing';
import { GreenApiQr } from '../../src/index.js';

describe('registration', () => {
  it('defines greenapi-qr as the exported GreenApiQr class', () => {
    expect(customElements.get('greenapi-qr')).to.equal(GreenApiQr);
    expect(document.createElement('greenapi-qr')).to.be.instanceOf(GreenApiQr);
  });

  it('does not throw when a second copy tries to define the tag again', () => {
    class SecondCopy extends GreenApiQr {}
    expect(() => GreenApiQr.define()).not.to.throw();
    expect(() => SecondCopy.define()).not.to.throw();
    expect(customElements.get('greenapi-qr'), 'the first definition wins').to.equal(GreenApiQr);
  });

  it('can be defined under another tag, for pages that need one', () => {
    class Renamed extends GreenApiQr {}
    Renamed.define('renamed-greenapi-qr');
    expect(document.createElement('renamed-greenapi-qr')).to.be.instanceOf(GreenApiQr);
  });

  it('exposes the documented defaults', () => {
    const element = new GreenApiQr();
    expect(element.apiUrl).to.equal('https://api.green-api.com');
    expect(element.pollInterval).to.equal(1000);
    expect(element.maxWait).to.equal(300000);
    expect(element.status).to.equal('idle');
  });
});
