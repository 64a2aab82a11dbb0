import { compositeKey, escapeKeyPart, unescapeKeyPart } from './composite-key.js';
import type { ReceiverType } from './enums.js';

/**
 * Audience keys say which inboxes a message appears in. A message carries exactly one; a user's
 * inbox is the union of a handful of keys (their own, their org's, each of their groups', and
 * the all-users key), so an inbox query is an indexed `audience IN (...)` and never touches
 * another user's direct messages.
 */
export const audienceOfUser = (orgId: string, userId: string): string => compositeKey('u', orgId, userId);
export const audienceOfGroup = (orgId: string, groupId: string): string => compositeKey('g', orgId, groupId);
export const audienceOfOrg = (orgId: string): string => compositeKey('o', orgId);
export const AUDIENCE_ALL_USERS = '*';

/** The audience key of a message addressed to `receiverType` / `receiverId` in `orgId`. */
export function audienceOf(orgId: string, receiverType: ReceiverType, receiverId: string): string {
  switch (receiverType) {
    case 'USER':
      return audienceOfUser(orgId, receiverId);
    case 'USER_GROUP':
    case 'ROLE':
      return audienceOfGroup(orgId, receiverId);
    case 'ORGANIZATION':
      return audienceOfOrg(orgId);
    case 'ALL_USERS':
      return AUDIENCE_ALL_USERS;
  }
}

/**
 * The key a user's per-message state rows are stored under. User ids are only unique within an
 * org, and an all-users message is one message across orgs, so the key carries the org: `alice`
 * of one org reading it must not mark it read for `alice` of another.
 */
export const inboxUserKey = (orgId: string, userId: string): string => compositeKey(orgId, userId);

/** The user id inside an `inboxUserKey` of `orgId`. */
export function userIdOfInboxKey(orgId: string, key: string): string {
  const prefix = `${escapeKeyPart(orgId)}:`;
  return key.startsWith(prefix) ? unescapeKeyPart(key.slice(prefix.length)) : key;
}

/** Who is reading: the keys of every audience a user belongs to. */
export interface Reader {
  orgId: string;
  userId: string;
  /** `inboxUserKey(orgId, userId)`: whose state rows apply. */
  inboxKey: string;
  /** Audience keys, from `audienceKeysOf`. */
  audiences: string[];
}

/** All audience keys of a user who belongs to `groupIds` in `orgId`. */
export function audienceKeysOf(orgId: string, userId: string, groupIds: readonly string[]): string[] {
  return [
    audienceOfUser(orgId, userId),
    audienceOfOrg(orgId),
    AUDIENCE_ALL_USERS,
    ...groupIds.map((g) => audienceOfGroup(orgId, g)),
  ];
}
