import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api-client';
import type { GroupKind, RouterInputs } from './api-types';
import type { MessageKey } from './messages-en';

export type GroupListInput = RouterInputs['groups']['list'];

/** Each kind's label in the UI. */
export const GROUP_KIND_LABELS: Record<GroupKind, MessageKey> = {
  USER_GROUP: 'grp.USER_GROUP',
  ROLE: 'grp.ROLE',
};

/** `groups.list` as a query; every groups query key starts with `groups`. */
export function groupListQuery(api: ApiClient, input: GroupListInput) {
  return {
    queryKey: ['groups', 'list', input] as const,
    queryFn: () => api.groups.list.query(input),
  };
}

/** `groups.get` as a query. */
export function groupQuery(api: ApiClient, groupId: string) {
  return {
    queryKey: ['groups', 'get', groupId] as const,
    queryFn: () => api.groups.get.query({ groupId }),
  };
}

/** After any change to a group: lists, details and the composer's choices refetch. */
export function refreshGroups(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['groups'] });
}
