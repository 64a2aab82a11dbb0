import { Preferences, type ReceiverType } from '../../domain/index.js';
import type { Contact } from '../../ports/directory.js';
import type { ServiceDeps } from '../deps.js';
import type { RoutedRecipient } from './evaluate.js';

/** A user's preferences over the org's defaults: per channel, then quiet hours and zone. */
export function mergePreferences(
  org: Preferences | null,
  own: Preferences | null,
): Preferences | null {
  if (!org) return own;
  if (!own) return org;
  return {
    channels: { ...org.channels, ...own.channels },
    quietHours: own.quietHours ?? org.quietHours,
    timeZone: own.timeZone ?? org.timeZone,
  };
}

/** Stored preferences, or the empty document. */
export async function preferencesOf(
  deps: ServiceDeps,
  orgId: string,
  userId: string,
): Promise<Preferences> {
  return (await deps.store.preferences.get(orgId, userId)) ?? Preferences.parse({});
}

/**
 * Everything routing needs to know about a message's recipient. Direct messages: the user, their
 * groups, their preferences and contact (time zone: preferences, else contact, else the server's).
 * Group messages: the group and the org's default preferences. Org-wide ones: the defaults only.
 */
export async function recipientOf(
  deps: ServiceDeps,
  target: { orgId: string; receiverType: ReceiverType; receiverId: string },
): Promise<{ recipient: RoutedRecipient; contact: Contact | null }> {
  const orgDefaults = await deps.store.preferences.get(target.orgId, '*');
  if (target.receiverType !== 'USER') {
    const groupIds =
      target.receiverType === 'USER_GROUP' || target.receiverType === 'ROLE'
        ? [target.receiverId]
        : [];
    return {
      recipient: {
        userId: null,
        groupIds,
        preferences: orgDefaults,
        timeZone: orgDefaults?.timeZone ?? deps.timeZone,
      },
      contact: null,
    };
  }
  const [groupIds, own, contact] = await Promise.all([
    deps.directory.groupsOf(target.orgId, target.receiverId),
    deps.store.preferences.get(target.orgId, target.receiverId),
    deps.directory.contactOf?.(target.orgId, target.receiverId) ?? Promise.resolve(null),
  ]);
  const preferences = mergePreferences(orgDefaults, own);
  const timeZone = preferences?.timeZone ?? contact?.timeZone ?? deps.timeZone;
  return { recipient: { userId: target.receiverId, groupIds, preferences, timeZone }, contact };
}
