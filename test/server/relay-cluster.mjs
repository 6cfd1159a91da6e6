// Several real relay processes on one real Redis, in front of the emulator: started for a test
// file, stopped after it.
import { after, before } from 'node:test';
import { startRelayProcess } from './relay-process.mjs';
import { startRedisServer } from './redis-server.mjs';

/**
 * A Redis server for the file, and a way to start relay processes on it.
 * @param {{ url: string }} server the emulator (useEmulator)
 */
export function useRelayCluster(server) {
  /** @type {Awaited<ReturnType<typeof startRedisServer>> | undefined} */
  let redis;
  /** @type {Awaited<ReturnType<typeof startRelayProcess>>[]} */
  const relays = [];

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await redis?.stop();
  });

  const cluster = {
    /** The Redis server the relays share. */
    get redis() {
      if (!redis) throw new Error('useRelayCluster: Redis starts in before()');
      return redis;
    },
    /** Every relay process started so far. */
    relays,
    /**
     * `count` relay processes on the same Redis (a prefix of their own), each able to link `instances`.
     * @param {number} count
     * @param {{ idInstance: string, apiTokenInstance: string }[]} instances
     * @param {string} prefix
     * @param {object} [extra] more of the relay process's configuration
     */
    async startRelays(count, instances, prefix, extra = {}) {
      const tokens = Object.fromEntries(instances.map((instance) => [instance.idInstance, instance.apiTokenInstance]));
      const started = await Promise.all(
        Array.from({ length: count }, () =>
          startRelayProcess({ upstreamUrl: server.url, instances: tokens, redis: { url: cluster.redis.url, prefix }, ...extra }),
        ),
      );
      relays.push(...started);
      return started;
    },
  };
  return cluster;
}
