import type { AuditEntry, SystemNotification } from '../domain/index.js';
import type { Page } from './store.js';

/** Contact fields `users.upsert` may change; undefined keeps, null clears. */
export type UserContactPatch = Partial<
  Record<'name' | 'email' | 'phone' | 'timeZone' | 'locale', string | null>
>;

/** Which notifications a listing shows, relative to `now`. */
export type NoticeState = 'ACTIVE' | 'EXPIRED' | 'ALL';

/** System notifications (never stored in inboxes) and who dismissed them. */
export interface SystemNoticeRepository {
  /** Stores a notification. Idempotent on `notificationId`. */
  insert(notification: SystemNotification): Promise<void>;
  /** The notification if it is for `orgId` or for every org; null otherwise. */
  get(orgId: string, notificationId: string): Promise<SystemNotification | null>;
  /**
   * Notifications a user should see on connect: for the user's org or every org, not expired
   * at `now`, not dismissed by this user; oldest first, at most `limit`.
   */
  pendingFor(
    orgId: string,
    userId: string,
    now: Date,
    limit: number,
  ): Promise<SystemNotification[]>;
  /** Records that a user dismissed a notification (idempotent). */
  dismiss(orgId: string, userId: string, notificationId: string, now: Date): Promise<void>;
  /**
   * An org's notifications (with the every-org ones), newest first; `orgId` null = every
   * notification (platform view).
   */
  list(
    orgId: string | null,
    state: NoticeState,
    now: Date,
    limit: number,
    offset: number,
  ): Promise<Page<SystemNotification>>;
  /** Deletes notifications (and their dismissals) that expired before `before`; at most `limit`. */
  purgeExpired(before: Date, limit: number): Promise<number>;
}

/** Filter of `audit.list`. `orgId` null = every org (platform). */
export interface AuditQuery {
  orgId: string | null;
  action?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** The operation log. */
export interface AuditRepository {
  insert(entry: AuditEntry): Promise<void>;
  /** Matching entries, newest first, with the total count of matches. */
  list(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Deletes entries older than `before`, at most `limit`. Returns how many. */
  purgeBefore(before: Date, limit: number): Promise<number>;
}
