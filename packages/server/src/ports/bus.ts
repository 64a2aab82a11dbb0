import type { RateDecision, RateRule } from '../domain/token-bucket.js';

/**
 * The bus port: how instances of the server tell each other things. The in-process adapter
 * (`memory/`) serves one instance; the Redis adapter (`redis/`) serves many. Both pass the shared
 * contract suite in `contract.ts`.
 *
 * Payloads are strings: the publisher encodes an event once and every subscriber on every
 * instance receives the same bytes (no per-recipient re-encoding).
 */
export interface Bus {
  /** Adapter name for logs, e.g. `memory` or `redis(127.0.0.1:6379)`. */
  readonly name: string;
  /** Connects. Idempotent. */
  start(): Promise<void>;
  /** Disconnects and drops every subscription. Safe to call twice. */
  close(): Promise<void>;
  /** True while publish/subscribe work (for `/readyz`). */
  isReady(): boolean;

  /**
   * Publishes `payload` on `channel` to every subscriber on every instance, this one included.
   * Resolves once the bus accepted it; rejects at once (never queues) while the bus is not
   * connected. Delivery is at-most-once: subscribers recover anything missed through the store
   * (the replay path), never through the bus.
   */
  publish(channel: string, payload: string): Promise<void>;
  /**
   * Calls `handler` for each payload published on `channel` after the returned promise resolves.
   * Returns a function that removes this subscription. Rejects while the bus is not connected;
   * subscriptions made earlier survive reconnects.
   */
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Calls `listener(false)` when the bus loses its connection and `listener(true)` when it is
   * back; subscribers then resynchronise from the store. Returns a remover.
   */
  onConnectionChange(listener: (isConnected: boolean) => void): () => void;

  readonly presence: PresenceRegistry;
  readonly rateLimits: RateLimiter;
  readonly locks: LockManager;
}

/** One live connection as presence sees it. */
export interface Session {
  sessionId: string;
  orgId: string;
  userId: string;
  instanceId: string;
  connectedAt: number;
}

/**
 * Who is online: a user is online while at least one of their sessions on any instance has
 * heartbeated within its TTL.
 */
export interface PresenceRegistry {
  /** Registers a session; it lives `ttlMs` unless heartbeated. */
  connect(session: Session, ttlMs: number): Promise<void>;
  /** Extends the session's life by `ttlMs` (called on each pong); re-registers it if it had expired. */
  heartbeat(session: Session, ttlMs: number): Promise<void>;
  /**
   * Removes a session. Returns true when it was the user's last live one (user went offline);
   * false when others remain, or when the session had already expired or been removed (its user
   * is not going offline now, so callers announce nothing twice).
   */
  disconnect(session: Session): Promise<boolean>;
  /** Online user ids of an org (sorted). */
  onlineUsers(orgId: string): Promise<string[]>;
  /** For each id, whether that user of the org is online. */
  isOnline(orgId: string, userIds: readonly string[]): Promise<Record<string, boolean>>;
  /** Number of live sessions: of an org, or everywhere when orgId is null. */
  sessionCount(orgId: string | null): Promise<number>;
}

export type { RateDecision, RateRule } from '../domain/token-bucket.js';

/** Atomic token buckets shared by every instance. */
export interface RateLimiter {
  /**
   * Takes `cost` tokens from the bucket `key` holding at most `capacity` tokens and refilled at
   * `refillPerSecond`. Atomic across instances. Throws `RangeError` for a rule no bucket can
   * honour (non-positive capacity or refill, cost outside 0..capacity).
   */
  take(
    key: string,
    rule: RateRule,
    cost?: number,
  ): Promise<RateDecision>;
}

/** Leases for singleton work (scheduler, expiry sweeper): at most one holder at a time. */
export interface LockManager {
  /** Acquires `name` for `owner` for `ttlMs` if free or already held by `owner` (renews). */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases `name` if held by `owner`. */
  release(name: string, owner: string): Promise<void>;
}
