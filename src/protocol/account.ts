// The WhatsApp account an instance is linked to, as GREEN-API describes it.

/** The linked account, every field optional: GREEN-API leaves them empty when nobody is linked. */
export interface LinkedAccount {
  /** The phone number's digits, without `+`. */
  phone?: string;
  /** The WhatsApp id, `{digits}@c.us`. */
  wid?: string;
  /** The account's display name (`pushname`). */
  name?: string;
  /** A `data:` URL of `base64Avatar`, else the avatar's https URL. */
  avatar?: string;
}

/** A linked account's WhatsApp id: `{digits}@c.us`. */
export function whatsAppId(phone: string): string {
  return `${phone}@c.us`;
}
