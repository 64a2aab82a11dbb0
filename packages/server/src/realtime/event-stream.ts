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
import { LiveConnection } from './live-connection.js';
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

/**
 * The `realtime.events` stream of one connection. Resume without gaps: the live listener is
 * attached first (events queue up), then the backlog after the cursor is read from the store and
 * yielded, then the queue drains (messages already yielded are skipped), then live. The stream
 * is pulled: a consumer that stops pulling (a backed-up socket) leaves work in the connection's
 * bounded queue, which turns into a store re-read past its cap.
 */
export async function* streamEvents(s: EventStreamDeps, req: EventStreamRequest): AsyncGenerator<Tracked> {
  const { deps } = s;
  const reader = await readerOf(deps.directory, req.principal);
  const resumeFrom = req.lastEventId ? cursorOfEventId(req.lastEventId) : null;
  const conn = new LiveConnection(req.principal, reader, req.sessionId, resumeFrom ?? streamPositionAt(deps.now().getTime()), s.rememberMs);
  await s.hub.attach(conn);
  let session: Session | null = null;
  const expiresAtMs = req.principal.expiresAt !== undefined ? req.principal.expiresAt * 1000 : null;
  try {
    session = await s.presence.connect(req.principal, req.sessionId);
    s.trackSession(session, true);
    if (expiresAtMs !== null) s.expiries.add(conn, expiresAtMs);
    if (resumeFrom) yield* replay(s, conn, replayFloor(resumeFrom, s.resumeOverlapMs()), req.signal);
    conn.enqueue({ kind: 'unread-count' });
    for (const notification of (await s.notices?.pendingFor(req.principal).catch(() => [])) ?? []) conn.enqueue({ kind: 'event', event: { type: 'SYSTEM_NOTIFICATION', notification } });

    for (;;) {
      const work = await conn.next(req.signal);
      if (!work) return;
      switch (work.kind) {
        case 'event': {
          if (work.event.type === 'MESSAGE') {
            const { messageId, seq } = work.event.message;
            if (conn.hasDelivered(messageId)) continue;
            // Templated group/broadcast messages are rendered for this reader; all others share one event.
            const event = work.event.message.metadata.personalization ? { type: 'MESSAGE' as const, message: forReader(s, conn.principal, work.event.message) } : work.event;
            yield pushed(s, conn.recordDelivery(messageId, work.seq ?? seq), event);
            s.deliveries?.reached(conn.principal, work.event.message);
          } else {
            yield pushed(s, conn.auxiliaryEventId(), work.event);
          }
          break;
        }
        case 'unread-count': {
          const counts = await s.inbox.unreadCount(req.principal);
          yield pushed(s, conn.auxiliaryEventId(), { type: 'UNREAD_COUNT', ...counts });
          break;
        }
        case 'resync':
          yield* replay(s, conn, replayFloor(conn.cursor, s.resumeOverlapMs()), req.signal);
          conn.enqueue({ kind: 'unread-count' });
          break;
        case 'expired':
          // The transport closes the connection (WebSocket: code 4001) once the stream ends.
          yield pushed(s, conn.auxiliaryEventId(), { type: 'ERROR', appCode: 'AUTH_001', message: 'The token expired; reconnect with a fresh one' });
          return;
      }
    }
  } finally {
    if (expiresAtMs !== null) s.expiries.delete(conn, expiresAtMs);
    s.hub.detach(conn);
    if (session) {
      const done = s.presence.disconnect(session).catch((err: unknown) => deps.logger.warn({ err }, 'presence disconnect failed'));
      s.trackDisconnect(done);
      s.trackSession(session, false);
      await done;
    }
  }
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
