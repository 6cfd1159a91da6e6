// greenapi-qr/server: the relay that lets `<greenapi-qr proxy-url>` link an instance while the
// token stays on the server. Runs wherever the Fetch API does (Node 20+, Next.js, Hono, Deno, Bun,
// Cloudflare Workers); the socket relay needs Node and `ws`.
export { createQrProxy, MAX_REQUEST_BYTES } from './qr-proxy.js';
export { MAX_RESPONSE_BYTES } from './upstream-request.js';
export { RelayError } from './relay-options.js';
export { toNodeListener } from './node-adapter.js';
export { createSocketRelay, MAX_FRAME_BYTES } from './socket-relay.js';
export { createRedisStore } from './redis-store.js';
export { MAX_WEBHOOK_BYTES } from './webhook-route.js';
export type { QrProxyOptions, RequestHandler } from './qr-proxy.js';
export type { RelayErrorCode, RelayOptions, ResolvedInstance, ResolveInstance, UpstreamOrigins } from './relay-options.js';
export type { SocketRelay, SocketRelayOptions } from './socket-relay.js';
export type { RelayStore } from './relay-store.js';
export type { RedisStore, RedisStoreOptions } from './redis-store.js';
export type { RedisClientLike } from './redis-link.js';
export type { OnStateChange, StateChange } from './state-changes.js';
export type { WebhookToken } from './webhook-route.js';
