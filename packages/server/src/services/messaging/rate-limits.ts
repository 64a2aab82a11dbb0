import { AppCode, AppError, compositeKey, type Principal } from '../../domain/index.js';
import type { RateLimiter } from '../../ports/bus.js';
import type { ServiceDeps } from '../deps.js';
import { createFallbackRateLimiter } from './fallback-rate-limiter.js';

/** One warning per this long, not one per call, for as long as a bus outage lasts. */
const WARN_EVERY_MS = 30_000;

/** Bucket names: ids are length-prefixed so `org "a:b" + user "c"` ≠ `org "a" + user "b:c"`. */
const rateKey = (...parts: string[]): string => compositeKey(...parts);

/**
 * Token buckets on sends (per sender and per org) and on inbox reads (per user), shared by every
 * instance through the bus (per instance while the bus is unreachable). Refused calls fail with
 * RATE_001 and the time after which a retry can succeed. One instance per set of services, so
 * the local fallback buckets persist across calls.
 */
export class RateLimits {
  private readonly limiter: RateLimiter;

  constructor(private readonly deps: ServiceDeps) {
    let lastWarnedAt = 0;
    this.limiter = createFallbackRateLimiter(deps.bus.rateLimits, (err) => {
      if (Date.now() - lastWarnedAt < WARN_EVERY_MS) return;
      lastWarnedAt = Date.now();
      deps.logger.warn({ err }, 'shared rate limits unreachable; limiting per instance until the bus is back');
    });
  }

  /** Takes `cost` sends from the sender's and the org's buckets, or throws RATE_001. */
  async enforce(sender: Principal, cost = 1): Promise<void> {
    const { sendsPerUserPerMinute: perUser, sendsPerOrgPerMinute: perOrg } = this.deps.limits;
    const user = await this.limiter.take(rateKey('send', 'user', sender.orgId, sender.userId), { capacity: perUser, refillPerSecond: perUser / 60 }, cost);
    if (!user.isAllowed) throw rateLimited('sender', perUser, user.retryAfterMs);
    const org = await this.limiter.take(rateKey('send', 'org', sender.orgId), { capacity: perOrg, refillPerSecond: perOrg / 60 }, cost);
    if (!org.isAllowed) throw rateLimited('organization', perOrg, org.retryAfterMs);
  }

  /**
   * Takes one read from the user's bucket (`readsPerUserPerMinute`; unset = unlimited), so one
   * client polling in a loop cannot take the store's time from everyone else.
   */
  async enforceRead(reader: Principal): Promise<void> {
    const perUser = this.deps.limits.readsPerUserPerMinute;
    if (perUser === undefined) return;
    const taken = await this.limiter.take(rateKey('read', 'user', reader.orgId, reader.userId), { capacity: perUser, refillPerSecond: perUser / 60 }, 1);
    if (!taken.isAllowed) throw rateLimited('user', perUser, taken.retryAfterMs, 'Read');
  }
}

function rateLimited(who: string, perMinute: number, retryAfterMs: number, what = 'Send'): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(AppCode.RATE_LIMITED, `${what} rate limit of ${perMinute}/min per ${who} reached; retry in ${seconds} s`, { retryAfterMs });
}
