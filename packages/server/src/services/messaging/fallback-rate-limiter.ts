import { assertValidTake, takeTokens, type BucketLevel, type RateDecision, type RateRule } from '../../domain/token-bucket.js';
import type { RateLimiter } from '../../ports/bus.js';

/** Buckets idle this long are full again and are dropped, so the map only holds recent senders. */
const IDLE_BUCKET_MS = 10 * 60 * 1000;

/**
 * A rate limiter that asks the shared (bus) limiter and, while that is unreachable, answers
 * from token buckets in this process with the same rules. During a Redis outage the store still
 * accepts messages, so refusing every send would turn a bus outage into a sending outage; the
 * price is that each instance grants up to the full limit until the bus is back.
 */
export function createFallbackRateLimiter(shared: RateLimiter, onFallback: (error: unknown) => void): RateLimiter {
  const buckets = new Map<string, BucketLevel>();
  let lastSweep = Date.now();

  const takeLocally = (key: string, rule: RateRule, cost: number): RateDecision => {
    const now = Date.now();
    if (now - lastSweep > IDLE_BUCKET_MS) {
      for (const [k, b] of buckets) if (now - b.updatedAt > IDLE_BUCKET_MS) buckets.delete(k);
      lastSweep = now;
    }
    const { level, decision } = takeTokens(buckets.get(key), rule, cost, now);
    buckets.set(key, level);
    return decision;
  };

  return {
    async take(key, rule, cost = 1) {
      assertValidTake(key, rule, cost);
      try {
        return await shared.take(key, rule, cost);
      } catch (error) {
        onFallback(error);
        return takeLocally(key, rule, cost);
      }
    },
  };
}
