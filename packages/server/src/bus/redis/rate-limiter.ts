import type { Redis } from 'ioredis';
import { assertValidTake, decisionFor } from '../../domain/token-bucket.js';
import type { RateLimiter } from '../../ports/bus.js';
import type { RedisKeys } from './keys.js';
import type { ScriptCommands } from './scripts.js';

/** Token buckets in Redis hashes, refilled and taken in one script so instances never over-grant. */
export function createRedisRateLimiter(
  client: () => Redis & ScriptCommands,
  keys: RedisKeys,
): RateLimiter {
  return {
    async take(key, rule, cost = 1) {
      assertValidTake(key, rule, cost);
      const reply = await client().mcTakeTokens(
        keys.rateBucket(key),
        rule.capacity,
        rule.refillPerSecond,
        cost,
      );
      const [allowed, tokensText] = reply as [number, string];
      return decisionFor(Number(tokensText), allowed === 1, rule, cost);
    },
  };
}
