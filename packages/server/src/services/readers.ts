import { audienceKeysOf, inboxUserKey, type Principal, type Reader } from '../domain/index.js';
import type { Directory } from '../ports/directory.js';

/** The reader behind a principal: their org, id and every audience key their inbox includes. */
export async function readerOf(directory: Directory, principal: Pick<Principal, 'orgId' | 'userId'>): Promise<Reader> {
  const groups = await directory.groupsOf(principal.orgId, principal.userId);
  return {
    orgId: principal.orgId,
    userId: principal.userId,
    inboxKey: inboxUserKey(principal.orgId, principal.userId),
    audiences: audienceKeysOf(principal.orgId, principal.userId, groups),
  };
}
