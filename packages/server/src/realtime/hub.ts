import type { Logger } from 'pino';
import type { Bus } from '../ports/bus.js';
import { AUDIENCE_ALL_USERS, orgUserKey, toMessage } from '../domain/index.js';
import type { Directory } from '../ports/directory.js';
import { CHANNEL_ALL_ORGS, channelOfOrg, decodeEnvelope, type BusEnvelope } from './bus-events.js';
import { readerOf } from '../services/readers.js';
import type { RealtimeEvent } from '../domain/events.js';
import type { LiveConnection } from './live-connection.js';
import { ConnectionIndex } from './connection-index.js';
import { markShared } from './shared-events.js';
import { LateArrivals } from './late-arrivals.js';
import { FanOut } from './fan-out.js';

interface ChannelSubscription {
  refs: number;
  ready: Promise<() => Promise<void>>;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/**
 * Per-instance fan-out. Holds one bus subscription per org that has live connections here (plus
 * the all-users channel), refcounted, and routes each envelope to the connections whose reader
 * audiences include its audience key. An envelope is decoded once and becomes one event object
 * shared by every recipient (and encoded once, see `transport/ws/frame-encoding.ts`).
 */
export class RealtimeHub {
  private readonly channels = new Map<string, ChannelSubscription>();
  private readonly byAudience = new ConnectionIndex<LiveConnection>();
  private readonly byUser = new ConnectionIndex<LiveConnection>();
  /** Admin connections by org: presence changes go only to them, without scanning the org. */
  private readonly adminsByOrg = new ConnectionIndex<LiveConnection>();
  private readonly byOrg = new Map<string, Set<LiveConnection>>();
  private readonly messageCounts = new Map<string, number>();
  /** Out-of-order arrivals of messages on this instance: how far a resume must reach back. */
  readonly lateArrivals = new LateArrivals();
  /** Hands routed events to connections in order, a slice per turn of the event loop. */
  private readonly fanOut = new FanOut();
  private readonly removeConnectionListener: () => void;

  constructor(private readonly deps: { bus: Bus; directory: Directory; logger: Logger }) {
    // After a bus outage every stream re-reads the store from its cursor: the bus is at-most-once.
    this.removeConnectionListener = deps.bus.onConnectionChange((isConnected) => {
      if (isConnected) for (const conn of this.connections()) conn.enqueue({ kind: 'resync' });
    });
  }

  /** Live connections on this instance. */
  *connections(): Iterable<LiveConnection> {
    for (const set of this.byOrg.values()) yield* set;
  }

  /** How many live connections this instance holds for `orgId` (or in total). */
  connectionCount(orgId: string | null): number {
    if (orgId !== null) return this.byOrg.get(orgId)?.size ?? 0;
    let n = 0;
    for (const set of this.byOrg.values()) n += set.size;
    return n;
  }

  /** Message envelopes seen for `orgId` since the last call (for messages/s). */
  takeMessageCount(orgId: string): number {
    const n = this.messageCounts.get(orgId) ?? 0;
    this.messageCounts.delete(orgId);
    return n;
  }

  /**
   * Starts routing live events to `conn`. Resolves once the bus subscriptions are active, so
   * anything published afterwards reaches the connection's queue.
   */
  async attach(conn: LiveConnection): Promise<void> {
    this.index(conn);
    this.byUser.add(conn.userKey, conn);
    if (conn.isAdmin) this.adminsByOrg.add(conn.orgId, conn);
    addTo(this.byOrg, conn.orgId, conn);
    await Promise.all([this.retain(channelOfOrg(conn.orgId)), this.retain(CHANNEL_ALL_ORGS)]);
  }

  /** Stops routing to `conn` and releases its bus subscriptions. */
  detach(conn: LiveConnection): void {
    if (!this.byUser.has(conn.userKey, conn)) return;
    this.unindex(conn);
    this.byUser.delete(conn.userKey, conn);
    this.adminsByOrg.delete(conn.orgId, conn);
    removeFrom(this.byOrg, conn.orgId, conn);
    this.release(channelOfOrg(conn.orgId));
    this.release(CHANNEL_ALL_ORGS);
  }

  /** Drops every bus subscription (shutdown). */
  async close(): Promise<void> {
    this.removeConnectionListener();
    this.fanOut.close();
    const subs = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(subs.map(async (s) => (await s.ready.catch(() => null))?.().catch(() => undefined)));
  }

  private index(conn: LiveConnection): void {
    for (const key of conn.audiences) this.byAudience.add(key, conn);
  }

  private unindex(conn: LiveConnection): void {
    for (const key of conn.audiences) this.byAudience.delete(key, conn);
  }

  private async retain(channel: string): Promise<void> {
    let sub = this.channels.get(channel);
    if (!sub) {
      sub = { refs: 0, ready: this.deps.bus.subscribe(channel, (payload) => this.route(payload)) };
      this.channels.set(channel, sub);
      sub.ready.catch((err: unknown) => {
        this.deps.logger.error({ err, channel }, 'bus subscribe failed');
        if (this.channels.get(channel) === sub) this.channels.delete(channel);
      });
    }
    sub.refs += 1;
    await sub.ready;
  }

  private release(channel: string): void {
    const sub = this.channels.get(channel);
    if (!sub) return;
    sub.refs -= 1;
    if (sub.refs > 0) return;
    this.channels.delete(channel);
    void sub.ready.then((unsubscribe) => unsubscribe()).catch((err: unknown) => this.deps.logger.warn({ err, channel }, 'bus unsubscribe failed'));
  }

  private route(payload: string): void {
    let envelope: BusEnvelope;
    try {
      envelope = decodeEnvelope(payload);
    } catch (err) {
      this.deps.logger.warn({ err }, 'dropped an undecodable bus envelope');
      return;
    }
    switch (envelope.kind) {
      case 'message':
        return this.routeMessage(envelope);
      case 'messages':
        for (const item of envelope.items) this.routeMessage({ kind: 'message', orgId: item.message.orgId, ...item });
        return;
      case 'state':
        return this.routeState(envelope);
      case 'membership':
        return void this.refreshAudiences(envelope.orgId, envelope.userIds);
      case 'presence':
        return this.toAdmins(envelope.orgId, { type: 'ONLINE_STATUS', userId: envelope.userId, isOnline: envelope.isOnline, at: envelope.at });
      case 'system': {
        const event: RealtimeEvent = { type: 'SYSTEM_NOTIFICATION', notification: envelope.notification };
        const targets = envelope.orgId === null ? this.connections() : (this.byOrg.get(envelope.orgId) ?? []);
        return this.fanOut.deliver([...targets], { kind: 'event', event });
      }
    }
  }

  private routeMessage(envelope: Extract<BusEnvelope, { kind: 'message' }>): void {
    this.messageCounts.set(envelope.orgId, (this.messageCounts.get(envelope.orgId) ?? 0) + 1);
    this.lateArrivals.observe(envelope.seq);
    const targets = this.byAudience.get(envelope.audience);
    if (!targets.length) return;
    // A fresh copy with the new keys assigned: spreading and adding keys is a slow path in V8.
    const message = Object.assign(toMessage(envelope.message), { seq: envelope.seq, state: 'UNREAD' as const, archived: false });
    const event: RealtimeEvent = { type: 'MESSAGE', message };
    markShared(event);
    // The all-users audience spans orgs; the channel already scopes every other key to its org.
    // One work item for every recipient: connections only read it.
    this.fanOut.deliver(targets, { kind: 'event', event, seq: envelope.seq }, envelope.audience === AUDIENCE_ALL_USERS ? null : envelope.orgId);
  }

  private routeState(envelope: Extract<BusEnvelope, { kind: 'state' }>): void {
    const targets = this.byUser.get(orgUserKey(envelope.orgId, envelope.userId));
    if (!targets.length) return;
    const event: RealtimeEvent = { type: 'MESSAGE_UPDATED', messageIds: envelope.messageIds, state: envelope.state, archived: envelope.archived, at: envelope.at };
    // Through the fan-out queue, so an update never overtakes the message it updates.
    this.fanOut.deliver(targets.filter((conn) => conn.sessionId !== envelope.originSessionId), { kind: 'event', event });
    this.fanOut.deliver(targets, { kind: 'unread-count' });
  }

  private toAdmins(orgId: string, event: RealtimeEvent): void {
    this.adminsByOrg.forEach(orgId, (conn) => conn.enqueue({ kind: 'event', event }));
  }

  /** Group membership changed: recompute the audience keys of these users' live connections. */
  private async refreshAudiences(orgId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) {
      const conns = this.byUser.get(orgUserKey(orgId, userId));
      if (!conns.length) continue;
      try {
        const reader = await readerOf(this.deps.directory, { orgId, userId });
        for (const conn of conns) {
          this.unindex(conn);
          conn.audiences = reader.audiences;
          this.index(conn);
          // A message to a group the user just joined may have been published before the re-index.
          conn.enqueue({ kind: 'resync' });
        }
      } catch (err) {
        this.deps.logger.warn({ err, orgId, userId }, 'could not refresh audiences after a membership change');
      }
    }
  }
}
