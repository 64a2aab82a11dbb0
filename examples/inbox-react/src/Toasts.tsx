import { useRealtimeEvent } from '@message-center/client/react';
import { useEffect, useState } from 'react';

interface Toast {
  id: string;
  title: string;
  content: string;
}

/** Live toasts for new messages; each stays 6 s, at most 3 at once. */
export function Toasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  useRealtimeEvent('MESSAGE', ({ message }) => setToasts((t) => [{ id: message.messageId, title: message.title, content: message.content }, ...t].slice(0, 3)));
  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = setTimeout(() => setToasts((t) => t.slice(0, -1)), 6_000);
    return () => clearTimeout(timer);
  }, [toasts]);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast" role="status">
          <strong>{t.title}</strong>
          <p>{t.content}</p>
        </div>
      ))}
    </div>
  );
}
