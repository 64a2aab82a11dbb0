import type { Delivery, Preferences, RoutingRule } from '../domain/index.js';

/** Routing rules of an org (`orgId` `*` = platform defaults). */
export interface RuleRepository {
  /** Inserts a rule. Returns false if `ruleId` exists. */
  create(rule: RoutingRule): Promise<boolean>;
  /** The rule with this id in exactly this org (`*` for defaults), or null. */
  get(orgId: string, ruleId: string): Promise<RoutingRule | null>;
  /** Rules of these orgs, by `priority` then `ruleId`, at most `limit`. */
  list(orgIds: readonly string[], limit: number): Promise<RoutingRule[]>;
  /** Number of rules of one org (for the per-org bound). */
  count(orgId: string): Promise<number>;
  /** Replaces a rule (same org and id). Returns false if missing. */
  replace(rule: RoutingRule): Promise<boolean>;
  delete(orgId: string, ruleId: string): Promise<boolean>;
}

/** Delivery preferences per user; `userId` `*` holds the org's defaults. */
export interface PreferenceRepository {
  get(orgId: string, userId: string): Promise<Preferences | null>;
  /** Stores the whole preferences document (upsert). */
  put(orgId: string, userId: string, preferences: Preferences, now: Date): Promise<void>;
}

/** How a holder finishes an attempt. */
export type DeliveryOutcome =
  | { status: 'DELIVERED' }
  | { status: 'PENDING'; nextAttemptAt: Date; error: string }
  | { status: 'FAILED'; error: string }
  /** Put back without counting the attempt (the channel was not called, e.g. an open breaker). */
  | { status: 'DEFERRED'; nextAttemptAt: Date; error: string };

/**
 * The outbox of external deliveries. Jobs are claimed with a lease: only the current holder (by
 * `leaseToken`) may complete one, so a holder whose lease ran out cannot overwrite the result of
 * the instance that took the job over (fencing).
 */
export interface OutboxRepository {
  /** Stores jobs; idempotent on `deliveryId` (an existing one is left as it is). */
  enqueue(jobs: readonly Delivery[]): Promise<void>;
  /**
   * Claims up to `limit` PENDING jobs due at `now` whose lease is free or expired: sets a new
   * lease (owner, fresh token, until `now + leaseMs`) and counts the attempt. Each job goes to
   * one claimer only.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Delivery[]>;
  /** Records an attempt's outcome if `leaseToken` still holds the job; returns whether it did. */
  complete(
    deliveryId: string,
    leaseToken: string,
    outcome: DeliveryOutcome,
    now: Date,
  ): Promise<boolean>;
  get(orgId: string, deliveryId: string): Promise<Delivery | null>;
  /** Deliveries of one message, oldest first, at most `limit`. */
  listByMessage(orgId: string, messageId: string, limit: number): Promise<Delivery[]>;
  /** Puts a FAILED job back to PENDING with its attempts reset. Returns it, or null if not FAILED. */
  retry(orgId: string, deliveryId: string, now: Date): Promise<Delivery | null>;
}
