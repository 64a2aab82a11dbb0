import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ConnectionState, SystemNotification } from '@message-center/client';
import type { EventOf, LiveMessage, RealtimeEvent, RealtimeEventType, UnreadCount } from '@message-center/client';
import { useMessageCenter } from './context.js';

const noUnreadCount = (): null => null;

/**
 * The live unread count `{ total, byType }`, or null until the server has sent the first figure.
 * Keeps the event stream open while the component is mounted.
 */
export function useUnreadCount(): UnreadCount | null {
  const client = useMessageCenter();
  // A stable subscribe: a new one each render would close and reopen the event stream.
  const subscribe = useCallback((onChange: () => void) => client.onUnreadCount(onChange), [client]);
  const snapshot = useCallback(() => client.events.unreadCount, [client]);
  return useSyncExternalStore(subscribe, snapshot, noUnreadCount);
}

/** The client's connection state (`idle`, `connecting` with the last error, `connected`), re-rendering on each change. */
export function useConnectionState(): ConnectionState {
  const client = useMessageCenter();
  const subscribe = useCallback((onChange: () => void) => client.connectionState.subscribe(onChange), [client]);
  const snapshot = useCallback(() => client.connectionState.current, [client]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export interface UseLiveMessagesOptions {
  /** How many messages to keep (default 50); older ones drop off the end. */
  limit?: number;
}

/**
 * The messages the live stream delivered while the component was mounted, newest first, at most
 * `limit`. Each message appears once, even across reconnects and resumes. For history, query
 * `messages.list`; this hook only adds what arrives afterwards.
 */
export function useLiveMessages({ limit = 50 }: UseLiveMessagesOptions = {}): LiveMessage[] {
  const client = useMessageCenter();
  const [messages, setMessages] = useState<LiveMessage[]>([]);
  const limitRef = useRef(limit);
  useEffect(() => {
    limitRef.current = limit;
    setMessages((current) => (current.length > limit ? current.slice(0, limit) : current));
  }, [limit]);
  useEffect(() => client.onMessage((message) => setMessages((current) => [message, ...current].slice(0, Math.max(0, limitRef.current)))), [client]);
  return messages;
}

/**
 * Calls `listener` for every real-time event of `type` (or every event for `'*'`) while the
 * component is mounted. The latest `listener` is always the one called, so an inline arrow does
 * not resubscribe on each render; changing `type` does.
 */
export function useRealtimeEvent<T extends RealtimeEventType>(type: T, listener: (event: EventOf<T>, id: string) => void): void;
export function useRealtimeEvent(type: '*', listener: (event: RealtimeEvent, id: string) => void): void;
export function useRealtimeEvent(type: RealtimeEventType | '*', listener: (event: never, id: string) => void): void {
  const client = useMessageCenter();
  const latest = useRef(listener);
  // Declared before the subscription, so it runs first after each commit.
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const call = (event: RealtimeEvent, id: string) => (latest.current as (event: RealtimeEvent, id: string) => void)(event, id);
    return type === '*' ? client.events.on('*', call) : client.events.on(type, call);
  }, [client, type]);
}

/**
 * The system notifications to show now (maintenance, security), oldest first: each arrives live
 * or on connect, drops out when it expires, and `dismiss` hides it here and for the user's next
 * connects (`system.dismiss`).
 */
export function useSystemNotifications(): { notifications: SystemNotification[]; dismiss: (notificationId: string) => Promise<void> } {
  const client = useMessageCenter();
  const [notifications, setNotifications] = useState<SystemNotification[]>([]);
  useEffect(() => client.onSystemNotification((n) => setNotifications((current) => [...current, n])), [client]);
  useEffect(() => {
    const next = notifications.reduce((min, n) => Math.min(min, n.expireTime.getTime()), Infinity);
    if (next === Infinity) return;
    // Re-render when the earliest one expires, dropping it.
    const timer = setTimeout(() => setNotifications((current) => current.filter((n) => n.expireTime.getTime() > Date.now())), Math.max(0, Math.min(next - Date.now(), 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [notifications]);
  const dismiss = useCallback(
    async (notificationId: string) => {
      setNotifications((current) => current.filter((n) => n.notificationId !== notificationId));
      await client.system.dismiss.mutate({ notificationId });
    },
    [client],
  );
  return { notifications: notifications.filter((n) => n.expireTime.getTime() > Date.now()), dismiss };
}
