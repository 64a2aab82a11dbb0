import type { RoutingRule } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { ROUTING_LIMITS } from '../../domain/index.js';

/** Rules are read on every send; they are kept this long per org before being read again. */
const TTL_MS = 5_000;
const MAX_ORGS = 10_000;

/** What the cache needs of the services' dependencies: the store, and the entries to keep. */
type CacheDeps = Pick<ServiceDeps, 'store' | 'ruleCache'>;

/**
 * The rules that apply to an org's messages (its own and the platform defaults), kept briefly
 * in `deps.ruleCache` (one per set of services, so nothing is shared at module level). A change
 * made through these services is seen at once (`forgetRules`); other instances see it within
 * the cache lifetime (5 s). Without a cache the store is read every time.
 */
export async function rulesFor(deps: CacheDeps, orgId: string, nowMs: number): Promise<RoutingRule[]> {
  const cache = deps.ruleCache;
  const hit = cache?.get(orgId);
  if (hit && hit.until > nowMs) return hit.rules;
  const rules = await deps.store.rules.list([orgId, '*'], ROUTING_LIMITS.rulesPerOrg * 2);
  if (cache) {
    if (cache.size >= MAX_ORGS) cache.clear();
    cache.set(orgId, { rules, until: nowMs + TTL_MS });
  }
  return rules;
}

/**
 * The org's rules when the cache holds them and they are fresh, without waiting; undefined when
 * they must be read (then call `rulesFor`). Lets a send skip an await when the org has no rules.
 */
export function cachedRulesFor(deps: CacheDeps, orgId: string, nowMs: number): RoutingRule[] | undefined {
  const hit = deps.ruleCache?.get(orgId);
  return hit && hit.until > nowMs ? hit.rules : undefined;
}

/** Drops cached rules after a change (`*` = the defaults, which every org reads). */
export function forgetRules(deps: CacheDeps, orgId: string): void {
  if (orgId === '*') deps.ruleCache?.clear();
  else deps.ruleCache?.delete(orgId);
}
