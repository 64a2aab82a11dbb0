/**
 * @message-center/client/react — React (18 or later) bindings for the client SDK: a provider for
 * one client and hooks for its inbox, live unread count, live messages, real-time events and
 * connection state.
 */
export { MessageCenterProvider, useMessageCenter, type MessageCenterProviderProps } from './context.js';
export { useConnectionState, useLiveMessages, useRealtimeEvent, useSystemNotifications, useUnreadCount, type UseLiveMessagesOptions } from './hooks.js';
export { useInbox, type UseInboxResult } from './use-inbox.js';
export { usePreferences, type Preferences, type PreferencesPatch, type UsePreferences } from './preferences.js';
