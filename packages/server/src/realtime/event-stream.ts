import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { Session } from '../ports/bus.js';
import { inboxUserKey, streamPositionAt, type Principal } from '../domain/index.js';
import type { MessageRenderer } from '../services/templates/message-renderer.js';
import type { InboxService } from '../services/inbox-service.js';
import type { ServiceDeps } from '../services/deps.js';
import type { PresenceService } from '../services/presence-service.js';
import { readerOf } from '../services/readers.js';
import { cursorOfEventId, replayFloor } from './event-ids.js';
import type { LiveMessage, RealtimeEvent } from '../domain/events.js';
import type { RealtimeHub } from './hub.js';
import { LiveConnection, type ConnectionWork, type WorkWaiter } from './live-connection.js';
import type { ExpirySchedule } from './expiry-schedule.js';
import type { EventStreamRequest } from '../ports/live-events.js';
import type { DeliveryRecorder, PendingNotices } from '../ports/delivery-recorder.js';
import type { Telemetry } from '../ports/telemetry.js';

/** How long ids delivered by a replay stay remembered, to drop late live copies of them. */
const REMEMBER_AFTER_REPLAY_MS = 60_000;
const REPLAY_PAGE = 500;

export interface EventStreamDeps {
  deps: ServiceDeps;
  hub: RealtimeHub;
  inbox: InboxService;
  /** Renders templated group/broadcast messages for each reader. */
  renderer: MessageRenderer;
  presence: PresenceService;
  /**
   * How far before the cursor a resume replays (ms): at least the configured minimum, more when
   * messages lately arrived out of order on this instance (see `late-arrivals.ts`).
   */
  resumeOverlapMs: () => number;
  /** How long delivered ids are remembered for dedupe within one stream (ms). */
  rememberMs: number;
  trackSession: (session: Session, isLive: boolean) => void;
  /** Token expiries of live connections: one timer for all (each is told `expired` when due). */
  expiries: ExpirySchedule<LiveConnection>;
  /** Reports a presence disconnect in flight, so shutdown can wait for it before closing the bus. */
  trackDisconnect: (done: Promise<void>) => void;
  /** Told of every MESSAGE written to a connection (delivery accounting). */
  deliveries?: DeliveryRecorder;
  /** System notifications to show on connect. */
  notices?: PendingNotices;
}

type Tracked = TrackedEnvelope<RealtimeEvent>;
type Step = IteratorResult<Tracked, undefined>;

const DONE: Step = Object.freeze({ done: true, value: undefined });

/**
 * The `realtime.events` stream of one connection. Resume without gaps: the live listener is
 * attached first (events queue up), then the backlog after the cursor is read from the store and
 * yielded, then the queue drains (messages already yielded are skipped), then live. The stream
 * is pulled: a consumer that stops pulling (a backed-up socket) leaves work in the connection's
 * bounded queue, which turns into a store re-read past its cap.
 */
export function streamEvents(s: EventStreamDeps, req: EventStreamRequest): AsyncGenerator<Tracked, undefined> {
  return new EventStream(s, req);
}

/**
 * `streamEvents` as a hand-written async iterator. A subscriber waits for its next event almost
 * all its life; a suspended async generator keeps its frame (every register of the function),
 * its request queue and the await's closures per connection, about 800 bytes. Here an idle
 * stream keeps one pending promise and its resolve function. The rare, slow parts (set-up,
 * store replays, unread counts) still run as async code while they last.
 */
class EventStream implements AsyncGenerator<Tracked, undefined>, WorkWaiter {
  private conn: LiveConnection | null = null;
  private session: Session | null = null;
  /** The set-up or a replay while one runs: its values come first. */
  private slow: AsyncGenerator<Tracked, undefined> | null;
  /** Resolves the pending `next()` while the stream waits for work. */
  private resolveNext: ((step: Step | Promise<Step>) => void) | null = null;
  /** Told once the consumer pulls again after a MESSAGE (the generator's "after the yield"). */
  private reached: LiveMessage | null = null;
  /** The token expired: the `ERROR` event was handed over, the stream ends at the next pull. */
  private isExpired = false;
  /** Clean-up, once started (idempotent: an abort and `return()` may both end the stream). */
  private ending: Promise<void> | null = null;

  private readonly principal: Principal;
  private readonly signal: AbortSignal;

  constructor(
    private readonly s: EventStreamDeps,
    req: EventStreamRequest,
  ) {
    // The request object itself is not kept: only what the stream needs after its set-up.
    this.principal = req.principal;
    this.signal = req.signal;
    this.slow = this.start(req.sessionId, req.lastEventId);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Step> {
    if (this.reached) {
      const message = this.reached;
      this.reached = null;
      this.s.deliveries?.reached(this.principal, message);
    }
    if (this.ending) return this.ending.then(() => DONE);
    if (this.isExpired) return this.end();
    if (this.slow) return this.nextSlow(this.slow);
    const work = this.conn!.poll(this.signal, this);
    if (work !== undefined) {
      const step = this.settle(this.handle(work));
      return step instanceof Promise ? step : Promise.resolve(step);
    }
    return new Promise<Step>((resolve) => {
      this.resolveNext = resolve;
    });
  }

  /** The connection has work (or the signal aborted) for the waiting `next()`. */
  workReady(work: ConnectionWork | null): void {
    const resolve = this.resolveNext;
    this.resolveNext = null;
    if (resolve) resolve(this.settle(this.handle(work)));
  }

  async return(): Promise<Step> {
    const slow = this.slow;
    this.slow = null;
    await slow?.return(undefined).catch(() => undefined);
    await this.end();
    // A `next()` still waiting hears that the stream is over.
    this.workReady(null);
    return DONE;
  }

  async throw(cause: unknown): Promise<Step> {
    await this.return();
    throw cause;
  }

  private async nextSlow(slow: AsyncGenerator<Tracked, undefined>): Promise<Step> {
    try {
      const step = await slow.next();
      if (!step.done) return step;
      if (this.slow === slow) this.slow = null;
    } catch (cause) {
      await this.end();
      throw cause;
    }
    return this.next();
  }

  /** An error of a step ends the stream (as it would end a generator) before it surfaces. */
  private settle(step: Step | Promise<Step>): Step | Promise<Step> {
    if (!(step instanceof Promise)) return step;
    return step.catch(async (cause: unknown) => {
      await this.end();
      throw cause;
    });
  }

  /** The value for one work item, or the next item's when this one yields nothing. */
  private handle(work: ConnectionWork | null): Step | Promise<Step> {
    const s = this.s;
    const conn = this.conn!;
    for (; work; work = conn.poll(this.signal, null) ?? null) {
      switch (work.kind) {
        case 'event': {
          if (work.event.type !== 'MESSAGE') return { done: false, value: pushed(s, conn.auxiliaryEventId(), work.event) };
          const { messageId, seq } = work.event.message;
          if (conn.hasDelivered(messageId)) continue;
          // Templated group/broadcast messages are rendered for this reader; all others share one event.
          const event = work.event.message.metadata.personalization ? { type: 'MESSAGE' as const, message: forReader(s, conn.principal, work.event.message) } : work.event;
          this.reached = work.event.message;
          return { done: false, value: pushed(s, conn.recordDelivery(messageId, work.seq ?? seq), event) };
        }
        case 'unread-count':
          return s.inbox.unreadCount(this.principal).then((counts) => ({ done: false, value: pushed(s, conn.auxiliaryEventId(), { type: 'UNREAD_COUNT', ...counts }) }));
        case 'resync':
          this.slow = this.resync(conn);
          return this.next();
        case 'expired':
          // The transport closes the connection (WebSocket: code 4001) once the stream ends.
          this.isExpired = true;
          return { done: false, value: pushed(s, conn.auxiliaryEventId(), { type: 'ERROR', appCode: 'AUTH_001', message: 'The token expired; reconnect with a fresh one' }) };
      }
    }
    // Nothing queued after skipped duplicates: wait for more (unless the signal aborted).
    if (work === null && this.signal.aborted) return this.end();
    return this.next();
  }

  /** Attaches the connection, joins presence, replays after the cursor and queues the first events. */
  private async *start(sessionId: string, lastEventId: string | null): AsyncGenerator<Tracked, undefined> {
    const { s, principal } = this;
    const reader = await readerOf(s.deps.directory, principal);
    const resumeFrom = lastEventId ? cursorOfEventId(lastEventId) : null;
    const conn = new LiveConnection(principal, reader, sessionId, resumeFrom ?? streamPositionAt(s.deps.now().getTime()), s.rememberMs);
    this.conn = conn;
    await s.hub.attach(conn);
    this.session = await s.presence.connect(principal, sessionId);
    s.trackSession(this.session, true);
    const expiresAtMs = expiryOf(principal);
    if (expiresAtMs !== null) s.expiries.add(conn, expiresAtMs);
    if (resumeFrom) yield* replay(s, conn, replayFloor(resumeFrom, s.resumeOverlapMs()), this.signal);
    conn.enqueue({ kind: 'unread-count' });
    for (const notification of (await s.notices?.pendingFor(principal).catch(() => [])) ?? []) conn.enqueue({ kind: 'event', event: { type: 'SYSTEM_NOTIFICATION', notification } });
    return undefined;
  }

  private async *resync(conn: LiveConnection): AsyncGenerator<Tracked, undefined> {
    yield* replay(this.s, conn, replayFloor(conn.cursor, this.s.resumeOverlapMs()), this.signal);
    conn.enqueue({ kind: 'unread-count' });
    return undefined;
  }

  /** Ends the stream once: leaves the hub, the expiry schedule and presence. Resolves done. */
  private end(): Promise<Step> {
    this.ending ??= this.cleanUp();
    return this.ending.then(() => DONE);
  }

  private async cleanUp(): Promise<void> {
    const { s } = this;
    const conn = this.conn;
    this.slow = null;
    if (conn) {
      const expiresAtMs = expiryOf(this.principal);
      if (expiresAtMs !== null) s.expiries.delete(conn, expiresAtMs);
      s.hub.detach(conn);
    }
    const session = this.session;
    if (session) {
      const done = s.presence.disconnect(session).catch((err: unknown) => s.deps.logger.warn({ err }, 'presence disconnect failed'));
      s.trackDisconnect(done);
      s.trackSession(session, false);
      await done;
    }
  }
}

function expiryOf(principal: Principal): number | null {
  return principal.expiresAt !== undefined ? principal.expiresAt * 1000 : null;
}

/**
 * Yields the connection's visible messages after `afterSeq` from the store, oldest first. Replay
 * is pulled, so a consumer that cannot keep up simply pulls more slowly.
 */
async function* replay(s: EventStreamDeps, conn: LiveConnection, afterSeq: string, signal: AbortSignal): AsyncGenerator<Tracked> {
  let after = afterSeq;
  // Replayed ids are remembered from the start: a replay spanning a long outage moves the cursor
  // far past its first messages, whose live copies may still be on their way.
  conn.rememberAllFor(REMEMBER_AFTER_REPLAY_MS);
  for (;;) {
    const items = await s.deps.store.inbox.since({ userId: inboxUserKey(conn.principal.orgId, conn.principal.userId), audiences: conn.audiences, now: s.deps.now(), afterSeq: after, limit: REPLAY_PAGE });
    for (const item of items) {
      after = item.seq;
      if (conn.hasDelivered(item.messageId)) continue;
      if (signal.aborted) return;
      const { deliveredTime: _d, readTime: _r, ...message } = item;
      const live: LiveMessage = forReader(s, conn.principal, message);
      yield pushed(s, conn.recordDelivery(item.messageId, item.seq), { type: 'MESSAGE', message: live });
      s.deliveries?.reached(conn.principal, item);
    }
    if (items.length < REPLAY_PAGE || signal.aborted) {
      conn.rememberAllFor(REMEMBER_AFTER_REPLAY_MS);
      return;
    }
  }
}

/** The message as `principal` sees it (per-recipient template fields filled in, internals removed). */
function forReader(s: EventStreamDeps, principal: Principal, message: LiveMessage): LiveMessage {
  return s.renderer.forReader(message, { id: principal.userId, name: principal.name ?? principal.userId });
}

/** Wraps an event for the stream and counts it. */
function pushed(s: EventStreamDeps, id: string, event: RealtimeEvent): Tracked {
  if (s.deps.telemetry) pushCounts.count(s.deps.telemetry, event.type);
  return tracked(id, event);
}

/**
 * Pushed events are counted per turn of the event loop and reported once per type: a labelled
 * counter increment per recipient was about 1 µs of every broadcast write.
 */
class PushCounts {
  private readonly counts = new Map<Telemetry, Map<string, number>>();
  private scheduled = false;

  count(telemetry: Telemetry, type: string): void {
    let byType = this.counts.get(telemetry);
    if (!byType) this.counts.set(telemetry, (byType = new Map<string, number>()));
    byType.set(type, (byType.get(type) ?? 0) + 1);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.report);
    }
  }

  private readonly report = (): void => {
    this.scheduled = false;
    for (const [telemetry, byType] of this.counts) for (const [type, n] of byType) telemetry.eventPushed(type, n);
    this.counts.clear();
  };
}

const pushCounts = new PushCounts();
