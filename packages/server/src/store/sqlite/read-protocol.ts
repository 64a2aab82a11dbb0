import type { AppCode, AppErrorDetails } from '../../domain/index.js';
import type { InboxRepository } from '../../ports/store.js';

/** The inbox reads the pool runs off the event loop, by name, with their argument. */
export interface ReadOps {
  'inbox.list': Parameters<InboxRepository['list']>[0];
  'inbox.unreadCount': Parameters<InboxRepository['unreadCount']>[0];
  'inbox.search': Parameters<InboxRepository['search']>[0];
  'inbox.userSummary': Parameters<InboxRepository['userSummary']>[0];
}

/** What each read op resolves with. */
export interface ReadResults {
  'inbox.list': Awaited<ReturnType<InboxRepository['list']>>;
  'inbox.unreadCount': Awaited<ReturnType<InboxRepository['unreadCount']>>;
  'inbox.search': Awaited<ReturnType<InboxRepository['search']>>;
  'inbox.userSummary': Awaited<ReturnType<InboxRepository['userSummary']>>;
}

/** One call sent to a read thread (structured clone keeps the `Date`s). */
export type ReadCall = { [K in keyof ReadOps]: { id: number; op: K; args: ReadOps[K] } }[keyof ReadOps];

/** A read thread's answer to the call with the same id. */
export type ReadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; appCode?: AppCode; details?: AppErrorDetails } };

/** How a read thread opens the database file. */
export interface ReadWorkerData {
  file: string;
  busyTimeoutMs: number;
  cacheSizeMiB: number;
  mmapSizeMiB: number;
}
