import type { LiveMessage, RealtimeEvent } from './router.js';
import { RecentSet } from './dedupe.js';
import { timeOfSeq } from './seq.js';

export type { LiveMessage, RealtimeEvent };
export type RealtimeEventType = RealtimeEvent['type'];
export type EventOf<T extends RealtimeEventType> = Extract<RealtimeEvent, { type: T }>;
export type UnreadCount = Omit<EventOf<'UNREAD_COUNT'>, 'type'>;

/**
 * Where a stream can resume from in a later session of the app (persist it, e.g. in
 * localStorage): the last event id plus the messages seen just before it, which the server's
 * clock-skew overlap may replay again.
 */
export interface ResumeCheckpoint {
  lastEventId: string;
  recentMessageIds: string[];
}

/** Opens the underlying subscription; returns a function that ends it. */
export type OpenSubscription = (
  lastEventId: string | null,
  handlers: { onEvent: (id: string, event: RealtimeEvent) => void; onError: (err: unknown) => void },
) => () => void;

/** Must cover the server's overlap window (5 s) with room for clock skew. */
const CHECKPOINT_WINDOW_MS = 30_000;

type AnyListener = (event: RealtimeEvent, id: string) => void;

/**
 * The live event stream as the app sees it: each message once (deduplicated by `messageId`
 * across reconnects and resumes), typed listeners and an async iterator. The subscription opens
 * with the first listener and closes with the last.
 */
export class LiveEvents {
  private readonly seen: RecentSet;
  private readonly listeners = new Map<RealtimeEventType | '*', Set<AnyListener>>();
  private readonly unreadListeners = new Set<(count: UnreadCount) => void>();
  private readonly errorListeners = new Set<(err: unknown) => void>();
  private cursor: string | null;
  private unread: UnreadCount | null = null;
  private close: (() => void) | null = null;
  private interest = 0;

  constructor(
    private readonly open: OpenSubscription,
    opts: { dedupeSize?: number; resumeFrom?: ResumeCheckpoint | null } = {},
  ) {
    this.seen = new RecentSet(opts.dedupeSize ?? 5_000);
    this.cursor = opts.resumeFrom?.lastEventId ?? null;
    for (const id of opts.resumeFrom?.recentMessageIds ?? []) this.seen.add(id, Number.MAX_SAFE_INTEGER);
  }

  /** The id of the last event received (what a resume continues after). */
  get lastEventId(): string | null {
    return this.cursor;
  }

  /** The latest unread count: the server's last figure plus messages that arrived since. */
  get unreadCount(): UnreadCount | null {
    return this.unread;
  }

  /** Calls `listener` for every event of `type` (or every event for `'*'`). Returns a remover. */
  on<T extends RealtimeEventType>(type: T, listener: (event: EventOf<T>, id: string) => void): () => void;
  on(type: '*', listener: (event: RealtimeEvent, id: string) => void): () => void;
  on(type: RealtimeEventType | '*', listener: (event: never, id: string) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const l = listener as AnyListener;
    set.add(l);
    this.retain();
    return () => {
      if (set.delete(l)) this.release();
    };
  }

  /** Calls `listener` with each new unread count. Returns a remover. */
  onUnreadCount(listener: (count: UnreadCount) => void): () => void {
    this.unreadListeners.add(listener);
    this.retain();
    return () => {
      if (this.unreadListeners.delete(listener)) this.release();
    };
  }

  /** Calls `listener` when the subscription fails for good (e.g. the server refused it). */
  onError(listener: (err: unknown) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Events as an async iterator; ends when `signal` aborts. */
  async *iterate(signal?: AbortSignal): AsyncGenerator<{ id: string; event: RealtimeEvent }> {
    const queue: { id: string; event: RealtimeEvent }[] = [];
    let wake: (() => void) | null = null;
    const off = this.on('*', (event, id) => {
      queue.push({ id, event });
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      off();
    }
  }

  /** A checkpoint to resume from in a later session (see `ResumeCheckpoint`). */
  checkpoint(): ResumeCheckpoint | null {
    if (!this.cursor) return null;
    const since = timeOfSeq(this.cursor) - CHECKPOINT_WINDOW_MS;
    return { lastEventId: this.cursor, recentMessageIds: this.seen.keysFrom(Number.isNaN(since) ? 0 : since) };
  }

  /** Ends the subscription whatever the listeners (they stay; `resume()` reopens it). */
  stop(): void {
    this.close?.();
    this.close = null;
  }

  /** Reopens the subscription after `stop()` or a failure, from the last event id, if anyone listens. */
  resume(): void {
    if (this.interest > 0 && !this.close) this.openStream();
  }

  /** Forgets the stream position, dedupe memory and unread count (sign-out or user switch). */
  reset(): void {
    this.cursor = null;
    this.seen.clear();
    this.unread = null;
  }

  private retain(): void {
    this.interest += 1;
    if (!this.close) this.openStream();
  }

  private openStream(): void {
    let isCurrent = true;
    const close = this.open(this.cursor, {
      onEvent: (id, event) => {
        if (isCurrent) this.receive(id, event);
      },
      onError: (err) => {
        if (!isCurrent) return;
        isCurrent = false;
        this.close = null;
        for (const l of this.errorListeners) l(err);
      },
    });
    // A subscription can fail synchronously (inside `open`); then there is nothing to keep.
    if (!isCurrent) return close();
    this.close = () => {
      isCurrent = false;
      close();
    };
  }

  private release(): void {
    this.interest -= 1;
    if (this.interest <= 0) this.stop();
  }

  private receive(id: string, event: RealtimeEvent): void {
    this.cursor = id;
    if (event.type === 'MESSAGE') {
      const m = event.message;
      if (!this.seen.add(m.messageId, timeOfSeq(m.seq))) return;
      if (this.unread && (m.state === 'UNREAD' || m.state === 'DELIVERED')) {
        this.setUnread({ total: this.unread.total + 1, byType: { ...this.unread.byType, [m.messageType]: (this.unread.byType[m.messageType] ?? 0) + 1 } });
      }
    } else if (event.type === 'UNREAD_COUNT') {
      this.setUnread({ total: event.total, byType: event.byType });
    }
    for (const l of this.listeners.get(event.type) ?? []) l(event, id);
    for (const l of this.listeners.get('*') ?? []) l(event, id);
  }

  private setUnread(count: UnreadCount): void {
    this.unread = count;
    for (const l of this.unreadListeners) l(count);
  }
}
