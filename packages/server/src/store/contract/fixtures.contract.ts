/**
 * Fixture builders for the store contract suite (and for adapter tests that want realistic
 * rows). Excluded from the build like the suite itself.
 */
import { afterEach, beforeEach } from 'vitest';
import {
  audienceKeysOf,
  audienceOf,
  indexTokens,
  newMessageId,
  newTimeOrderedId,
  type Group,
  type InboxItem,
  type MessageType,
  type ReceiverType,
  type StoredMessage,
  type Template,
} from '../../domain/index.js';
import type { InboxQuery, InboxStatePatch, Page, Store } from '../../ports/store.js';

/** Builds a fresh store for one test; `cleanup` closes it and removes its data. */
export type MakeStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** The store of the running test. */
export interface StoreFixture {
  readonly store: Store;
}

/** A fresh, started store for every test of the enclosing `describe`. */
export function useFreshStore(makeStore: MakeStore): StoreFixture {
  let current: Awaited<ReturnType<MakeStore>> | null = null;
  beforeEach(async () => {
    current = await makeStore();
    await current.store.start();
  });
  afterEach(async () => {
    const done = current;
    current = null;
    await done?.cleanup();
  });
  return {
    get store(): Store {
      if (!current) throw new Error('no store: used outside a test');
      return current.store;
    },
  };
}

/** A fixed point in time all fixtures are relative to (no dependence on the clock). */
export const T0 = new Date('2025-03-01T08:00:00.000Z');
/** `T0` plus `minutes`. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
/** The time inbox queries are evaluated at, unless a test says otherwise. */
export const NOW = at(60);

const defaultReceiver = (type: ReceiverType, orgId: string): string =>
  type === 'ORGANIZATION' ? orgId : type === 'ALL_USERS' ? '*' : type === 'USER' ? 'u1' : 'group-1';

/**
 * A stored message, SENT to user `u1` of `org-a` at `T0` unless overridden. `audience`, `seq`
 * (for SENT messages) and `tokens` follow from the other fields unless given. Ids and seqs come
 * from a monotonic generator, so messages made later sort later.
 */
export function makeMessage(o: Partial<StoredMessage> = {}): StoredMessage {
  const orgId = o.orgId ?? 'org-a';
  const receiverType = o.receiverType ?? 'USER';
  const receiverId = o.receiverId ?? defaultReceiver(receiverType, orgId);
  const title = o.title ?? 'Device offline';
  const content = o.content ?? 'Controller LED-7 stopped reporting.';
  const createTime = o.createTime ?? T0;
  const status = o.status ?? 'SENT';
  return {
    messageId: newMessageId(createTime.getTime()),
    senderId: 'system',
    senderName: 'System',
    messageType: 'NOTIFICATION',
    priority: 'NORMAL',
    category: 'device',
    metadata: {},
    deliverAt: null,
    expireTime: null,
    updateTime: createTime,
    recipientCount: 1,
    readCount: 0,
    ...o,
    orgId,
    receiverType,
    receiverId,
    title,
    content,
    createTime,
    status,
    audience: o.audience ?? audienceOf(orgId, receiverType, receiverId),
    seq: o.seq ?? (status === 'SENT' ? newTimeOrderedId(createTime.getTime()) : ''),
    tokens: o.tokens ?? indexTokens(`${title} ${content}`),
  };
}

/** Overrides addressing a message to one user. */
export const toUser = (userId: string, orgId = 'org-a'): Partial<StoredMessage> => ({
  orgId,
  receiverType: 'USER',
  receiverId: userId,
});
/** Overrides addressing a message to a whole org. */
export const toOrg = (orgId = 'org-a'): Partial<StoredMessage> => ({
  orgId,
  receiverType: 'ORGANIZATION',
  receiverId: orgId,
});
/** Overrides addressing a message to a group. */
export const toGroup = (groupId: string, orgId = 'org-a'): Partial<StoredMessage> => ({
  orgId,
  receiverType: 'USER_GROUP',
  receiverId: groupId,
});
/** Overrides addressing a message to every user of every org (sent by `orgId`). */
export const toAllUsers = (orgId = 'org-a'): Partial<StoredMessage> => ({
  orgId,
  receiverType: 'ALL_USERS',
  receiverId: '*',
});

/** Inserts messages in order and returns them. */
export async function insertAll(
  store: Store,
  ...messages: StoredMessage[]
): Promise<StoredMessage[]> {
  for (const m of messages) await store.messages.insert(m);
  return messages;
}

/** A reader: user, audience keys (own, org, all users, groups), evaluated at `now`. */
export interface TestReader {
  orgId: string;
  userId: string;
  audiences: string[];
  now: Date;
}

export function readerOf(
  orgId: string,
  userId: string,
  groupIds: readonly string[] = [],
  now: Date = NOW,
): TestReader {
  return { orgId, userId, audiences: audienceKeysOf(orgId, userId, groupIds), now };
}

/** The reader's whole inbox (state ALL, first 100), optionally filtered. */
export function listInbox(
  store: Store,
  r: TestReader,
  extra: Partial<InboxQuery> = {},
): Promise<Page<InboxItem>> {
  return store.inbox.list({
    userId: r.userId,
    audiences: r.audiences,
    now: r.now,
    state: 'ALL',
    limit: 100,
    offset: 0,
    ...extra,
  });
}

/** Applies a state change as the reader. */
export function setState(
  store: Store,
  r: TestReader,
  messageId: string,
  patch: InboxStatePatch,
  now: Date = r.now,
) {
  return store.inbox.upsertState({ userId: r.userId, orgId: r.orgId, messageId, now }, patch);
}

/** Ids of messages or items, in order. */
export const idsOf = (items: readonly { messageId: string }[]): string[] =>
  items.map((i) => i.messageId);

/** Drops zero counts, so adapters may report a type with 0 or leave it out. */
export function nonZero(
  byType: Partial<Record<MessageType, number>>,
): Partial<Record<MessageType, number>> {
  return Object.fromEntries(Object.entries(byType).filter(([, n]) => n !== 0));
}

/** A group of `org-a` unless overridden. */
export function makeGroup(o: Partial<Group> = {}): Group {
  return {
    groupId: 'group-1',
    orgId: 'org-a',
    name: 'Operators',
    type: 'USER_GROUP',
    description: 'Night shift',
    members: [],
    createTime: T0,
    updateTime: T0,
    ...o,
  };
}

/** A version-1 template of `org-a` unless overridden. */
export function makeTemplate(o: Partial<Template> = {}): Template {
  return {
    templateId: 'tpl-1',
    orgId: 'org-a',
    name: 'Device offline',
    category: 'device',
    messageType: 'ALERT',
    priority: 'HIGH',
    title: 'Device {{ device.name }} offline',
    content: 'Device {{ device.name }} stopped reporting at {{ at | date }}.',
    variables: [
      { name: 'device', type: 'OBJECT', required: true, description: 'The device' },
      { name: 'at', type: 'DATETIME', required: false, default: '2025-01-01T00:00:00Z' },
    ],
    enabled: true,
    version: 1,
    createTime: T0,
    updateTime: T0,
    ...o,
  };
}
