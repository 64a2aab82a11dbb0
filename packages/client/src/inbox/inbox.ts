import { toMessageCenterError, type EventOf, type LiveMessage, type MessageCenterClient, type MessageCenterError, type UnreadCount } from '@message-center/client';
import { applyUpdate, byNewest, matches, type InboxFilter } from './state.js';

export type { InboxFilter } from './state.js';

/** One message of the inbox list (the same shape whether it came from history or live). */
export type InboxItem = LiveMessage;

export interface InboxOptions extends InboxFilter {
  /** Messages per history page (default 20, at most 100). */
  pageSize?: number;
  /** The list never holds more than this many messages (default 500); `loadMore` stops there. */
  maxItems?: number;
}

/** What the inbox shows at a moment; a new object after every change. */
export interface InboxSnapshot {
  /** Newest first: history pages and live arrivals merged, each message once. */
  items: readonly InboxItem[];
  /** The user's unread count (all types) and by type; null until known. */
  unread: UnreadCount | null;
  /** Whether older messages remain to load. */
  hasMore: boolean;
  /** A page is loading. */
  isLoading: boolean;
  /** The last failure: a page that did not load, or an action the server refused (then rolled back). */
  error: MessageCenterError | null;
  filter: InboxFilter;
}

/** A framework-free inbox; its functions need no `this`, so they can be passed around. */
export interface Inbox {
  getSnapshot: () => InboxSnapshot;
  /** Calls `listener` after each change. Returns a remover. */
  subscribe: (listener: () => void) => () => void;
  /** Loads the first page and follows the live stream (idempotent). */
  start: () => Promise<void>;
  /** Loads the next (older) page. */
  loadMore: () => Promise<void>;
  /** Replaces the filter and reloads from the first page. */
  setFilter: (filter: InboxFilter) => Promise<void>;
  /** Reloads from the first page (keeps the filter). */
  refresh: () => Promise<void>;
  markRead: (messageId: string) => Promise<void>;
  markAllRead: () => Promise<void>;
  /** Archives (or with `false` un-archives) a message. */
  archive: (messageId: string, archived?: boolean) => Promise<void>;
  delete: (messageId: string) => Promise<void>;
  /** Clears `error`. */
  dismissError: () => void;
  /** Stops following the live stream. */
  destroy: () => void;
}

const isUnread = (m: InboxItem) => m.state === 'UNREAD' || m.state === 'DELIVERED';

/**
 * Creates a headless inbox on `client`: history pages, live messages, `MESSAGE_UPDATED` and
 * `UNREAD_COUNT` merged into one list; optimistic actions rolled back (with `error` set) when
 * the server refuses them. Reloads the first page after sign-in, sign-out or a user switch, and
 * re-reads the loaded messages after a lost connection comes back: the resumed stream brings the
 * messages missed meanwhile, but not reads, archives or deletes made elsewhere during the outage.
 */
export function createInbox(client: MessageCenterClient, options: InboxOptions = {}): Inbox {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 20), 100);
  const maxItems = Math.max(pageSize, options.maxItems ?? 500);
  let filter: InboxFilter = { messageType: options.messageType, unreadOnly: options.unreadOnly, archived: options.archived };
  let items: InboxItem[] = [];
  let snapshot: InboxSnapshot = { items, unread: null, hasMore: true, isLoading: false, error: null, filter };
  let cursor: string | null = null;
  let generation = 0;
  let started: Promise<void> | null = null;
  let needsReload = false;
  // Connected once in this session, then lost: on the way back the list is re-read.
  let wasConnected = false;
  let lostConnection = false;
  const offs: (() => void)[] = [];
  const listeners = new Set<() => void>();

  const emit = (patch: Partial<InboxSnapshot>) => {
    snapshot = { ...snapshot, items, filter, ...patch };
    for (const l of listeners) l();
  };
  const setItems = (next: InboxItem[], patch: Partial<InboxSnapshot> = {}) => {
    items = next.slice(0, maxItems);
    emit(patch);
  };
  const bumpUnread = (delta: number, messageType?: InboxItem['messageType']) => {
    const u = snapshot.unread;
    if (!u || delta === 0) return;
    const byType = { ...u.byType };
    if (messageType) byType[messageType] = Math.max(0, (byType[messageType] ?? 0) + delta);
    emit({ unread: { total: Math.max(0, u.total + delta), byType } });
  };

  /**
   * Loads the next page, or with `reset` the first `size` messages in place of the list. With
   * `keepNewer`, messages newer than the page (live arrivals during the request) stay.
   */
  async function loadPage(reset: boolean, size = pageSize, keepNewer = false): Promise<void> {
    const gen = reset ? ++generation : generation;
    if (reset) cursor = null;
    emit({ isLoading: true });
    try {
      const page = await client.messages.list.query({
        size,
        cursor: cursor ?? undefined,
        state: filter.unreadOnly ? 'UNREAD' : 'ALL',
        messageType: filter.messageType,
        archived: filter.archived ?? false,
      });
      if (gen !== generation) return;
      cursor = page.nextCursor;
      const newest = page.items[0];
      const kept = !reset ? items : keepNewer && newest ? items.filter((m) => byNewest(m, newest) < 0) : [];
      const known = new Set(kept.map((m) => m.messageId));
      const merged = [...kept, ...page.items.filter((m) => !known.has(m.messageId))].sort(byNewest);
      setItems(merged, { isLoading: false, hasMore: page.nextCursor !== null && merged.length < maxItems, error: null });
    } catch (err) {
      if (gen === generation) emit({ isLoading: false, error: toMessageCenterError(err) });
    }
  }

  async function loadUnread(): Promise<void> {
    try {
      const unread = await client.messages.unreadCount.query();
      if (!snapshot.unread) emit({ unread });
    } catch {
      // The live stream sends the count too; a failed query only delays it.
    }
  }

  function onMessage(m: LiveMessage): void {
    if (!matches(m, filter) || items.some((i) => i.messageId === m.messageId)) return;
    setItems([m, ...items].sort(byNewest));
  }

  function onUpdated(e: EventOf<'MESSAGE_UPDATED'>): void {
    setItems(applyUpdate(items, e, filter));
  }

  /** Applies `change` now; undoes it and shows the error if the server refuses. */
  async function optimistic(change: () => () => void, call: () => Promise<unknown>): Promise<void> {
    const undo = change();
    try {
      await call();
    } catch (err) {
      undo();
      emit({ error: toMessageCenterError(err) });
    }
  }

  /** Changes (or with `null` removes) one message locally; returns the undo, which restores just that message. */
  function patchItem(messageId: string, patch: Partial<InboxItem> | null): () => void {
    const current = items.find((m) => m.messageId === messageId);
    if (!current) return () => undefined;
    const next = patch ? { ...current, ...patch } : null;
    const stays = next !== null && matches(next, filter);
    setItems(items.flatMap((m) => (m.messageId !== messageId ? [m] : stays ? [next] : [])));
    const countedDown = isUnread(current) && (!next || !isUnread(next));
    if (countedDown) bumpUnread(-1, current.messageType);
    return () => {
      setItems([current, ...items.filter((m) => m.messageId !== messageId)].filter((m) => matches(m, filter)).sort(byNewest));
      if (countedDown) bumpUnread(1, current.messageType);
    };
  }

  const inbox: Inbox = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (started) return started;
      wasConnected = client.connectionState.current.state === 'connected';
      offs.push(
        client.onMessage(onMessage),
        client.events.on('MESSAGE_UPDATED', onUpdated),
        client.onUnreadCount((unread) => emit({ unread })),
        client.connectionState.subscribe((s) => {
          // Signed out or switched user: the list belongs to nobody until the next session loads.
          if (s.state === 'idle' || s.state === 'waiting-for-token') {
            wasConnected = lostConnection = false;
            if (items.length || snapshot.unread || snapshot.isLoading) {
              generation += 1;
              needsReload = true;
              setItems([], { unread: null, hasMore: true, isLoading: false });
            }
          } else if (s.state === 'connected') {
            if (needsReload) {
              needsReload = lostConnection = false;
              void loadPage(true);
              void loadUnread();
            } else if (lostConnection) {
              lostConnection = false;
              // The loaded range again (at most 100, one request), to pick up changes made elsewhere.
              void loadPage(true, Math.min(Math.max(items.length, pageSize), 100), true);
            }
            wasConnected = true;
          } else if (wasConnected) {
            lostConnection = true;
          }
        }),
      );
      started = Promise.all([loadPage(true), loadUnread()]).then(() => undefined);
      return started;
    },
    loadMore: () => (snapshot.hasMore && !snapshot.isLoading ? loadPage(false) : Promise.resolve()),
    async setFilter(next) {
      filter = { ...next };
      setItems([], { hasMore: true });
      await loadPage(true);
    },
    refresh: () => loadPage(true),
    markRead: (messageId) => optimistic(() => patchItem(messageId, { state: 'READ' }), () => client.messages.markRead.mutate({ messageId })),
    markAllRead: () =>
      optimistic(
        () => {
          const before = items;
          const unreadBefore = snapshot.unread;
          setItems(items.map((m) => (isUnread(m) && (!filter.messageType || m.messageType === filter.messageType) ? { ...m, state: 'READ' as const } : m)).filter((m) => matches(m, filter)));
          const u = snapshot.unread;
          if (u) {
            const byType = { ...u.byType };
            if (filter.messageType) byType[filter.messageType] = 0;
            else for (const k of Object.keys(byType) as (keyof typeof byType)[]) byType[k] = 0;
            emit({ unread: { total: filter.messageType ? Math.max(0, u.total - (u.byType[filter.messageType] ?? 0)) : 0, byType } });
          }
          return () => {
            items = before;
            emit({ unread: unreadBefore });
          };
        },
        () => client.messages.batchRead.mutate({ all: true, messageType: filter.messageType }),
      ),
    archive: (messageId, archived = true) => optimistic(() => patchItem(messageId, { archived }), () => client.messages.archive.mutate({ messageId, archived })),
    delete: (messageId) => optimistic(() => patchItem(messageId, null), () => client.messages.delete.mutate({ messageId })),
    dismissError: () => emit({ error: null }),
    destroy() {
      for (const off of offs.splice(0)) off();
      generation += 1;
      started = null;
    },
  };
  return inbox;
}
