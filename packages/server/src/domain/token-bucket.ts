/**
 * Token-bucket arithmetic, shared by every rate limiter (the in-process bus, the Redis bus's
 * replies, and the per-instance fallback used while the bus is unreachable), so each answers
 * with the same rules and the same retry times.
 */

/** A bucket holding at most `capacity` tokens, refilled continuously at `refillPerSecond`. */
export interface RateRule {
  capacity: number;
  refillPerSecond: number;
}

/** Outcome of one token-bucket take. */
export interface RateDecision {
  isAllowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** When not allowed: milliseconds until `cost` tokens are available. */
  retryAfterMs: number;
}

/** A bucket's level: `tokens` as of `updatedAt` (epoch ms). */
export interface BucketLevel {
  tokens: number;
  updatedAt: number;
}

/**
 * Rejects rules no bucket can honour, so a misconfigured limit fails loudly at the caller
 * instead of refusing (or allowing) everything.
 */
export function assertValidTake(key: string, rule: RateRule, cost: number): void {
  if (typeof key !== 'string' || key.length === 0) throw new RangeError('rate limit key must be a non-empty string');
  if (!Number.isFinite(rule.capacity) || rule.capacity <= 0) {
    throw new RangeError(`rate limit capacity must be a positive number, got ${rule.capacity}`);
  }
  if (!Number.isFinite(rule.refillPerSecond) || rule.refillPerSecond <= 0) {
    throw new RangeError(`rate limit refillPerSecond must be a positive number, got ${rule.refillPerSecond}`);
  }
  if (!Number.isFinite(cost) || cost < 0 || cost > rule.capacity) {
    throw new RangeError(`rate limit cost must be between 0 and capacity (${rule.capacity}), got ${cost}`);
  }
}

/** Milliseconds until a bucket holding `tokens` has `cost` again. */
export function msUntilTokens(tokens: number, cost: number, refillPerSecond: number): number {
  return Math.max(1, Math.ceil(((cost - tokens) * 1000) / refillPerSecond));
}

/** Milliseconds after which an untouched bucket is full again, i.e. no different from a new one. */
export function msUntilFull(tokens: number, rule: RateRule): number {
  return Math.ceil(((rule.capacity - tokens) * 1000) / rule.refillPerSecond);
}

/** The answer for a bucket that holds `tokens` after a take (`isAllowed` says whether it took). */
export function decisionFor(tokens: number, isAllowed: boolean, rule: RateRule, cost: number): RateDecision {
  return { isAllowed, remaining: Math.floor(tokens), retryAfterMs: isAllowed ? 0 : msUntilTokens(tokens, cost, rule.refillPerSecond) };
}

/**
 * Refills `level` (a missing bucket is full) up to `nowMs` and takes `cost` when it is there.
 * Pure: returns the new level and the decision; the caller stores the level.
 */
export function takeTokens(level: BucketLevel | undefined, rule: RateRule, cost: number, nowMs: number): { level: BucketLevel; decision: RateDecision } {
  const elapsedMs = level ? Math.max(0, nowMs - level.updatedAt) : 0;
  let tokens = level ? Math.min(rule.capacity, level.tokens + (elapsedMs * rule.refillPerSecond) / 1000) : rule.capacity;
  const isAllowed = tokens >= cost;
  if (isAllowed) tokens -= cost;
  return { level: { tokens, updatedAt: nowMs }, decision: decisionFor(tokens, isAllowed, rule, cost) };
}
