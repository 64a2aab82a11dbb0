import type { RateLimiter } from '../../ports/bus.js';
import { AppCode, AppError, compositeKey, type Principal } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { createFallbackRateLimiter } from './fallback-rate-limiter.js';

/** One fallback limiter per bus (per running instance), so local buckets persist across sends. */
const limiters = new WeakMap<ServiceDeps['bus'], RateLimiter>();

function limiterOf(deps: ServiceDeps): RateLimiter {
  let limiter = limiters.get(deps.bus);
  if (!limiter) {
    let lastWarnedAt = 0;
    limiter = createFallbackRateLimiter(deps.bus.rateLimits, (err) => {
      // One line per half minute, not one per send, for as long as the outage lasts.
      if (Date.now() - lastWarnedAt < 30_000) return;
      lastWarnedAt = Date.now();
      deps.logger.warn({ err }, 'shared rate limits unreachable; limiting sends per instance until the bus is back');
    });
    limiters.set(deps.bus, limiter);
  }
  return limiter;
}

/** Bucket names: ids are length-prefixed so `org "a:b" + user "c"` ≠ `org "a" + user "b:c"`. */
const rateKey = (...parts: string[]): string => compositeKey(...parts);

/**
 * Token buckets on sends, per sender and per org, shared by every instance through the bus
 * (per instance while the bus is unreachable). Refused sends fail with RATE_001 and the time
 * after which a retry can succeed.
 */
export async function enforceSendRateLimits(deps: ServiceDeps, sender: Principal, cost = 1): Promise<void> {
  const { sendsPerUserPerMinute: perUser, sendsPerOrgPerMinute: perOrg } = deps.limits;
  const limiter = limiterOf(deps);
  const user = await limiter.take(rateKey('send', 'user', sender.orgId, sender.userId), { capacity: perUser, refillPerSecond: perUser / 60 }, cost);
  if (!user.isAllowed) throw rateLimited('sender', perUser, user.retryAfterMs);
  const org = await limiter.take(rateKey('send', 'org', sender.orgId), { capacity: perOrg, refillPerSecond: perOrg / 60 }, cost);
  if (!org.isAllowed) throw rateLimited('organization', perOrg, org.retryAfterMs);
}

/**
 * A token bucket on inbox reads per user (`readsPerUserPerMinute`; unset = unlimited), so one
 * client polling in a loop cannot take the store's time from everyone else. RATE_001 with
 * `retryAfterMs` when refused.
 */
export async function enforceReadRateLimit(deps: ServiceDeps, reader: Principal): Promise<void> {
  const perUser = deps.limits.readsPerUserPerMinute;
  if (perUser === undefined) return;
  const key = rateKey('read', 'user', reader.orgId, reader.userId);
  const taken = await limiterOf(deps).take(key, { capacity: perUser, refillPerSecond: perUser / 60 }, 1);
  if (!taken.isAllowed) throw rateLimited('user', perUser, taken.retryAfterMs, 'Read');
}

function rateLimited(who: string, perMinute: number, retryAfterMs: number, what = 'Send'): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(AppCode.RATE_LIMITED, `${what} rate limit of ${perMinute}/min per ${who} reached; retry in ${seconds} s`, { retryAfterMs });
}
