import type { RoutingRule } from '../../domain/index.js';
import type { Store } from '../../ports/store.js';
import { ROUTING_LIMITS } from '../../domain/index.js';

/** Rules are read on every send; they are kept this long per org before being read again. */
const TTL_MS = 5_000;
const MAX_ORGS = 10_000;

type OrgRules = Map<string, { rules: RoutingRule[]; until: number }>;
const caches = new WeakMap<Store, OrgRules>();

/**
 * The rules that apply to an org's messages (its own and the platform defaults), cached briefly
 * per store. A change made through this process is seen at once (`forgetRules`); other
 * instances see it within the cache lifetime (5 s).
 */
export async function rulesFor(store: Store, orgId: string, nowMs: number): Promise<RoutingRule[]> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map() as OrgRules;
    caches.set(store, cache);
  }
  const hit = cache.get(orgId);
  if (hit && hit.until > nowMs) return hit.rules;
  const rules = await store.rules.list([orgId, '*'], ROUTING_LIMITS.rulesPerOrg * 2);
  if (cache.size >= MAX_ORGS) cache.clear();
  cache.set(orgId, { rules, until: nowMs + TTL_MS });
  return rules;
}

/**
 * The org's rules when the cache holds them and they are fresh, without waiting; undefined when
 * they must be read (then call `rulesFor`). Lets a send skip an await when the org has no rules.
 */
export function cachedRulesFor(store: Store, orgId: string, nowMs: number): RoutingRule[] | undefined {
  const hit = caches.get(store)?.get(orgId);
  return hit && hit.until > nowMs ? hit.rules : undefined;
}

/** Drops cached rules after a change (`*` = the defaults, which every org reads). */
export function forgetRules(store: Store, orgId: string): void {
  if (orgId === '*') caches.delete(store);
  else caches.get(store)?.delete(orgId);
}
