import { dayOf, inboxUserKey, type MessageType, type Principal } from '../domain/index.js';
import type { DeliveredMessage, DeliveryRecorder } from '../ports/delivery-recorder.js';
import type { DeliveryRecord } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';

/** Batching of first deliveries: how long and how many to collect before one store write. */
export interface DeliveryBatchOptions {
  /** Flush at most this long after the first pending delivery (default 200 ms). */
  flushIntervalMs?: number;
  /** Flush at once when this many are pending (default 2,000). */
  maxBatch?: number;
}

interface PendingDelivery extends DeliveryRecord {
  /** The message's org, whose counters it is in (differs from `orgId` for ALL_USERS broadcasts). */
  counterOrgId: string;
  messageType: MessageType;
  day: string;
}

/** (user, message) pairs this instance already recorded, so reconnects and devices skip the store. */
const RECENT_MAX = 100_000;

/**
 * Delivery accounting (SPEC §5.3): a recipient is DELIVERED once, when a message first reaches
 * any of their devices. The real-time layer calls `reached` for every message it writes to a
 * connection; this collects them in memory and writes them in one batch every
 * `flushIntervalMs` (or `maxBatch` items), so a broadcast costs no store write per recipient on
 * its hot path. The store's conditional write decides which rows are first deliveries, across
 * devices, reconnects and instances; only those bump the `delivered` counters.
 */
export class DeliveryService implements DeliveryRecorder {
  private pending = new Map<string, PendingDelivery>();
  private readonly recent = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly deps: ServiceDeps,
    options: DeliveryBatchOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBatch = options.maxBatch ?? 2_000;
  }

  /** A message reached one of `recipient`'s devices (written to a connection, or acknowledged). O(1), never waits. */
  reached(recipient: Principal, message: DeliveredMessage): void {
    const userId = inboxUserKey(recipient.orgId, recipient.userId);
    const key = `${userId}\u0000${message.messageId}`;
    if (this.recent.has(key) || this.pending.has(key)) return;
    // The message's own org owns the counter (an ALL_USERS broadcast is counted where it was sent).
    this.pending.set(key, {
      userId,
      orgId: recipient.orgId,
      counterOrgId: message.orgId,
      messageId: message.messageId,
      messageType: message.messageType as MessageType,
      day: dayOf(message.createTime),
    });
    if (this.pending.size >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
  }

  /** Writes everything pending now; resolves when it is in the store (also after earlier flushes). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    if (!batch.length) return this.flushing;
    // Flushes run one after another so counters are bumped in order and never concurrently.
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .finally(() => waiters.forEach((w) => w()));
    return this.flushing;
  }

  /** True when this instance already recorded (or is about to record) this delivery. */
  hasReached(recipient: Principal, messageId: string): boolean {
    const key = `${inboxUserKey(recipient.orgId, recipient.userId)}\u0000${messageId}`;
    return this.recent.has(key) || this.pending.has(key);
  }

  /** Resolves once everything reported so far is written (at the next flush, not sooner). */
  settled(): Promise<void> {
    if (!this.pending.size) return this.flushing;
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Flushes what is pending (shutdown); call before the store closes. */
  close(): Promise<void> {
    return this.flush();
  }

  private async write(batch: PendingDelivery[]): Promise<void> {
    try {
      const changed = await this.deps.store.inbox.recordDeliveries(batch, this.deps.now());
      if (this.recent.size + batch.length > RECENT_MAX) this.recent.clear();
      for (const d of batch) this.recent.add(`${d.userId}\u0000${d.messageId}`);
      const counters = new Map<
        string,
        { orgId: string; day: string; messageType: MessageType; n: number }
      >();
      for (const d of changed) {
        const k = `${d.counterOrgId}\u0000${d.day}\u0000${d.messageType}`;
        const c = counters.get(k) ?? {
          orgId: d.counterOrgId,
          day: d.day,
          messageType: d.messageType,
          n: 0,
        };
        c.n += 1;
        counters.set(k, c);
      }
      await Promise.all(
        [...counters.values()].map((c) =>
          this.deps.store.stats.increment(c.orgId, c.day, c.messageType, { delivered: c.n }),
        ),
      );
    } catch (err) {
      // Not remembered as recent: the next write to these recipients (or their read) counts them.
      this.deps.logger.warn({ err, count: batch.length }, 'could not record deliveries');
    }
  }
}
