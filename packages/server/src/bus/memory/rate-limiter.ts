import { msUntilFull, msUntilTokens } from '../token-bucket.js';
import type { RateLimiter } from '../../ports/bus.js';
import { assertValidTake } from '../validation.js';
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
      const bucket = backend.buckets.get(key);
      const elapsedMs = bucket ? Math.max(0, now - bucket.updatedAt) : 0;
      let tokens = bucket
        ? Math.min(rule.capacity, bucket.tokens + (elapsedMs * rule.refillPerSecond) / 1000)
        : rule.capacity;
      const isAllowed = tokens >= cost;
      if (isAllowed) tokens -= cost;
      backend.buckets.set(key, { tokens, updatedAt: now, fullAt: now + msUntilFull(tokens, rule) });
      return {
        isAllowed,
        remaining: Math.floor(tokens),
        retryAfterMs: isAllowed ? 0 : msUntilTokens(tokens, cost, rule.refillPerSecond),
      };
    },
  };
}
