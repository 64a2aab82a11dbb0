import type { RateRule } from './validation.js';

/** Milliseconds until a bucket holding `tokens` has `cost` again. */
export function msUntilTokens(tokens: number, cost: number, refillPerSecond: number): number {
  return Math.max(1, Math.ceil(((cost - tokens) * 1000) / refillPerSecond));
}

/** Milliseconds after which an untouched bucket is full again, i.e. no different from a new one. */
export function msUntilFull(tokens: number, rule: RateRule): number {
  return Math.ceil(((rule.capacity - tokens) * 1000) / rule.refillPerSecond);
}
