/**
 * @message-center/client/inbox — a headless, framework-free inbox: history pages and the live
 * stream merged into one list, unread counts, filters and optimistic actions with rollback.
 * (`@message-center/client/react`'s `useInbox` binds it to React.)
 */
export { createInbox, type Inbox, type InboxItem, type InboxOptions, type InboxSnapshot } from './inbox.js';
export type { InboxFilter } from './state.js';
