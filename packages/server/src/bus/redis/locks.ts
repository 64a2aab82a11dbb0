import type { Redis } from 'ioredis';
import type { LockManager } from '../../ports/bus.js';
import { assertPositiveTtl } from '../validation.js';
import type { RedisKeys } from './keys.js';
import type { ScriptCommands } from './scripts.js';

/**
 * Leases as `SET NX PX` keys holding the owner. Renewal and release compare the owner inside a
 * script, so an instance whose lease already passed to another never extends or deletes it.
 */
export function createRedisLocks(
  client: () => Redis & ScriptCommands,
  keys: RedisKeys,
): LockManager {
  return {
    async acquire(name, owner, ttlMs) {
      assertPositiveTtl('lock', ttlMs);
      return (await client().mcAcquireLock(keys.lock(name), owner, Math.ceil(ttlMs))) === 1;
    },

    async release(name, owner) {
      await client().mcReleaseLock(keys.lock(name), owner);
    },
  };
}
