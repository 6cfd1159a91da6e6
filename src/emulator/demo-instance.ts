// The seeded demo instance and the account the emulated phone links, kept apart from instances.ts
// so that the package entry can name them without loading the emulator.

import type { EmulatedInstance } from './control-client.js';

/** Always present; `POST /_emulator/reset` restores it. The token is 50 lowercase hex chars like real ones. */
export const DEMO_INSTANCE: Readonly<EmulatedInstance> = Object.freeze({
  idInstance: '1101000001',
  apiTokenInstance: '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f',
});

/** The account that "scans" the QR: the phone number the docs use in their own examples. */
export const LINKED_PHONE = '79001234567';
