import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { createInbox, type Inbox, type InboxOptions, type InboxSnapshot } from '@message-center/client/inbox';
import { useMessageCenter } from './context.js';

/** The inbox's current state plus its actions (`loadMore`, `markRead`, `setFilter`, …). */
export type UseInboxResult = InboxSnapshot & Omit<Inbox, 'getSnapshot' | 'subscribe' | 'start' | 'destroy'>;

/**
 * A headless inbox for the nearest provider's client (see `createInbox`): history and live
 * messages merged, unread counts, filters and optimistic actions. Options are read when the
 * component mounts (and when the client changes); change the filter with `setFilter`.
 */
export function useInbox(options: InboxOptions = {}): UseInboxResult {
  const client = useMessageCenter();
  // One inbox per client; options are initial values (a new object each render must not reload).
  const inbox = useMemo(() => createInbox(client, options), [client]);
  useEffect(() => {
    void inbox.start();
    return () => inbox.destroy();
  }, [inbox]);
  const snapshot = useSyncExternalStore(inbox.subscribe, inbox.getSnapshot, inbox.getSnapshot);
  return useMemo(
    () => ({
      ...snapshot,
      loadMore: inbox.loadMore,
      setFilter: inbox.setFilter,
      refresh: inbox.refresh,
      markRead: inbox.markRead,
      markAllRead: inbox.markAllRead,
      archive: inbox.archive,
      delete: inbox.delete,
      dismissError: inbox.dismissError,
    }),
    [snapshot, inbox],
  );
}
