import { assertValidTake, msUntilFull, takeTokens } from '../../domain/token-bucket.js';
import type { RateLimiter } from '../../ports/bus.js';
import type { MemoryBusBackend } from './backend.js';

/**
 * Token buckets in a map. Each take runs to completion without awaiting anything, which makes
 * it atomic within the process: concurrent takes can never over-grant.
 */
export function createMemoryRateLimiter(backend: MemoryBusBackend): RateLimiter {
  return {
    async take(key, rule, cost = 1) {
      assertValidTake(key, rule, cost);
      const now = Date.now();
      const { level, decision } = takeTokens(backend.buckets.get(key), rule, cost, now);
      backend.buckets.set(key, { ...level, fullAt: now + msUntilFull(level.tokens, rule) });
      return decision;
    },
  };
}
