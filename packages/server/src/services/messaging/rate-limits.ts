import { AppCode, AppError, type Principal } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';

/**
 * Token buckets on sends, per sender and per org, shared by every instance through the bus.
 * Refused sends fail with RATE_001 and the time after which a retry can succeed.
 */
export async function enforceSendRateLimits(deps: ServiceDeps, sender: Principal, cost = 1): Promise<void> {
  const { sendsPerUserPerMinute: perUser, sendsPerOrgPerMinute: perOrg } = deps.limits;
  const user = await deps.bus.rateLimits.take(`send:user:${sender.orgId}:${sender.userId}`, { capacity: perUser, refillPerSecond: perUser / 60 }, cost);
  if (!user.isAllowed) throw rateLimited('sender', perUser, user.retryAfterMs);
  const org = await deps.bus.rateLimits.take(`send:org:${sender.orgId}`, { capacity: perOrg, refillPerSecond: perOrg / 60 }, cost);
  if (!org.isAllowed) throw rateLimited('organization', perOrg, org.retryAfterMs);
}

function rateLimited(who: string, perMinute: number, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(AppCode.RATE_LIMITED, `Send rate limit of ${perMinute}/min per ${who} reached; retry in ${seconds} s`, { retryAfterMs });
}
