// GREEN-API sends pictures (QR codes, avatars) as base64: what such a string must look like.

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Base64 of the 8-byte PNG signature (89 50 4E 47 0D 0A 1A 0A). */
export const PNG_SIGNATURE_BASE64 = 'iVBORw0KGgo';

/** Standard base64 with its padding: what GREEN-API's pictures are sent as. */
export function isBase64(data: string): boolean {
  return data.length % 4 === 0 && BASE64.test(data);
}
