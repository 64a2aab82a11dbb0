import { dayOf, toMessage, type StoredMessage } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import type { PendingPublishes } from './pending-publishes.js';

/** A message that became visible, and whether its day counter was already bumped with its insert. */
interface Announcement {
  message: StoredMessage;
  isCounted: boolean;
}

/**
 * Makes stored messages visible: bumps the day's counters (unless the send already did, in the
 * commit that stored the message) and publishes them to live connections.
 *
 * Sends stored by one group commit resume together, in one run of the microtask queue; their
 * announcements are collected until that run ends and published as one batch (one bus message
 * per channel instead of one per send), in the order they were made.
 */
export class Announcer {
  private collecting: { items: Announcement[]; done: Promise<void> } | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly pending: PendingPublishes,
  ) {}

  /** Announces one message together with the others announced in this microtask run. */
  announce(message: StoredMessage, isCounted: boolean): Promise<void> {
    let batch = this.collecting;
    if (!batch) {
      const items: Announcement[] = [];
      const done = new Promise<void>((resolve) => {
        queueMicrotask(() => {
          this.collecting = null;
          resolve(this.announceMany(items));
        });
      });
      this.collecting = batch = { items, done };
    }
    batch.items.push({ message, isCounted });
    return batch.done;
  }

  /**
   * One publish per channel for all of `items`; counters of the uncounted ones are summed per
   * org, day and type first. The push does not wait for the counters' commit; the returned
   * promise settles after both.
   */
  async announceMany(items: readonly Announcement[]): Promise<void> {
    if (!items.length) return;
    const { deps } = this;
    const counts = new Map<string, { orgId: string; day: string; messageType: StoredMessage['messageType']; total: number }>();
    for (const { message: m, isCounted } of items) {
      if (isCounted) continue;
      const day = dayOf(m.createTime);
      const key = `${m.orgId}\u0000${day}\u0000${m.messageType}`;
      const c = counts.get(key);
      if (c) c.total += m.recipientCount;
      else counts.set(key, { orgId: m.orgId, day, messageType: m.messageType, total: m.recipientCount });
    }
    const counted = Promise.all([...counts.values()].map((c) => deps.store.stats.increment(c.orgId, c.day, c.messageType, { total: c.total })));
    const visible = items.map(({ message: m }) => ({ message: toMessage(m), audience: m.audience, seq: m.seq }));
    const published = (visible.length === 1 ? deps.events.messageVisible(visible[0]!.message, visible[0]!.audience, visible[0]!.seq) : deps.events.messagesVisible(visible)).catch((err: unknown) => {
      deps.logger.warn({ err, messages: items.length }, 'publish failed; publishing again when the bus reconnects');
      for (const { message } of items) this.pending.add(message);
    });
    await Promise.all([counted, published]);
  }
}
