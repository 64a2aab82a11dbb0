import { msUntilTokens } from '../../bus/token-bucket.js';
import type { RateDecision, RateLimiter } from '../../ports/bus.js';
import { assertValidTake } from '../../bus/validation.js';

interface LocalBucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets idle this long are full again and are dropped, so the map only holds recent senders. */
const IDLE_BUCKET_MS = 10 * 60 * 1000;

/**
 * A rate limiter that asks the shared (bus) limiter and, while that is unreachable, answers
 * from token buckets in this process with the same rules. During a Redis outage the store still
 * accepts messages, so refusing every send would turn a bus outage into a sending outage; the
 * price is that each instance grants up to the full limit until the bus is back.
 */
export function createFallbackRateLimiter(shared: RateLimiter, onFallback: (error: unknown) => void): RateLimiter {
  const buckets = new Map<string, LocalBucket>();
  let lastSweep = Date.now();

  const takeLocally = (key: string, rule: { capacity: number; refillPerSecond: number }, cost: number): RateDecision => {
    const now = Date.now();
    if (now - lastSweep > IDLE_BUCKET_MS) {
      for (const [k, b] of buckets) if (now - b.updatedAt > IDLE_BUCKET_MS) buckets.delete(k);
      lastSweep = now;
    }
    const bucket = buckets.get(key);
    let tokens = bucket ? Math.min(rule.capacity, bucket.tokens + ((now - bucket.updatedAt) * rule.refillPerSecond) / 1000) : rule.capacity;
    const isAllowed = tokens >= cost;
    if (isAllowed) tokens -= cost;
    buckets.set(key, { tokens, updatedAt: now });
    return { isAllowed, remaining: Math.floor(tokens), retryAfterMs: isAllowed ? 0 : msUntilTokens(tokens, cost, rule.refillPerSecond) };
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
