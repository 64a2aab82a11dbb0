import {
  dayOf,
  inboxUserKey,
  notFound,
  type AckInput,
  type BatchReadInput,
  type InboxItem,
  type InboxState,
  type ListInput,
  type MessageType,
  type Principal,
  type Reader,
  type SearchInput,
} from '../domain/index.js';
import type { InboxStatePatch, UserInboxSummary } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';
import type { RateLimits } from './messaging/rate-limits.js';
import { readerOf } from './readers.js';
import type { MessageRenderer } from './templates/message-renderer.js';

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  size: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface UnreadCount {
  total: number;
  byType: Record<MessageType, number>;
}

/** Who changed a state: the user, and the connection it came from (not echoed back to it). */
export interface Actor {
  principal: Principal;
  sessionId?: string | null;
}

const ALL_TYPES: MessageType[] = ['SYSTEM', 'BUSINESS', 'ALERT', 'NOTIFICATION', 'ANNOUNCEMENT'];
const MARK_ALL_MAX = 10_000;

/** A user's inbox: reading, state changes, counts and search. */
export class InboxService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly renderer: MessageRenderer,
    private readonly rateLimits: RateLimits,
  ) {}

  /** The message as this principal sees it (per-recipient template fields filled in). */
  private forReader(p: Principal): (item: InboxItem) => InboxItem {
    return (item) => this.renderer.forReader(item, { id: p.userId, name: p.name ?? p.userId });
  }

  private reader(p: Principal): Promise<Reader> {
    return readerOf(this.deps.directory, p);
  }

  /** A page of the inbox, newest first; `cursor` pages without offsets. */
  async list(p: Principal, input: ListInput): Promise<InboxPage> {
    await this.rateLimits.enforceRead(p);
    const r = await this.reader(p);
    const res = await this.deps.store.inbox.list({
      userId: r.inboxKey,
      audiences: r.audiences,
      now: this.deps.now(),
      state: input.state,
      messageType: input.messageType,
      category: input.category,
      priority: input.priority,
      archived: input.archived,
      limit: input.size,
      offset: (input.page - 1) * input.size,
      beforeSeq: input.cursor,
    });
    const last = res.items.at(-1);
    const hasMore = input.cursor ? res.items.length === input.size : input.page * input.size < res.total;
    return { items: res.items.map(this.forReader(p)), total: res.total, page: input.page, size: input.size, nextCursor: hasMore && last ? last.seq : null };
  }

  /** One message of the caller's inbox. */
  async get(p: Principal, messageId: string): Promise<InboxItem> {
    await this.rateLimits.enforceRead(p);
    const r = await this.reader(p);
    const item = await this.deps.store.inbox.get({ userId: r.inboxKey, audiences: r.audiences, now: this.deps.now(), messageId });
    if (!item) throw notFound(`Message ${messageId}`);
    return this.forReader(p)(item);
  }

  async markRead(actor: Actor, messageId: string): Promise<InboxItem> {
    const item = await this.get(actor.principal, messageId);
    await this.applyRead(actor.principal, item);
    await this.publishState(actor, [messageId], 'READ', null);
    return { ...item, state: 'READ', readTime: this.deps.now() };
  }

  async markUnread(actor: Actor, messageId: string): Promise<InboxItem> {
    const item = await this.get(actor.principal, messageId);
    // readTime stays as the first-read marker so statistics count each reader once.
    await this.upsert(actor.principal, item, { state: 'UNREAD' });
    await this.publishState(actor, [messageId], 'UNREAD', null);
    return { ...item, state: 'UNREAD' };
  }

  /**
   * Marks the given messages read, or every unread one (optionally of one type): one store
   * call for the whole batch, then one statistics increment per (org, day, type) and one read
   * count update for the messages read for the first time.
   */
  async batchRead(actor: Actor, input: BatchReadInput): Promise<{ updated: number }> {
    const p = actor.principal;
    const r = await this.reader(p);
    const now = this.deps.now();
    const ids = 'all' in input
      ? await this.deps.store.inbox.unreadIds({ userId: r.inboxKey, audiences: r.audiences, now, messageType: input.messageType, limit: MARK_ALL_MAX })
      : [...new Set(input.messageIds)];
    const changed = await this.deps.store.inbox.markReadMany({ userId: r.inboxKey, orgId: p.orgId, audiences: r.audiences, now, messageIds: ids });
    await this.countReads(changed, now);
    if (changed.length) await this.publishState(actor, changed.map((item) => item.messageId), 'READ', null);
    return { updated: changed.length };
  }

  async archive(actor: Actor, messageId: string, archived = true): Promise<InboxItem> {
    const item = await this.get(actor.principal, messageId);
    await this.upsert(actor.principal, item, { archived });
    await this.publishState(actor, [messageId], null, archived);
    return { ...item, archived };
  }

  async delete(actor: Actor, messageId: string): Promise<{ deleted: boolean }> {
    const item = await this.get(actor.principal, messageId);
    await this.upsert(actor.principal, item, { state: 'DELETED', deleteTime: this.deps.now() });
    await this.publishState(actor, [messageId], 'DELETED', null);
    return { deleted: true };
  }

  /** Deletes the given messages from the caller's inbox (one store call for the batch). */
  async batchDelete(actor: Actor, messageIds: string[]): Promise<{ deleted: number }> {
    const p = actor.principal;
    const r = await this.reader(p);
    const deleted = await this.deps.store.inbox.deleteMany({ userId: r.inboxKey, orgId: p.orgId, audiences: r.audiences, now: this.deps.now(), messageIds: [...new Set(messageIds)] });
    if (deleted.length) await this.publishState(actor, deleted, 'DELETED', null);
    return { deleted: deleted.length };
  }

  /** Client acknowledgement: DELIVERED (received on a device), READ, or FAILED (logged). */
  async ack(actor: Actor, input: AckInput): Promise<{ state: InboxState }> {
    // The SDK acks every message it receives; this instance usually wrote it to that user itself.
    if (input.status === 'DELIVERED' && this.deps.deliveries?.hasReached(actor.principal, input.messageId)) {
      await this.deps.deliveries.settled();
      return { state: 'DELIVERED' };
    }
    const item = await this.get(actor.principal, input.messageId);
    if (input.status === 'READ') {
      await this.markRead(actor, input.messageId);
      return { state: 'READ' };
    }
    if (input.status === 'FAILED') {
      this.deps.logger.warn({ messageId: input.messageId, userId: actor.principal.userId, reason: input.errorMessage }, 'client reported a failed delivery');
      // A direct message's only path was this client: after its retries the message FAILED.
      if (item.receiverType === 'USER' && item.state !== 'READ') await this.deps.store.messages.markFailed(item.orgId, item.messageId, this.deps.now());
      return { state: item.state };
    }
    if (item.deliveredTime) return { state: item.state };
    const state = item.state === 'UNREAD' ? 'DELIVERED' : item.state;
    // Batched with the deliveries the server saw itself: usually already recorded, so no write.
    if (this.deps.deliveries) {
      this.deps.deliveries.reached(actor.principal, item);
      await this.deps.deliveries.settled();
      return { state };
    }
    const prev = await this.upsert(actor.principal, item, { state, deliveredTime: this.deps.now() });
    if (!prev?.deliveredTime) {
      await this.deps.store.stats.increment(item.orgId, dayOf(item.createTime), item.messageType, { delivered: 1 });
    }
    return { state };
  }

  async unreadCount(p: Principal): Promise<UnreadCount> {
    await this.rateLimits.enforceRead(p);
    const r = await this.reader(p);
    const res = await this.deps.store.inbox.unreadCount({ userId: r.inboxKey, audiences: r.audiences, now: this.deps.now() });
    const byType = Object.fromEntries(ALL_TYPES.map((t) => [t, res.byType[t] ?? 0])) as Record<MessageType, number>;
    return { total: res.total, byType };
  }

  async search(p: Principal, input: SearchInput): Promise<InboxPage> {
    await this.rateLimits.enforceRead(p);
    const r = await this.reader(p);
    const res = await this.deps.store.inbox.search({
      userId: r.inboxKey,
      audiences: r.audiences,
      now: this.deps.now(),
      q: input.q,
      category: input.category,
      messageType: input.messageType,
      startDate: input.startDate,
      endDate: input.endDate,
      limit: input.size,
      offset: (input.page - 1) * input.size,
    });
    return { items: res.items.map(this.forReader(p)), total: res.total, page: input.page, size: input.size, nextCursor: null };
  }

  /** The caller's own reading statistics. */
  async summary(p: Principal): Promise<UserInboxSummary> {
    const r = await this.reader(p);
    return this.deps.store.inbox.userSummary({ userId: r.inboxKey, audiences: r.audiences, now: this.deps.now() });
  }

  /** Marks read and counts the read (and the delivery) exactly once per user and message. */
  private async applyRead(p: Principal, item: InboxItem): Promise<void> {
    const now = this.deps.now();
    const prev = await this.upsert(p, item, { state: 'READ', readTime: now, deliveredTime: item.deliveredTime ?? now });
    await this.countReads([{ ...item, readTime: prev?.readTime ?? null, deliveredTime: prev?.deliveredTime ?? null }], now);
  }

  /**
   * Counts first reads and first deliveries of messages just marked read, given each as it was
   * before (its previous `readTime` / `deliveredTime`): one increment per (org, day, type).
   */
  private async countReads(before: readonly InboxItem[], now: Date): Promise<void> {
    const deltas = new Map<string, { item: InboxItem; delivered: number; read: number; readTimeSum: number }>();
    const firstReads: string[] = [];
    for (const item of before) {
      const isFirstRead = !item.readTime;
      const isFirstDelivery = !item.deliveredTime;
      if (!isFirstRead && !isFirstDelivery) continue;
      const key = JSON.stringify([item.orgId, dayOf(item.createTime), item.messageType]);
      const delta = deltas.get(key) ?? { item, delivered: 0, read: 0, readTimeSum: 0 };
      deltas.set(key, delta);
      if (isFirstDelivery) delta.delivered++;
      if (isFirstRead) {
        delta.read++;
        delta.readTimeSum += Math.max(0, (now.getTime() - (item.deliverAt ?? item.createTime).getTime()) / 1000);
        firstReads.push(item.messageId);
      }
    }
    await Promise.all([
      ...[...deltas.values()].map(({ item, ...delta }) => this.deps.store.stats.increment(item.orgId, dayOf(item.createTime), item.messageType, delta)),
      firstReads.length ? this.deps.store.messages.incrementReadCounts(firstReads) : undefined,
    ]);
  }

  private upsert(p: Principal, item: InboxItem, patch: InboxStatePatch) {
    return this.deps.store.inbox.upsertState({ userId: inboxUserKey(p.orgId, p.userId), orgId: p.orgId, messageId: item.messageId, now: this.deps.now() }, patch);
  }

  private async publishState(actor: Actor, messageIds: string[], state: InboxState | null, archived: boolean | null): Promise<void> {
    try {
      await this.deps.events.stateChanged({
        orgId: actor.principal.orgId,
        userId: actor.principal.userId,
        messageIds,
        state,
        archived,
        originSessionId: actor.sessionId ?? null,
        at: this.deps.now(),
      });
    } catch (err) {
      this.deps.logger.warn({ err }, 'state change publish failed; other devices catch up on resume');
    }
  }
}
