import type { TrackedEnvelope } from '@trpc/server';
import type { LiveStats, Principal, RealtimeEvent } from '../domain/index.js';

/** One `realtime.events` subscription. */
export interface EventStreamRequest {
  principal: Principal;
  /** Id of the connection (so a change made on it is not echoed back to it). */
  sessionId: string;
  /** Resume after this event id (from the client's last seen event). */
  lastEventId: string | null;
  signal: AbortSignal;
}

/**
 * The live-events port: what the API layer streams to subscribers. The real-time layer
 * (`realtime/realtime-service.ts`) implements it; the router only asks for streams.
 */
export interface LiveEvents {
  /**
   * The `realtime.events` stream of one connection: replay after `lastEventId`, then live. The
   * consumer pulls at its own pace (a transport stops pulling while its socket is backed up); a
   * stream whose principal's token expires yields an `ERROR` (`AUTH_001`) event and ends.
   */
  events(req: EventStreamRequest): AsyncGenerator<TrackedEnvelope<RealtimeEvent>>;
  /** `stats.live`: connections, online users and messages/s of an org, every couple of seconds. */
  liveStats(orgId: string, signal: AbortSignal): AsyncGenerator<LiveStats>;
}
