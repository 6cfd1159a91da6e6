// Kept apart from instances.js so that the package entry can name it without loading the emulator.

/** Always present; `POST /_emulator/reset` restores it. The token is 50 lowercase hex chars like real ones. */
export const DEMO_INSTANCE = Object.freeze({
  idInstance: '1101000001',
  apiTokenInstance: '0f3c9a7e5b1d4f2a8c6e0b9d7f5a3c1e2b4d6f8a0c2e4b6d8f',
});
