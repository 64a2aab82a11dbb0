import type { Redis } from 'ioredis';
import type { Bus } from '../../ports/bus.js';
import { createRedisConnections } from './connection.js';
import { redisKeys } from './keys.js';
import { createRedisLocks } from './locks.js';
import { resolveRedisBusOptions, type RedisBusOptions } from './options.js';
import { createRedisPresence } from './presence.js';
import { createChannelSubscriptions } from './pubsub.js';
import { createRedisRateLimiter } from './rate-limiter.js';
import { defineBusScripts, type ScriptCommands } from './scripts.js';

export type { RedisBusOptions } from './options.js';

/**
 * Creates the Redis bus, for several server instances sharing fan-out, presence, rate limits and
 * locks. Validates options at once (a missing or malformed `url` throws here); connects in
 * `start()`. Key layout and failure behaviour: `README.md` beside this file.
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const resolved = resolveRedisBusOptions(options);
  const keys = redisKeys(resolved.keyPrefix);
  const connections = createRedisConnections(resolved);
  const commands = defineBusScripts(connections.commands);
  const subscriptions = createChannelSubscriptions(connections.subscriber, resolved.onHandlerError);
  let state: 'new' | 'starting' | 'started' | 'closed' = 'new';
  let starting: Promise<void> | undefined;

  /** The command connection, once started: before that, a command would silently connect. */
  const client = (): Redis & ScriptCommands => {
    if (state === 'closed') throw new Error('redis bus is closed');
    if (state !== 'started') throw new Error('redis bus is not started; call start() first');
    return commands;
  };

  return {
    name: `redis(${resolved.address})`,

    start() {
      if (state === 'closed')
        return Promise.reject(new Error('redis bus is closed and cannot be restarted'));
      starting ??= connections.open().then(
        () => {
          if (state === 'starting') state = 'started';
        },
        (error: unknown) => {
          starting = undefined;
          if (state === 'starting') state = 'new';
          throw error;
        },
      );
      if (state === 'new') state = 'starting';
      return starting;
    },

    async close() {
      if (state === 'closed') return;
      state = 'closed';
      subscriptions.clear();
      await starting?.catch(() => undefined);
      await connections.close();
    },

    isReady: () => state === 'started' && connections.isConnected(),

    async publish(channel, payload) {
      await client().publish(keys.channel(channel), payload);
    },

    async subscribe(channel, handler) {
      client();
      return subscriptions.subscribe(keys.channel(channel), channel, handler);
    },

    onConnectionChange: (listener) => connections.onConnectionChange(listener),

    presence: createRedisPresence(client, keys),
    rateLimits: createRedisRateLimiter(client, keys),
    locks: createRedisLocks(client, keys),
  };
}
