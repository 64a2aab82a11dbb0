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
import type { PullableStream, StepSink } from '../ports/pullable-stream.js';

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
 * stream pulled through `pullInto` keeps only its sink; pulled through `next()`, one pending
 * promise. The rare, slow parts (set-up, store replays, unread counts) still run as async code
 * while they last.
 */
class EventStream implements AsyncGenerator<Tracked, undefined>, PullableStream<Tracked>, WorkWaiter {
  private conn: LiveConnection | null = null;
  private session: Session | null = null;
  /** The set-up or a replay while one runs: its values come first. */
  private slow: AsyncGenerator<Tracked, undefined> | null;
  /** Told of the next step while the stream waits for work. */
  private sink: StepSink<Tracked> | null = null;
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
    return new Promise<Step>((resolve, reject) => {
      const step = this.pullInto({ step: resolve as (result: IteratorResult<Tracked, unknown>) => void, fail: reject });
      if (step) resolve(step);
    });
  }

  pullInto(sink: StepSink<Tracked>): Step | undefined {
    try {
      return this.advance(sink);
    } catch (cause) {
      this.failAfterEnd(sink, cause);
      return undefined;
    }
  }

  /** The connection has work (or the signal aborted) for the waiting sink: handled in a microtask. */
  workReady(work: ConnectionWork | null): void {
    wake(this, work);
  }

  /** Hands `work` to the waiting sink (see `wake`). */
  deliverWoken(work: ConnectionWork | null): void {
    const sink = this.sink;
    this.sink = null;
    if (!sink) return;
    try {
      const step = this.handle(work, sink);
      if (step) sink.step(step);
    } catch (cause) {
      this.failAfterEnd(sink, cause);
    }
  }

  async return(): Promise<Step> {
    const slow = this.slow;
    this.slow = null;
    await slow?.return(undefined).catch(() => undefined);
    await this.end();
    // A pull still waiting hears that the stream is over.
    const sink = this.sink;
    this.sink = null;
    sink?.step(DONE);
    return DONE;
  }

  async throw(cause: unknown): Promise<Step> {
    await this.return();
    throw cause;
  }

  /** The next step now, or undefined when `sink` is told later. */
  private advance(sink: StepSink<Tracked>): Step | undefined {
    if (this.reached) {
      const message = this.reached;
      this.reached = null;
      this.s.deliveries?.reached(this.principal, message);
    }
    if (this.ending || this.isExpired) return this.endThen(sink);
    const slow = this.slow;
    if (slow) {
      slow.next().then(
        (step) => {
          if (!step.done) return sink.step(step);
          if (this.slow === slow) this.slow = null;
          const next = this.pullInto(sink);
          if (next) sink.step(next);
        },
        (cause: unknown) => this.failAfterEnd(sink, cause),
      );
      return undefined;
    }
    const work = this.conn!.poll(this.signal, this);
    if (work !== undefined) return this.handle(work, sink);
    this.sink = sink;
    return undefined;
  }

  /** The step for one work item (or the next item's when this one yields nothing). */
  private handle(work: ConnectionWork | null, sink: StepSink<Tracked>): Step | undefined {
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
          s.inbox.unreadCount(this.principal).then(
            (counts) => sink.step({ done: false, value: pushed(s, conn.auxiliaryEventId(), { type: 'UNREAD_COUNT', ...counts }) }),
            (cause: unknown) => this.failAfterEnd(sink, cause),
          );
          return undefined;
        case 'resync':
          this.slow = this.resync(conn);
          return this.advance(sink);
        case 'expired':
          // The transport closes the connection (WebSocket: code 4001) once the stream ends.
          this.isExpired = true;
          return { done: false, value: pushed(s, conn.auxiliaryEventId(), { type: 'ERROR', appCode: 'AUTH_001', message: 'The token expired; reconnect with a fresh one' }) };
      }
    }
    // Nothing queued after skipped duplicates: wait for more (unless the signal aborted).
    if (work === null && this.signal.aborted) return this.endThen(sink);
    return this.advance(sink);
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

  /** Ends the stream, then tells `sink` it is done. */
  private endThen(sink: StepSink<Tracked>): undefined {
    this.end().then(
      () => sink.step(DONE),
      (cause: unknown) => sink.fail(cause),
    );
    return undefined;
  }

  /** An error ends the stream (as it ends a generator) before the consumer hears of it. */
  private failAfterEnd(sink: StepSink<Tracked>, cause: unknown): void {
    this.end().then(
      () => sink.fail(cause),
      () => sink.fail(cause),
    );
  }

  /** Ends the stream once: leaves the hub, the expiry schedule and presence. */
  private end(): Promise<void> {
    return (this.ending ??= this.cleanUp());
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

/**
 * Streams their connection woke (stream, work, stream, work, …), handled together in one
 * microtask: the consumer never runs inside the producer's call (the hub's fan-out, the expiry
 * timer), as with a resolved promise, but without a promise or closure per wake-up.
 */
const woken: (EventStream | ConnectionWork | null)[] = [];
let isWokenScheduled = false;

function wake(stream: EventStream, work: ConnectionWork | null): void {
  woken.push(stream, work);
  if (isWokenScheduled) return;
  isWokenScheduled = true;
  queueMicrotask(deliverAllWoken);
}

function deliverAllWoken(): void {
  // Wake-ups added meanwhile are handled in this same pass.
  for (let i = 0; i < woken.length; i += 2) {
    try {
      (woken[i] as EventStream).deliverWoken(woken[i + 1] as ConnectionWork | null);
    } catch {
      // `deliverWoken` reports its own failures to its sink; one stream must not stop the rest.
    }
  }
  woken.length = 0;
  isWokenScheduled = false;
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
