import type { Delivery, RoutingRule } from '../domain/index.js';
import type { DeliveryOutcome } from '../ports/store-routing.js';

/**
 * JSON encoding of routing documents for adapters that keep them as text: dates are written as
 * ISO strings and turned back into `Date`s on read for the fields that hold dates.
 */
const RULE_DATES = ['createTime', 'updateTime'] as const;
const DELIVERY_DATES = [
  'nextAttemptAt',
  'leaseUntil',
  'createTime',
  'updateTime',
  'deliveredTime',
] as const;

/** A rule from its JSON text. */
export function ruleFromJson(text: string): RoutingRule {
  const raw = JSON.parse(text) as Record<string, unknown>;
  for (const key of RULE_DATES) raw[key] = new Date(raw[key] as string);
  return raw as unknown as RoutingRule;
}

/** A delivery from its JSON text. */
export function deliveryFromJson(text: string): Delivery {
  const raw = JSON.parse(text) as Record<string, unknown> & { payload: Record<string, unknown> };
  for (const key of DELIVERY_DATES)
    raw[key] = raw[key] === null ? null : new Date(raw[key] as string);
  raw.payload.createTime = new Date(raw.payload.createTime as string);
  return raw as unknown as Delivery;
}

/** The job after an attempt's outcome; the lease is released in every case. */
export function applyOutcome(d: Delivery, outcome: DeliveryOutcome, now: Date): Delivery {
  const released = { ...d, leaseOwner: null, leaseToken: null, leaseUntil: null, updateTime: now };
  switch (outcome.status) {
    case 'DELIVERED':
      return { ...released, status: 'DELIVERED', deliveredTime: now, lastError: null };
    case 'FAILED':
      return { ...released, status: 'FAILED', lastError: outcome.error };
    case 'PENDING':
      return { ...released, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error };
    case 'DEFERRED':
      return {
        ...released,
        attempts: Math.max(0, d.attempts - 1),
        nextAttemptAt: outcome.nextAttemptAt,
        lastError: outcome.error,
      };
  }
}
