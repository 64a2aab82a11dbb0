import type { Redis } from 'ioredis';
import { msUntilTokens } from '../token-bucket.js';
import type { RateLimiter } from '../../ports/bus.js';
import { assertValidTake } from '../validation.js';
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
      const tokens = Number(tokensText);
      const isAllowed = allowed === 1;
      return {
        isAllowed,
        remaining: Math.floor(tokens),
        retryAfterMs: isAllowed ? 0 : msUntilTokens(tokens, cost, rule.refillPerSecond),
      };
    },
  };
}
