import type { LockManager } from '../../ports/bus.js';
import { assertPositiveTtl } from '../validation.js';
import type { MemoryBusBackend } from './backend.js';

/** Leases in a map; an expired lease counts as free without waiting for the sweeper. */
export function createMemoryLocks(backend: MemoryBusBackend): LockManager {
  const { leases } = backend;
  return {
    async acquire(name, owner, ttlMs) {
      assertPositiveTtl('lock', ttlMs);
      const now = Date.now();
      const lease = leases.get(name);
      if (lease && lease.expiresAt > now && lease.owner !== owner) return false;
      leases.set(name, { owner, expiresAt: now + ttlMs });
      return true;
    },

    async release(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
  };
}
