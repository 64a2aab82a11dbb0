import type { Store } from '../ports/store.js';
import type { Directory } from '../ports/directory.js';

/**
 * The default directory: groups and roles from the store's `groups.*`, org membership from the
 * users the server has seen (everyone who signed in with a token of that org).
 */
export function createBuiltInDirectory(store: Store): Directory {
  return {
    groupsOf: (orgId, userId) => store.groups.groupsOf(orgId, userId),
    groupSize: async (orgId, groupId) => (await store.groups.get(orgId, groupId))?.members.length ?? null,
    orgSize: (orgId) => store.users.count(orgId),
  };
}
