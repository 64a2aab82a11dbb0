import type {
  DailyCounter,
  Group,
  GroupType,
  InboxItem,
  InboxState,
  InboxStateRow,
  MessageType,
  Priority,
  StatsDelta,
  StoredMessage,
  Template,
  UserContact,
} from '../domain/index.js';
import type { AuditRepository, SystemNoticeRepository, UserContactPatch } from './store-admin.js';
import type { OutboxRepository, PreferenceRepository, RuleRepository } from './store-routing.js';

/**
 * The storage port. Services depend on this interface only; adapters (`sqlite/`, `mongo/`)
 * implement it and must pass the shared contract suite in `contract.ts`.
 *
 * Rules every adapter follows:
 * - Every read and write is scoped by `orgId` (or by audience keys, which embed it) so one
 *   tenant can never see another's rows, even with a guessed id.
 * - No multi-document transactions: each method is a single atomic write or is idempotent,
 *   so a retry after a crash converges to the same state.
 * - Dates go in and come out as `Date`; ids are strings.
 */
export interface Store {
  /** Adapter name for logs and test output, e.g. `sqlite(/data/mc.db)`. */
  readonly name: string;
  /** Opens connections and applies migrations / indexes. Idempotent. */
  start(): Promise<void>;
  /** Closes connections. Safe to call twice. */
  close(): Promise<void>;
  /** True while the store can serve reads and writes (for `/readyz`). */
  isReady(): Promise<boolean>;

  readonly messages: MessageRepository;
  readonly inbox: InboxRepository;
  readonly groups: GroupRepository;
  readonly templates: TemplateRepository;
  readonly stats: StatsRepository;
  readonly users: UserRepository;
  readonly idempotency: IdempotencyRepository;
  readonly systemNotices: SystemNoticeRepository;
  readonly audit: AuditRepository;
  /** Routing rules, delivery preferences and the outbox of external deliveries. */
  readonly rules: RuleRepository;
  readonly preferences: PreferenceRepository;
  readonly outbox: OutboxRepository;
}

/** Messages as stored once (whatever the number of recipients). */
export interface MessageRepository {
  /**
   * Inserts a message. Idempotent on `messageId`: inserting an existing id changes nothing and
   * returns `false`.
   */
  insert(message: StoredMessage): Promise<boolean>;
  /** The message with this id in this org, or null. Does not filter expired/scheduled ones. */
  get(orgId: string, messageId: string): Promise<StoredMessage | null>;
  /** The message with this id if it is in one of `audiences` (any org for `*`), or null. */
  getForAudiences(audiences: readonly string[], messageId: string): Promise<StoredMessage | null>;
  /**
   * Scheduled messages whose `deliverAt <= now`, oldest first, at most `limit`.
   */
  dueScheduled(now: Date, limit: number): Promise<StoredMessage[]>;
  /**
   * Moves a SCHEDULED message to SENT with stream position `seq`. Returns true only for the
   * caller that made the change (a compare-and-set on status), so two instances firing the same
   * message deliver it once.
   */
  markSent(messageId: string, seq: string, now: Date): Promise<boolean>;
  /** Sets status CANCELLED if still SCHEDULED. Returns whether it changed. */
  cancelScheduled(orgId: string, messageId: string, now: Date): Promise<boolean>;
  /**
   * Deletes messages whose `expireTime < before` (and their per-user state rows), at most
   * `limit` per call. Returns how many messages were deleted.
   */
  purgeExpired(before: Date, limit: number): Promise<number>;
  /** Adds `by` to a message's `readCount` (trending). */
  incrementReadCount(messageId: string, by: number): Promise<void>;
  /**
   * Adds 1 to the `readCount` of each message in `messageIds` (one call for a whole batch of
   * first reads). Ids that do not exist are ignored; an id listed twice counts twice.
   */
  incrementReadCounts(messageIds: readonly string[]): Promise<void>;
  /**
   * Visible messages (SENT, not expired at `now`) of one org created at/after `since`, by
   * `readCount` descending, at most `limit`. `orgId` null = every org (platform).
   */
  trending(orgId: string | null, since: Date, now: Date, limit: number): Promise<StoredMessage[]>;
  /**
   * Admin view: an org's messages (any audience), newest first, optionally matching a search
   * query (same token rules as inbox search). Visible or not.
   */
  listByOrg(query: OrgMessageQuery): Promise<Page<StoredMessage>>;
  /**
   * Sets status FAILED on a SENT message of this org (every delivery path failed). Returns
   * whether it changed. A FAILED message leaves every inbox query, like any non-SENT one.
   */
  markFailed(orgId: string, messageId: string, now: Date): Promise<boolean>;
}

/** Filter for an admin's view of an org's messages. */
export interface OrgMessageQuery {
  orgId: string;
  q?: string;
  messageType?: MessageType;
  limit: number;
  offset: number;
}

/** What a user's inbox query asks for. */
export interface InboxQuery {
  /** The reader's user id (whose state rows apply). */
  userId: string;
  /** The reader's audience keys (`audienceKeysOf`). */
  audiences: readonly string[];
  /** Evaluation time: messages expired at `now` are invisible. */
  now: Date;
  /** UNREAD = no row, UNREAD or DELIVERED; READ = READ; ALL = either. DELETED never shows. */
  state: 'UNREAD' | 'READ' | 'ALL';
  messageType?: MessageType;
  category?: string;
  priority?: Priority;
  /** true = only archived, false = only not archived, undefined = both. */
  archived?: boolean;
  /** Page size. */
  limit: number;
  /** Skip this many (page-based); ignored when `beforeSeq` is set. */
  offset: number;
  /** Cursor: only items with `seq < beforeSeq` (newest-first paging). */
  beforeSeq?: string;
}

/** A search over a user's inbox. */
export interface InboxSearch {
  userId: string;
  audiences: readonly string[];
  now: Date;
  /** Raw user query; adapters turn it into terms with `queryTerms`. */
  q: string;
  category?: string;
  messageType?: MessageType;
  startDate?: Date;
  endDate?: Date;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Changes to one user's state of one message. */
export interface InboxStatePatch {
  state?: Exclude<InboxState, 'UNREAD'> | 'UNREAD';
  archived?: boolean;
  deliveredTime?: Date | null;
  readTime?: Date | null;
  deleteTime?: Date | null;
}

/**
 * One user's change to many messages at once (batch read, batch delete). Callers bound
 * `messageIds` (the API accepts at most a few thousand) and pass them without duplicates.
 */
export interface InboxBatch {
  /** The reader's inbox key (`inboxUserKey`): whose state rows change. */
  userId: string;
  /** The reader's org, recorded on rows the batch creates. */
  orgId: string;
  /** The reader's audience keys: only messages visible to the reader change. */
  audiences: readonly string[];
  now: Date;
  messageIds: readonly string[];
}

/** The per-user side of the inbox (fan-out on read: rows appear when state changes). */
export interface InboxRepository {
  /**
   * A page of the user's visible messages, newest (`seq`) first, with the user's state.
   * `total` counts every match of the filters, whatever the page or cursor.
   */
  list(query: InboxQuery): Promise<Page<InboxItem>>;
  /**
   * Visible messages with `seq > afterSeq` in ascending `seq` order (real-time replay); like
   * every inbox read, it leaves out messages this user DELETED.
   */
  since(query: { userId: string; audiences: readonly string[]; now: Date; afterSeq: string; limit: number }): Promise<InboxItem[]>;
  /** One visible message with the user's state, or null (also null when DELETED). */
  get(query: { userId: string; audiences: readonly string[]; now: Date; messageId: string }): Promise<InboxItem | null>;
  /**
   * Search the user's visible messages by tokens (every term must match); newest first.
   * `startDate`/`endDate` bound `createTime`, both inclusive. A query without any searchable
   * term matches nothing.
   */
  search(query: InboxSearch): Promise<Page<InboxItem>>;
  /**
   * Exact unread count (visible, not DELETED, state UNREAD or DELIVERED or no row), total and by
   * message type.
   */
  unreadCount(query: { userId: string; audiences: readonly string[]; now: Date }): Promise<{ total: number; byType: Partial<Record<MessageType, number>> }>;
  /** The user's state row for a message, or null when none was written yet (= UNREAD). */
  getState(userId: string, messageId: string): Promise<InboxStateRow | null>;
  /**
   * Upserts the user's state row (unique on messageId + userId) and returns the row before
   * the change (null if there was none). One atomic write.
   */
  upsertState(row: { userId: string; orgId: string; messageId: string; now: Date }, patch: InboxStatePatch): Promise<InboxStateRow | null>;
  /**
   * Marks READ, in one call, each message of the batch that is visible to the user and not READ
   * yet: `readTime` = `now`, `deliveredTime` kept (else `now`), `archived` kept. Returns those
   * messages as they were just before the change. Each message changes atomically and at most
   * one of several racing calls (or a racing `upsertState`) reports it, with the `readTime` and
   * `deliveredTime` it actually replaced, so callers count first reads and deliveries exactly once.
   */
  markReadMany(batch: InboxBatch): Promise<InboxItem[]>;
  /**
   * Marks DELETED (`deleteTime` = `now`), in one call, each message of the batch that is visible
   * to the user; returns their ids. Already deleted or invisible ones are left out.
   */
  deleteMany(batch: InboxBatch): Promise<string[]>;
  /**
   * Ids of the user's visible messages that are unread (optionally of one type), at most
   * `limit`, for "mark all read".
   */
  unreadIds(query: { userId: string; audiences: readonly string[]; now: Date; messageType?: MessageType; limit: number }): Promise<string[]>;
  /** Counts for `stats.user`: visible, unread, read, archived, by type. */
  userSummary(query: { userId: string; audiences: readonly string[]; now: Date }): Promise<UserInboxSummary>;
  /** Per-recipient state rows of one message (admin view), at most `limit`. */
  statesOfMessage(orgId: string, messageId: string, limit: number): Promise<InboxStateRow[]>;
  /**
   * Marks each (user, message) delivered at `at` unless it already has a `deliveredTime`:
   * creates the state row (DELIVERED) when there is none, sets `deliveredTime` (and UNREAD →
   * DELIVERED) when there is one without it, and leaves it alone otherwise. Each row is one
   * atomic conditional write, so concurrent callers (devices, instances, the read path) change a
   * row once between them. Returns exactly the records this call changed, in input order.
   */
  recordDeliveries<T extends DeliveryRecord>(records: readonly T[], at: Date): Promise<T[]>;
}

/** A first delivery to record: `userId` is the `inboxUserKey`. */
export interface DeliveryRecord {
  userId: string;
  orgId: string;
  messageId: string;
}

export interface UserInboxSummary {
  total: number;
  unread: number;
  read: number;
  archived: number;
  byType: Partial<Record<MessageType, { total: number; unread: number }>>;
}

export interface GroupRepository {
  /** Inserts a group. Returns false if `groupId` already exists in the org. */
  create(group: Group): Promise<boolean>;
  get(orgId: string, groupId: string): Promise<Group | null>;
  list(orgId: string, query: { type?: GroupType; limit: number; offset: number }): Promise<Page<Group>>;
  /** Updates name/description. Returns the updated group or null if missing. */
  update(orgId: string, groupId: string, patch: { name?: string; description?: string }, now: Date): Promise<Group | null>;
  delete(orgId: string, groupId: string): Promise<boolean>;
  /** Adds members (set semantics). Returns the group after, or null if missing. */
  addMembers(orgId: string, groupId: string, userIds: readonly string[], now: Date): Promise<Group | null>;
  removeMembers(orgId: string, groupId: string, userIds: readonly string[], now: Date): Promise<Group | null>;
  /** Ids of the groups (any type) `userId` is a member of in the org. Indexed. */
  groupsOf(orgId: string, userId: string): Promise<string[]>;
}

export interface TemplateRepository {
  /** Inserts version 1. Returns false if the id exists. */
  create(template: Template): Promise<boolean>;
  get(orgId: string, templateId: string): Promise<Template | null>;
  list(orgId: string, query: { category?: string; enabled?: boolean; q?: string; limit: number; offset: number }): Promise<Page<Template>>;
  /**
   * Replaces the template if its stored version is `expectedVersion` (optimistic concurrency)
   * and keeps the previous version in history. Returns false on a version mismatch or if missing.
   */
  replace(template: Template, expectedVersion: number): Promise<boolean>;
  delete(orgId: string, templateId: string): Promise<boolean>;
  /** Earlier versions, newest first. */
  history(orgId: string, templateId: string, limit: number): Promise<Template[]>;
}

export interface StatsRepository {
  /** Atomically adds `delta` to the counter row (created on first use). */
  increment(orgId: string, day: string, messageType: MessageType, delta: StatsDelta): Promise<void>;
  /** Counter rows with `startDay <= day <= endDay`; orgId null = all orgs. */
  range(orgId: string | null, startDay: string, endDay: string): Promise<DailyCounter[]>;
}

/** Users the server has seen (from tokens): the built-in directory of who is in an org. */
export interface UserRepository {
  /** Records that a user exists (upsert; keeps the latest name). */
  touch(orgId: string, userId: string, name: string | undefined, now: Date): Promise<void>;
  count(orgId: string | null): Promise<number>;
  /** Ids of an org's known users, ordered, paged by `afterUserId`. */
  listIds(orgId: string, afterUserId: string | null, limit: number): Promise<string[]>;
  /**
   * Creates or updates a user's contact details (an admin's `users.upsert`). Fields left
   * undefined keep their value; `null` clears one. Returns the record after the change.
   */
  upsert(orgId: string, userId: string, patch: UserContactPatch, now: Date): Promise<UserContact>;
  /** The user's record, or null when the org has never seen this user. */
  get(orgId: string, userId: string): Promise<UserContact | null>;
}

/** Send-side idempotency keys (24 h). */
export interface IdempotencyRepository {
  /**
   * Claims `key` for `messageId`. If another claim newer than `notBefore` exists for this org and
   * key, returns its messageId and changes nothing; otherwise records this claim (replacing an
   * older one) and returns null.
   */
  claim(orgId: string, key: string, messageId: string, now: Date, notBefore: Date): Promise<string | null>;
}
