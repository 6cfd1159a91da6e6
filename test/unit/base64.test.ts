import { expect } from '@open-wc/testing';
import { isBase64, PNG_SIGNATURE_BASE64 } from '../../src/element/base64.js';

describe('isBase64', () => {
  it('takes standard base64 with its padding', () => {
    for (const data of ['QQ==', 'QUI=', 'QUJD', 'iVBORw0KGgo=', 'a+b/', btoa('any bytes \u00ff')]) expect(isBase64(data), data).to.equal(true);
  });

  it('refuses anything else: no padding where it is due, URL-safe letters, spaces, a data: prefix, nothing at all', () => {
    for (const data of ['', 'QQ', 'QUI', 'a-b_', 'QU JD', 'data:image/png;base64,QUJD', 'QQ===', '=QUJ', 'QU=D']) expect(isBase64(data), data).to.equal(false);
  });
});

describe('PNG_SIGNATURE_BASE64', () => {
  it('is how every PNG starts in base64: its signature (89 50 4E 47 0D 0A 1A 0A), then its first chunk’s length (00 00 00 0D, IHDR)', () => {
    const start = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
    expect(btoa(`${start}IHDR`).startsWith(PNG_SIGNATURE_BASE64)).to.equal(true);
    expect(btoa(`GIF89a${start}`).startsWith(PNG_SIGNATURE_BASE64)).to.equal(false);
  });
});
