import type { RateLimiter } from '../ports/bus.js';

/** The bucket shape `RateLimiter.take` accepts. */
export type RateRule = Parameters<RateLimiter['take']>[1];

/**
 * Rejects rules no bucket can honour, so a misconfigured limit fails loudly at the caller
 * instead of refusing (or allowing) everything.
 */
export function assertValidTake(key: string, rule: RateRule, cost: number): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new RangeError('rate limit key must be a non-empty string');
  }
  if (!Number.isFinite(rule.capacity) || rule.capacity <= 0) {
    throw new RangeError(`rate limit capacity must be a positive number, got ${rule.capacity}`);
  }
  if (!Number.isFinite(rule.refillPerSecond) || rule.refillPerSecond <= 0) {
    throw new RangeError(
      `rate limit refillPerSecond must be a positive number, got ${rule.refillPerSecond}`,
    );
  }
  if (!Number.isFinite(cost) || cost < 0 || cost > rule.capacity) {
    throw new RangeError(
      `rate limit cost must be between 0 and capacity (${rule.capacity}), got ${cost}`,
    );
  }
}

/** Rejects a non-positive or non-finite TTL, which would make a session or lock meaningless. */
export function assertPositiveTtl(what: string, ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} ttlMs must be a positive number, got ${ttlMs}`);
  }
}
