import type { Store } from '../ports/store.js';
import type { Directory } from '../ports/directory.js';

/**
 * The default directory: groups and roles from the store's `groups.*`, org membership from the
 * users the server has seen (everyone who signed in with a token of that org). A sender may
 * address those users and the ids of `receiverAllowList` (checked in strict-receiver mode).
 */
export function createBuiltInDirectory(store: Store, options: { receiverAllowList?: readonly string[] } = {}): Directory {
  const allowed = new Set(options.receiverAllowList ?? []);
  return {
    groupsOf: (orgId, userId) => store.groups.groupsOf(orgId, userId),
    groupSize: async (orgId, groupId) => (await store.groups.get(orgId, groupId))?.members.length ?? null,
    orgSize: (orgId) => store.users.count(orgId),
    // Users this org has seen (signed in, or added by an admin), plus the configured allow-list.
    contactOf: async (orgId, userId) => {
      const u = await store.users.get(orgId, userId);
      return u ? { email: u.email, phone: u.phone, timeZone: u.timeZone, locale: u.locale } : null;
    },
    canAddress: async (sender, receiverId) => allowed.has(receiverId) || (await store.users.get(sender.orgId, receiverId)) !== null,
  };
}
