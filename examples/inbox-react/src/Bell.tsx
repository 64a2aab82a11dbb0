import { useInbox } from '@message-center/client/react';
import { useEffect, useRef, useState } from 'react';

/** The bell with the unread badge, and its dropdown inbox (infinite scroll, mark as read). */
export function Bell() {
  const inbox = useInbox({ pageSize: 10 });
  const [open, setOpen] = useState(false);
  const sentinel = useRef<HTMLLIElement | null>(null);
  const { hasMore, isLoading, loadMore } = inbox;

  // Infinite scroll: load the next page when the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!open || !el || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isLoading) void loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [open, hasMore, isLoading, loadMore]);

  const unread = inbox.unread?.total ?? 0;
  return (
    <div className="bell">
      <button type="button" className="bell-button" aria-label={`Notifications, ${unread} unread`} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {unread > 0 ? (
          <span className="badge" data-testid="badge">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="dropdown" role="dialog" aria-label="Inbox">
          <div className="dropdown-head">
            <strong>Inbox</strong>
            <button type="button" disabled={unread === 0} onClick={() => void inbox.markAllRead()}>
              Mark all read
            </button>
          </div>
          {inbox.error ? (
            <p className="error" role="alert">
              {inbox.error.message} <button onClick={inbox.dismissError}>×</button>
            </p>
          ) : null}
          <ul className="messages">
            {inbox.items.map((m) => {
              const isUnread = m.state === 'UNREAD' || m.state === 'DELIVERED';
              return (
                <li key={m.messageId} className={isUnread ? 'message unread' : 'message'}>
                  <button type="button" onClick={() => void inbox.markRead(m.messageId)} disabled={!isUnread}>
                    <span className="title">{m.title}</span>
                    <span className="content">{m.content}</span>
                    <time dateTime={m.createTime.toISOString()}>{m.createTime.toLocaleString()}</time>
                  </button>
                </li>
              );
            })}
            {inbox.items.length === 0 && !isLoading ? <li className="empty">No messages</li> : null}
            {hasMore ? (
              <li ref={sentinel} className="more">
                {isLoading ? 'Loading…' : ' '}
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
