// What `getAuthorizationCode` gives: a code the person types on the phone. A module of its own so
// that only the code that reads it (the element's pairing chunk) carries it.

/** A pairing code once spaces and dashes are dropped: WhatsApp's are 8 letters and digits (`K7Q2M9ZD`); 4 to 16 are taken. */
export const PAIRING_CODE = /^[A-Z0-9]{4,16}$/;
