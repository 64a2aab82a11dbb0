import type { EventOf, LiveMessage } from '@message-center/client';

/** Which messages an inbox shows. */
export interface InboxFilter {
  /** Only this type. */
  messageType?: LiveMessage['messageType'];
  /** Only unread messages. */
  unreadOnly?: boolean;
  /** Archived messages instead of the inbox (default false: the inbox). */
  archived?: boolean;
}

/** Newest first, by stream position (`seq` strings sort in stream order). */
export function byNewest(a: LiveMessage, b: LiveMessage): number {
  return a.seq < b.seq ? 1 : a.seq > b.seq ? -1 : 0;
}

/** Whether `m` belongs in a list with `filter`. */
export function matches(m: LiveMessage, filter: InboxFilter): boolean {
  if (m.state === 'DELETED') return false;
  if (filter.messageType && m.messageType !== filter.messageType) return false;
  if (filter.unreadOnly && m.state !== 'UNREAD' && m.state !== 'DELIVERED') return false;
  return m.archived === (filter.archived ?? false);
}

/** The list after a `MESSAGE_UPDATED` event (from this or another device); items that no longer match leave. */
export function applyUpdate<T extends LiveMessage>(items: readonly T[], e: EventOf<'MESSAGE_UPDATED'>, filter: InboxFilter): T[] {
  const ids = new Set(e.messageIds);
  return items.flatMap((m) => {
    if (!ids.has(m.messageId)) return [m];
    const next: T = { ...m, ...(e.state !== null ? { state: e.state } : {}), ...(e.archived !== null ? { archived: e.archived } : {}) };
    return matches(next, filter) ? [next] : [];
  });
}
