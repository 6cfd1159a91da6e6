// The Redis store's connection, and what it does when Redis is gone: every command is bounded in
// time, a failure marks Redis down (reported once per outage), and from then on the store serves
// from each process's memory without asking Redis until a background PING answers again.
// `redis` (node-redis) is an optional peer dependency: it is imported only when a URL is given.
import { RelayError } from './relay-options.js';
import type { Script } from './redis-scripts.js';

/**
 * The part of a node-redis client (`createClient()` from `redis` 6) the store uses: an app may
 * pass the client it already has, connected. The store opens one more connection for pub/sub
 * with `duplicate()`, and closes only that one.
 */
export interface RedisClientLike {
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  duplicate(): RedisClientLike;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  destroy(): void;
}

/** Redis did not answer (or refused): the store falls back to this process's memory. */
export class StoreUnavailable extends Error {}

/** Redis answers nearby commands in a millisecond or so: one this slow is treated as Redis gone. */
export const COMMAND_TIMEOUT_MS = 1000;
/** How often a store whose Redis is down checks whether it answers again. */
export const PROBE_MS = 500;
/**
 * How long the first requests wait for the first connection (loading `redis` included) before
 * Redis is taken for down: processes that start together would otherwise each ask upstream alone.
 */
export const FIRST_CONNECT_MS = 2000;

type State = 'connecting' | 'up' | 'down';

export class RedisLink {
  #state: State;
  #client: RedisClientLike | undefined;
  #subscriber: RedisClientLike | undefined;
  readonly #ownsClient: boolean;
  /** Settles once the connection is set up (or failed to load); requests meanwhile wait up to FIRST_CONNECT_MS. */
  readonly #ready: Promise<void>;
  #cause: unknown;
  #reported = false;
  #probe: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Who waits for news of a key, woken when a process publishes an outcome for it. */
  readonly #watchers = new Map<string, Set<() => void>>();

  constructor(
    source: { url: string } | { client: RedisClientLike },
    readonly channel: string,
  ) {
    this.#ownsClient = 'url' in source;
    this.#state = 'connecting';
    this.#ready = this.#open(source).catch((error: unknown) => this.#down(error));
  }

  /**
   * Whether to use Redis for this request. While Redis is down it is not: the caller serves from
   * memory, and the first caller of the outage reports it through its relay's onError.
   */
  async usable(report: (error: RelayError) => void): Promise<boolean> {
    if (this.#state === 'connecting') await within(this.#ready, FIRST_CONNECT_MS);
    if (this.#state === 'connecting') this.#down(new Error(`no connection to Redis within ${FIRST_CONNECT_MS} ms`));
    if (this.#state === 'up') return true;
    if (!this.#reported) {
      this.#reported = true;
      const why = this.#cause instanceof Error ? this.#cause.message : String(this.#cause);
      report(
        new RelayError(
          'store-unavailable',
          `the shared store is unavailable (${why}): each relay process keeps GREEN-API's limits on its own until Redis answers again, then they share them again`,
          this.#cause,
        ),
      );
    }
    return false;
  }

  /**
   * Runs a script; throws StoreUnavailable when Redis fails. EVAL, not EVALSHA: Redis caches the
   * compiled script anyway, and an EVALSHA that meets NOSCRIPT (a restarted Redis) would be sent
   * again after commands issued later, out of order.
   */
  async run(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await this.#command(['EVAL', script.source, String(keys.length), ...keys, ...args.map(String)]);
    } catch (error) {
      throw this.#fail(error);
    }
  }

  /**
   * Resolves when a process publishes an outcome for `key`, or after `ms` at the latest (pub/sub
   * may be reconnecting); `cancel` stops watching. Set up before the read that may need it, so
   * that news published meanwhile is not missed.
   */
  watch(key: string, ms: number): { next: Promise<void>; cancel: () => void } {
    let cancel = () => {};
    const next = new Promise<void>((resolve) => {
      const wake = () => {
        cancel();
        resolve();
      };
      const timer = setTimeout(wake, ms);
      const watchers = this.#watchers.get(key) ?? new Set();
      watchers.add(wake);
      this.#watchers.set(key, watchers);
      cancel = () => {
        clearTimeout(timer);
        watchers.delete(wake);
        if (watchers.size === 0 && this.#watchers.get(key) === watchers) this.#watchers.delete(key);
      };
    });
    return { next, cancel };
  }

  /** Ends the connections the store opened (not a client the app passed) and the probe. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#probe);
    // destroy() also ends a connection still being tried; it throws on one never opened.
    for (const client of [this.#subscriber, this.#ownsClient ? this.#client : undefined]) {
      try {
        client?.destroy();
      } catch {
        // not open: nothing to end
      }
    }
  }

  async #open(source: { url: string } | { client: RedisClientLike }): Promise<void> {
    const client = 'client' in source ? source.client : await clientFor(source.url);
    if (this.#closed) return;
    this.#client = client;
    // Retries until Redis answers (reconnectStrategy); meanwhile requests are served from memory.
    if (this.#ownsClient) await client.connect();
    if (this.#closed) return;
    if (this.#state === 'connecting') this.#state = 'up';
    // Pub/sub only wakes waiters early: without it they still look again every recheck.
    const subscriber = client.duplicate();
    this.#subscriber = subscriber;
    subscriber.on('error', () => {});
    subscriber
      .connect()
      .then(() => subscriber.subscribe(this.channel, (key) => this.#watchers.get(key)?.forEach((wake) => wake())))
      .catch(() => {});
  }

  async #command(args: string[]): Promise<unknown> {
    const client = this.#client;
    if (!client) throw new StoreUnavailable('Redis is not connected yet');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let immediate: ReturnType<typeof setImmediate> | undefined;
    const late = new Promise<never>((_, reject) => {
      // Timers run before I/O in Node's loop: after a stall (GC, a starved CPU) the timer would win
      // over a reply already received. setImmediate runs after I/O, so such a reply settles first.
      timer = setTimeout(() => {
        immediate = setImmediate(() => reject(new StoreUnavailable(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`)));
      }, COMMAND_TIMEOUT_MS);
    });
    try {
      // The client's own timeout keeps a command from waiting in its offline queue, if the app's client has one.
      return await Promise.race([client.sendCommand(args, { timeout: COMMAND_TIMEOUT_MS }), late]);
    } finally {
      clearTimeout(timer);
      clearImmediate(immediate);
    }
  }

  /** Marks Redis down for a failed command and gives the error to throw. */
  #fail(error: unknown): StoreUnavailable {
    this.#down(error);
    return error instanceof StoreUnavailable ? error : new StoreUnavailable('Redis failed a command', { cause: error });
  }

  #down(cause: unknown): void {
    if (this.#state === 'down' || this.#closed) return;
    this.#state = 'down';
    this.#cause = cause;
    this.#reported = false;
    this.#probe = setInterval(() => void this.#tryAgain(), PROBE_MS);
    this.#probe.unref();
  }

  async #tryAgain(): Promise<void> {
    try {
      await this.#command(['PING']);
    } catch {
      return;
    }
    if (this.#state !== 'down') return;
    clearInterval(this.#probe);
    this.#probe = undefined;
    this.#state = 'up';
  }
}

/** A node-redis client of our own: no offline queue (a command while Redis is gone fails at once instead of waiting), quick reconnects. */
async function clientFor(url: string): Promise<RedisClientLike> {
  let redis: typeof import('redis');
  try {
    redis = await import('redis');
  } catch (error) {
    throw new Error('createRedisStore({ url }) needs the `redis` package: npm install redis', { cause: error });
  }
  const client: RedisClientLike = redis.createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) },
  });
  // node-redis emits every failed reconnect as an event, which would end the process unheard: a failed command says it instead.
  client.on('error', () => {});
  return client;
}

/** Waits for `promise`, `ms` at most, leaving no timer behind. */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
