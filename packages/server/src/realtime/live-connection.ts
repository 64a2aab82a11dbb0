import type { Principal, Reader } from '../domain/index.js';
import { hasRole, orgUserKey, streamPositionAt } from '../domain/index.js';
import { timeOfSeq } from './event-ids.js';
import type { RealtimeEvent } from '../domain/events.js';


/** Work items of a connection's queue, consumed in order by its event stream. */
export type ConnectionWork =
  | { kind: 'event'; event: RealtimeEvent; seq?: string }
  | { kind: 'unread-count' }
  | { kind: 'resync' }
  | { kind: 'expired' };

/** Who waits for a connection's next work item without a promise (see `LiveConnection.poll`). */
export interface WorkWaiter {
  /** The next work item, or null once the signal aborted. */
  workReady(work: ConnectionWork | null): void;
}

const MAX_REMEMBERED_IDS = 10_000;
const MAX_QUEUED = 5_000;

/**
 * One subscriber of `realtime.events`: who it is, which audiences it listens to, what it has
 * delivered (for dedupe and the resume cursor) and the queue the hub fills and the stream drains.
 */
export class LiveConnection {
  readonly userKey: string;
  readonly isAdmin: boolean;
  audiences: string[];
  /** The highest seq delivered on this connection: the resume cursor. */
  cursor: string;
  private suffix = 0;
  /**
   * Message ids delivered lately (id → seq), for dedupe between replay and live events. Only
   * ids a later resync could replay again are kept (seq within `rememberMs` of the cursor), and
   * the map exists only once something was delivered: most connections sit idle.
   */
  private delivered: Map<string, string> | null = null;
  /**
   * Until when nothing is forgotten (epoch ms). After a store replay, copies of the replayed
   * messages may still arrive live — an instance republishes what it could not publish during a
   * bus outage once its own connection is back — so the ids stay remembered for a while.
   */
  private keepAllUntil = 0;
  /**
   * Until the cursor reaches this position no remembered id can fall out of the window (the
   * oldest kept one is younger than `rememberMs` before it): a string comparison per delivery
   * instead of decoding and encoding the cursor's time.
   */
  private forgetNothingBefore = '';
  private readonly queue: ConnectionWork[] = [];
  /** The stream's pending `next()` or `poll()`, when it waits for work. */
  private waiting: ((work: ConnectionWork | null) => void) | WorkWaiter | null = null;
  private hasUnreadCountQueued = false;
  private boundSignal: AbortSignal | null = null;

  constructor(
    readonly principal: Principal,
    reader: Reader,
    readonly sessionId: string,
    initialCursor: string,
    private readonly rememberMs: number,
  ) {
    this.userKey = orgUserKey(principal.orgId, principal.userId);
    this.isAdmin = hasRole(principal, 'admin');
    this.audiences = reader.audiences;
    this.cursor = initialCursor;
  }

  get orgId(): string {
    return this.principal.orgId;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** Queues work for the stream. Unread-count refreshes coalesce. */
  enqueue(work: ConnectionWork): void {
    if (work.kind === 'unread-count') {
      if (this.hasUnreadCountQueued) return;
      this.hasUnreadCountQueued = true;
    }
    if (this.queue.length >= MAX_QUEUED) {
      // Everything that matters is in the store: drop the backlog and re-read from the cursor
      // rather than let a stalled stream grow memory.
      this.queue.length = 0;
      this.hasUnreadCountQueued = false;
      this.queue.push({ kind: 'resync' });
    }
    this.queue.push(work);
    this.wakeUp();
  }

  /** Hands the waiting stream its next work item (or null once aborted). */
  private wakeUp(): void {
    const resolve = this.waiting;
    if (!resolve || (this.queue.length === 0 && !this.boundSignal?.aborted)) return;
    this.waiting = null;
    if (typeof resolve === 'function') resolve(this.take());
    else resolve.workReady(this.take());
  }

  /** The bound signal aborted (the connection is its own listener: no closure per connection). */
  handleEvent(): void {
    this.wakeUp();
  }

  /**
   * The next work item: at once when one is queued, else a promise of the next one; null once
   * `signal` aborts. Not an async function: a subscriber waits here almost all of its life, and
   * a suspended async function keeps its frame, promise and reactions alive per connection
   * (some 300 bytes), where a plain pending promise keeps only its resolve function.
   */
  next(signal: AbortSignal): ConnectionWork | null | Promise<ConnectionWork | null> {
    const work = this.poll(signal, null);
    if (work !== undefined) return work;
    return new Promise<ConnectionWork | null>((resolve) => {
      this.waiting = resolve;
    });
  }

  /**
   * The next work item at once (null once `signal` aborted), or undefined when there is none
   * yet: then `waiter` (if given) is told of the next one, once.
   */
  poll(signal: AbortSignal, waiter: WorkWaiter | null): ConnectionWork | null | undefined {
    if (this.boundSignal !== signal) {
      this.boundSignal = signal;
      // One listener per connection, not per wait: a long-lived stream waits millions of times.
      signal.addEventListener('abort', this, { once: true });
    }
    if (this.queue.length > 0 || signal.aborted) return this.take();
    this.waiting = waiter;
    return undefined;
  }

  private take(): ConnectionWork | null {
    if (this.boundSignal?.aborted) return null;
    const work = this.queue.shift()!;
    if (work.kind === 'unread-count') this.hasUnreadCountQueued = false;
    return work;
  }

  /** Keeps every delivered id for `ms` (called when a store replay ends). */
  rememberAllFor(ms: number, now = Date.now()): void {
    this.keepAllUntil = now + ms;
  }

  /** Whether this message was already delivered on this connection. */
  hasDelivered(messageId: string): boolean {
    return this.delivered?.has(messageId) ?? false;
  }

  /** Records a delivered message and returns its event id (see `event-ids.ts`). */
  recordDelivery(messageId: string, seq: string): string {
    const delivered = (this.delivered ??= new Map<string, string>());
    delivered.set(messageId, seq);
    if (seq > this.cursor) {
      this.cursor = seq;
      this.suffix = 0;
      this.forgetOld(delivered);
      return seq;
    }
    return this.auxiliaryEventId();
  }

  /** Drops ids no replay can return again (older than the replay floor of the cursor). */
  private forgetOld(delivered: Map<string, string>): void {
    if (delivered.size <= MAX_REMEMBERED_IDS && (this.cursor < this.forgetNothingBefore || Date.now() < this.keepAllUntil)) return;
    const floor = streamPositionAt(timeOfSeq(this.cursor) - this.rememberMs);
    this.forgetNothingBefore = '';
    for (const [id, seq] of delivered) {
      if (seq >= floor && delivered.size <= MAX_REMEMBERED_IDS) {
        // Ids are kept in delivery order, mostly by seq; an older one further on only stays longer.
        this.forgetNothingBefore = streamPositionAt(timeOfSeq(seq) + this.rememberMs);
        break;
      }
      delivered.delete(id);
    }
  }

  /** An id for a non-MESSAGE event: resumes from the current cursor. */
  auxiliaryEventId(): string {
    this.suffix += 1;
    return `${this.cursor}.${this.suffix}`;
  }
}
