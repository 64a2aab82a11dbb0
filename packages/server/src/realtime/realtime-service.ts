import { setTimeout as delay } from 'node:timers/promises';
import type { Session } from '../ports/bus.js';
import type { ServiceDeps } from '../services/deps.js';
import type { InboxService } from '../services/inbox-service.js';
import type { MessageRenderer } from '../services/templates/message-renderer.js';
import { PRESENCE_HEARTBEAT_MS, type PresenceService } from '../services/presence-service.js';
import { streamEvents, type EventStreamDeps } from './event-stream.js';
import type { LiveStats, RealtimeEvent } from '../domain/events.js';
import type { TrackedEnvelope } from '@trpc/server';
import { RealtimeHub } from './hub.js';
import { ExpirySchedule } from './expiry-schedule.js';
import type { LiveConnection } from './live-connection.js';
import type { EventStreamRequest, LiveEvents } from '../ports/live-events.js';

export interface RealtimeOptions {
  /** Identifies this instance in presence sessions. */
  instanceId: string;
  /**
   * The least a resume replays before its cursor (`MC_RESUME_OVERLAP_MS`, default 0). The
   * replay reaches further back when messages lately arrived out of order on this instance.
   */
  minResumeOverlapMs?: number;
  /** Delivery accounting and on-connect system notifications (see `EventStreamDeps`). */
  hooks?: Pick<EventStreamDeps, 'deliveries' | 'notices'>;
}

/** Real-time delivery on this instance: event streams, presence heartbeats, live statistics. */
export class RealtimeService implements LiveEvents {
  readonly hub: RealtimeHub;
  private readonly sessions = new Set<Session>();
  private readonly pendingDisconnects = new Set<Promise<void>>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly streamDeps: EventStreamDeps;
  /** Token expiries of this instance's streams, from one timer. */
  private readonly expiries = new ExpirySchedule<LiveConnection>((conn) => conn.enqueue({ kind: 'expired' }));

  constructor(
    private readonly deps: ServiceDeps,
    inbox: InboxService,
    private readonly presence: PresenceService,
    renderer: MessageRenderer,
    readonly options: RealtimeOptions,
  ) {
    this.hub = new RealtimeHub(deps);
    this.streamDeps = {
      deps,
      hub: this.hub,
      inbox,
      renderer,
      presence,
      resumeOverlapMs: () => Math.max(options.minResumeOverlapMs ?? 0, this.hub.lateArrivals.overlapMs()),
      // Ids stay remembered at least as far back as a resync replays in the usual case.
      rememberMs: Math.max(options.minResumeOverlapMs ?? 0, 5_000) + 1_000,
      ...options.hooks,
      expiries: this.expiries,
      trackSession: (session, isLive) => this.trackSession(session, isLive),
      trackDisconnect: (done) => {
        this.pendingDisconnects.add(done);
        void done.finally(() => this.pendingDisconnects.delete(done));
      },
    };
  }

  /** The `realtime.events` stream of one connection (see `event-stream.ts`). */
  events(req: EventStreamRequest): AsyncGenerator<TrackedEnvelope<RealtimeEvent>> {
    return streamEvents(this.streamDeps, req);
  }

  /** `stats.live`: connections and online users of the org, and its message rate, every `intervalMs`. */
  async *liveStats(orgId: string, signal: AbortSignal, intervalMs = 2_000): AsyncGenerator<LiveStats> {
    let last = Date.now();
    this.hub.takeMessageCount(orgId);
    while (!signal.aborted) {
      const [connections, online] = await Promise.all([this.deps.bus.presence.sessionCount(orgId), this.presence.online(orgId)]);
      const now = Date.now();
      const messages = this.hub.takeMessageCount(orgId);
      const messagesPerSecond = now > last ? Math.round((messages * 1000) / (now - last)) : 0;
      last = now;
      yield { connections, onlineUsers: online.count, messagesPerSecond, at: new Date(now) };
      await delay(intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /**
   * Waits (up to `graceMs`) for closing streams to take their sessions out of presence, then
   * stops heartbeats and drops bus subscriptions. Call after the sockets were closed and before
   * the bus is.
   */
  async close(graceMs = 3_000): Promise<void> {
    const deadline = Date.now() + graceMs;
    while ((this.sessions.size > 0 || this.pendingDisconnects.size > 0) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.pendingDisconnects]), delay(20)]);
    }
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.expiries.close();
    await this.hub.close();
  }

  /** One timer heartbeats every live session, instead of one timer per connection. */
  private trackSession(session: Session, isLive: boolean): void {
    if (isLive) this.sessions.add(session);
    else this.sessions.delete(session);
    if (this.sessions.size > 0 && !this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => void this.heartbeatAll(), PRESENCE_HEARTBEAT_MS);
      this.heartbeatTimer.unref();
    } else if (this.sessions.size === 0 && this.heartbeatTimer) {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
  }

  private async heartbeatAll(): Promise<void> {
    for (const session of [...this.sessions]) {
      await this.presence.heartbeat(session).catch((err: unknown) => this.deps.logger.warn({ err }, 'presence heartbeat failed'));
    }
  }
}
