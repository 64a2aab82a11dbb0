import type { ReceiverType } from './enums.js';

/**
 * Audience keys say which inboxes a message appears in. A message carries exactly one; a user's
 * inbox is the union of a handful of keys (their own, their org's, each of their groups', and
 * the all-users key), so an inbox query is an indexed `audience IN (...)` and never touches
 * another user's direct messages.
 */
export const audienceOfUser = (orgId: string, userId: string): string => `u:${orgId}:${userId}`;
export const audienceOfGroup = (orgId: string, groupId: string): string => `g:${orgId}:${groupId}`;
export const audienceOfOrg = (orgId: string): string => `o:${orgId}`;
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

/** Who is reading: the keys of every audience a user belongs to. */
export interface Reader {
  orgId: string;
  userId: string;
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
