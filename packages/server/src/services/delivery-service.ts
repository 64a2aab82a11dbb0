import { dayOf, inboxUserKey, type MessageType, type Principal } from '../domain/index.js';
import type { DeliveredMessage, DeliveryRecorder } from '../ports/delivery-recorder.js';
import type { DeliveryRecord } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';

/** Batching of first deliveries: how long and how many to collect before writing them. */
export interface DeliveryBatchOptions {
  /** Flush at most this long after the first pending delivery (default 200 ms). */
  flushIntervalMs?: number;
  /**
   * Flush on the next turn of the event loop once this many are pending (default 2,000); never
   * inside the caller's turn, so a fan-out finishes its writes to sockets first.
   */
  maxBatch?: number;
  /**
   * How long a flush may wait for turns of the event loop without reports (a fan-out in
   * progress) before it writes anyway (default 500 ms).
   */
  maxQuietWaitMs?: number;
}

interface PendingDelivery extends DeliveryRecord {
  /** The message's org, whose counters it is in (differs from `orgId` for ALL_USERS broadcasts). */
  counterOrgId: string;
  messageType: MessageType;
  day: string;
}

/** Deliveries of one message reported since the last indexing: one array push per recipient. */
interface Reported {
  message: DeliveredMessage;
  recipients: Principal[];
}

/** (user, message) pairs this instance already recorded, so reconnects and devices skip the store. */
const RECENT_MAX = 100_000;
/**
 * Rows per store transaction. A flush of a large broadcast is written in slices with a turn of
 * the event loop between them, so live traffic is never blocked for the whole batch.
 */
const WRITE_SLICE = 1_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const keyOf = (userKey: string, messageId: string): string => `${userKey}\u0000${messageId}`;

/**
 * Delivery accounting (SPEC §5.3): a recipient is DELIVERED once, when a message first reaches
 * any of their devices. The real-time layer calls `reached` for every message it writes to a
 * connection. That call only appends the recipient to its message's list (no key building, no
 * lookups, no timer per call); keys are built and deduplicated when the batch is indexed, after
 * the fan-out, and written every `flushIntervalMs` (or once `maxBatch` are pending) in slices of
 * one transaction each. The store's conditional write decides which rows are first deliveries,
 * across devices, reconnects and instances; only those bump the `delivered` counters.
 */
export class DeliveryService implements DeliveryRecorder {
  /** Reported, not yet indexed (hot path), by message id. */
  private reported = new Map<string, Reported>();
  private reportedCount = 0;
  /** Every report ever (a turn without a change is quiet). */
  private reportsTotal = 0;
  /** Indexed and waiting for the next flush. */
  private pending: PendingDelivery[] = [];
  private pendingKeys = new Set<string>();
  /** Keys of the batches being written (so `hasReached` stays true while they are in flight). */
  private readonly writing = new Set<Set<string>>();
  private readonly recent = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  /**
   * Before each slice the write waits for a quiet turn of the event loop (no delivery reported
   * in it): a fan-out still writing to sockets goes first. Bounded per flush, so steady traffic
   * (acks on every turn) delays a flush by at most this long and cannot starve it.
   */
  private readonly maxQuietWaitMs: number;

  constructor(
    private readonly deps: ServiceDeps,
    options: DeliveryBatchOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxBatch = options.maxBatch ?? 2_000;
    this.maxQuietWaitMs = options.maxQuietWaitMs ?? 500;
  }

  /** A message reached one of `recipient`'s devices (written to a connection, or acknowledged). O(1), never waits. */
  reached(recipient: Principal, message: DeliveredMessage): void {
    let reported = this.reported.get(message.messageId);
    if (!reported) this.reported.set(message.messageId, (reported = { message, recipients: [] }));
    reported.recipients.push(recipient);
    this.reportedCount += 1;
    this.reportsTotal += 1;
    if (this.reportedCount + this.pending.length >= this.maxBatch) this.soon ??= setImmediate(() => void this.flush());
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
  }

  /** Writes everything pending now; resolves when it is in the store (also after earlier flushes). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.soon) clearImmediate(this.soon);
    this.timer = null;
    this.soon = null;
    this.index();
    const batch = this.pending;
    const keys = this.pendingKeys;
    const waiters = this.waiters;
    this.pending = [];
    this.pendingKeys = new Set();
    this.waiters = [];
    if (!batch.length) {
      if (waiters.length) void this.flushing.finally(() => waiters.forEach((w) => w()));
      return this.flushing;
    }
    this.writing.add(keys);
    // Flushes run one after another so counters are bumped in order and never concurrently.
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .finally(() => {
        this.writing.delete(keys);
        waiters.forEach((w) => w());
      });
    return this.flushing;
  }

  /** True when this instance already recorded (or is about to record) this delivery. */
  hasReached(recipient: Principal, messageId: string): boolean {
    this.index();
    const key = keyOf(inboxUserKey(recipient.orgId, recipient.userId), messageId);
    if (this.recent.has(key) || this.pendingKeys.has(key)) return true;
    for (const keys of this.writing) if (keys.has(key)) return true;
    return false;
  }

  /** Resolves once everything reported so far is written (at the next flush, not sooner). */
  settled(): Promise<void> {
    if (!this.reportedCount && !this.pending.length) return this.flushing;
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Flushes what is pending (shutdown); call before the store closes. */
  close(): Promise<void> {
    return this.flush();
  }

  /** Turns what was reported into pending rows: keys built once, duplicates (devices, reconnects) dropped. */
  private index(): void {
    if (!this.reportedCount) return;
    for (const { message, recipients } of this.reported.values()) {
      // Per message, not per recipient: its org owns the counter (an ALL_USERS broadcast is counted where it was sent).
      const { messageId, orgId: counterOrgId } = message;
      const messageType = message.messageType as MessageType;
      const day = dayOf(message.createTime);
      for (const recipient of recipients) {
        const userId = inboxUserKey(recipient.orgId, recipient.userId);
        const key = keyOf(userId, messageId);
        if (this.recent.has(key) || this.pendingKeys.has(key)) continue;
        this.pendingKeys.add(key);
        this.pending.push({ userId, orgId: recipient.orgId, counterOrgId, messageId, messageType, day });
      }
    }
    this.reported = new Map();
    this.reportedCount = 0;
  }

  private async write(batch: PendingDelivery[]): Promise<void> {
    const at = this.deps.now();
    const waitUntil = Date.now() + this.maxQuietWaitMs;
    for (let start = 0; start < batch.length; start += WRITE_SLICE) {
      await this.quietTurn(waitUntil);
      const slice = batch.slice(start, start + WRITE_SLICE);
      try {
        const changed = await this.deps.store.inbox.recordDeliveries(slice, at);
        if (this.recent.size + slice.length > RECENT_MAX) this.recent.clear();
        for (const d of slice) this.recent.add(keyOf(d.userId, d.messageId));
        // Each committed slice bumps its own counters, so a failing slice never hides another's.
        await this.count(changed);
      } catch (err) {
        // Not remembered as recent: the next write to these recipients (or their read) counts them.
        this.deps.logger.warn({ err, count: slice.length }, 'could not record deliveries');
      }
    }
  }

  /**
   * Resolves after two turns of the event loop in a row without a report (a fan-out in progress
   * reports on every turn), or after one turn once `waitUntil` (epoch ms) has passed.
   */
  private async quietTurn(waitUntil: number): Promise<void> {
    let quiet = 0;
    do {
      const before = this.reportsTotal;
      await nextTurn();
      quiet = this.reportsTotal === before ? quiet + 1 : 0;
    } while (quiet < 2 && Date.now() < waitUntil);
  }

  /** Bumps the `delivered` counters for first deliveries, one increment per (org, day, type). */
  private async count(changed: readonly PendingDelivery[]): Promise<void> {
    const counters = new Map<string, { orgId: string; day: string; messageType: MessageType; n: number }>();
    for (const d of changed) {
      const k = `${d.counterOrgId}\u0000${d.day}\u0000${d.messageType}`;
      const c = counters.get(k) ?? { orgId: d.counterOrgId, day: d.day, messageType: d.messageType, n: 0 };
      c.n += 1;
      counters.set(k, c);
    }
    await Promise.all([...counters.values()].map((c) => this.deps.store.stats.increment(c.orgId, c.day, c.messageType, { delivered: c.n })));
  }
}
