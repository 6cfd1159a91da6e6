// GREEN-API's facts for linking an instance, written once and shared by the element (browser), the
// relay (greenapi-qr/server) and the emulator. Nothing else in src/ states a GREEN-API path,
// method, limit, lifetime, state or answer shape.
export * from './account.js';
export * from './answers.js';
export * from './credentials.js';
export * from './frames.js';
export * from './lifetimes.js';
export * from './methods.js';
export * from './pairing-code.js';
export * from './paths.js';
export * from './secrets.js';
export * from './states.js';
export * from './statuses.js';
export * from './texts.js';
export * from './webhooks.js';
