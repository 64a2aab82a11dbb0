/** A live session as the in-process registry keeps it: expiry is checked on every read. */
export type SessionExpiries = Map<string, number>;

/** One token bucket: tokens at `updatedAt`; `fullAt` lets the sweeper drop idle buckets. */
export interface MemoryBucket {
  tokens: number;
  updatedAt: number;
  fullAt: number;
}

/** One held lock. */
export interface MemoryLease {
  owner: string;
  expiresAt: number;
}

/**
 * The state an in-process bus works on. Buses created over the same backend behave like
 * instances sharing one Redis: they see each other's publishes, presence, limits and locks.
 */
export interface MemoryBusBackend {
  /** channel → delivery functions of every subscription on every bus of this backend */
  readonly channels: Map<string, Set<(payload: string) => void>>;
  /** orgId → userId → sessionId → expiresAt (epoch ms) */
  readonly sessions: Map<string, Map<string, SessionExpiries>>;
  readonly buckets: Map<string, MemoryBucket>;
  readonly leases: Map<string, MemoryLease>;
}

/** Creates empty in-process bus state, to share between buses or keep to one. */
export function createMemoryBusBackend(): MemoryBusBackend {
  return { channels: new Map(), sessions: new Map(), buckets: new Map(), leases: new Map() };
}

/** Drops everything that has expired, so idle state does not accumulate. */
export function sweepExpired(backend: MemoryBusBackend, now: number): void {
  for (const [orgId, users] of backend.sessions) {
    for (const [userId, sessions] of users) {
      for (const [sessionId, expiresAt] of sessions) {
        if (expiresAt <= now) sessions.delete(sessionId);
      }
      if (sessions.size === 0) users.delete(userId);
    }
    if (users.size === 0) backend.sessions.delete(orgId);
  }
  for (const [key, bucket] of backend.buckets) {
    if (bucket.fullAt <= now) backend.buckets.delete(key);
  }
  for (const [name, lease] of backend.leases) {
    if (lease.expiresAt <= now) backend.leases.delete(name);
  }
}
