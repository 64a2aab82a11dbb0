import type { InboxState, Message, SystemNotification } from '../domain/index.js';
import type { Bus } from '../ports/bus.js';
import type { EventPublisher, StateChange, VisibleMessage } from '../ports/event-publisher.js';

/**
 * What travels on the bus between instances. Every envelope names the org it concerns, and is
 * published on that org's channel (or the all-users channel), so an instance subscribes to the
 * orgs of the users it serves and nothing else.
 */
export type BusEnvelope =
  | {
      kind: 'message';
      orgId: string;
      /** Audience key of the message (who sees it). */
      audience: string;
      /** Stream position (the real-time event id). */
      seq: string;
      message: Message;
    }
  | {
      kind: 'state';
      orgId: string;
      userId: string;
      messageIds: string[];
      /** New state for all of `messageIds`; `archived` when only that flag changed. */
      state: InboxState | null;
      archived: boolean | null;
      /** Session that made the change (so it need not be echoed back to it). */
      originSessionId: string | null;
      at: Date;
    }
  | {
      /** Several messages of one org (or of the all-users channel) made visible by one batch send. */
      kind: 'messages';
      orgId: string;
      items: { audience: string; seq: string; message: Message }[];
    }
  | {
      /** Group membership of these users changed: their audiences must be recomputed. */
      kind: 'membership';
      orgId: string;
      userIds: string[];
    }
  | {
      /** A user came online (first live connection) or went offline (last one closed). */
      kind: 'presence';
      orgId: string;
      userId: string;
      isOnline: boolean;
      at: Date;
    }
  | {
      kind: 'system';
      /** Null = every org. */
      orgId: string | null;
      notification: SystemNotification;
    };

export const CHANNEL_ALL_ORGS = 'all';
export const channelOfOrg = (orgId: string): string => `org:${orgId}`;

const DATE_KEYS = new Set(['createTime', 'updateTime', 'deliverAt', 'expireTime', 'at']);

/** Encodes an envelope once; the same string goes to every subscriber. */
export function encodeEnvelope(envelope: BusEnvelope): string {
  return JSON.stringify(envelope);
}

/** A message as it arrives in JSON: its dates are ISO strings (or null). */
type WireMessage = Omit<Message, 'createTime' | 'updateTime' | 'deliverAt' | 'expireTime'> & {
  createTime: string | Date;
  updateTime: string | Date;
  deliverAt: string | Date | null;
  expireTime: string | Date | null;
};

/** Turns the date fields of a decoded message back into dates, in place. */
function reviveMessage(m: WireMessage): void {
  m.createTime = new Date(m.createTime);
  m.updateTime = new Date(m.updateTime);
  if (m.deliverAt !== null) m.deliverAt = new Date(m.deliverAt);
  if (m.expireTime !== null) m.expireTime = new Date(m.expireTime);
}

/**
 * Decodes an envelope, reviving its dates. Message envelopes (every send) are parsed plainly
 * and their four date fields revived by name: a `JSON.parse` reviver is called for every value of
 * the payload and made decoding about 3× as slow. Their metadata stays as sent (as when the
 * message is read back from the store). Rarer kinds revive every date-named key.
 */
export function decodeEnvelope(payload: string): BusEnvelope {
  const parsed = JSON.parse(payload) as { kind?: unknown };
  if (parsed.kind === 'message') {
    reviveMessage((parsed as { message: WireMessage }).message);
    return parsed as BusEnvelope;
  }
  if (parsed.kind === 'messages') {
    for (const item of (parsed as { items: { message: WireMessage }[] }).items) reviveMessage(item.message);
    return parsed as BusEnvelope;
  }
  return JSON.parse(payload, (key, value: unknown) =>
    DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value,
  ) as BusEnvelope;
}

/** The `EventPublisher` port over the bus: one envelope per event, on the org's channel. */
export class BusEventPublisher implements EventPublisher {
  constructor(private readonly bus: Bus) {}

  /** A message became visible to its audience. */
  async messageVisible(message: Message, audience: string, seq: string): Promise<void> {
    const channel = audience === '*' ? CHANNEL_ALL_ORGS : channelOfOrg(message.orgId);
    await this.bus.publish(channel, encodeEnvelope({ kind: 'message', orgId: message.orgId, audience, seq, message }));
  }

  /** A batch of messages became visible: one envelope per channel they go to. */
  async messagesVisible(items: VisibleMessage[]): Promise<void> {
    const byChannel = new Map<string, { orgId: string; items: { audience: string; seq: string; message: Message }[] }>();
    for (const { message, audience, seq } of items) {
      const channel = audience === '*' ? CHANNEL_ALL_ORGS : channelOfOrg(message.orgId);
      let batch = byChannel.get(channel);
      if (!batch) byChannel.set(channel, (batch = { orgId: message.orgId, items: [] }));
      batch.items.push({ audience, seq, message });
    }
    await Promise.all([...byChannel].map(([channel, b]) => this.bus.publish(channel, encodeEnvelope({ kind: 'messages', orgId: b.orgId, items: b.items }))));
  }

  /** A user's state of some messages changed (so their other devices update). */
  async stateChanged(e: StateChange): Promise<void> {
    await this.bus.publish(channelOfOrg(e.orgId), encodeEnvelope({ kind: 'state', ...e }));
  }

  async membershipChanged(orgId: string, userIds: string[]): Promise<void> {
    await this.bus.publish(channelOfOrg(orgId), encodeEnvelope({ kind: 'membership', orgId, userIds }));
  }

  /** A user's online status changed (for admins watching the org). */
  async presenceChanged(orgId: string, userId: string, isOnline: boolean, at: Date): Promise<void> {
    await this.bus.publish(channelOfOrg(orgId), encodeEnvelope({ kind: 'presence', orgId, userId, isOnline, at }));
  }

  async system(orgId: string | null, notification: SystemNotification): Promise<void> {
    await this.bus.publish(orgId ? channelOfOrg(orgId) : CHANNEL_ALL_ORGS, encodeEnvelope({ kind: 'system', orgId, notification }));
  }
}
