import { forbidden, hasRole, type BroadcastInput, type Principal, type SendToGroupInput } from '../../domain/index.js';
import type { MessageTarget } from './create-message.js';

/** The target of a group send; ORGANIZATION may only name the sender's own org. */
export function groupTarget(sender: Principal, groupId: string, groupType: SendToGroupInput['groupType']): MessageTarget {
  if (groupType !== 'ORGANIZATION') return { orgId: sender.orgId, receiverType: groupType, receiverId: groupId };
  if (groupId !== sender.orgId) throw forbidden('ORGANIZATION sends may only target your own organization');
  return { orgId: sender.orgId, receiverType: 'ORGANIZATION', receiverId: sender.orgId };
}

/** The target of a broadcast: the org needs the admin role, every org the platform role. */
export function scopeTarget(sender: Principal, scope: BroadcastInput['scope']): MessageTarget {
  if (scope === 'ALL_USERS') {
    if (!hasRole(sender, 'platform')) throw forbidden('Broadcasting to ALL_USERS needs the platform role');
    return { orgId: sender.orgId, receiverType: 'ALL_USERS', receiverId: '*' };
  }
  if (!hasRole(sender, 'admin')) throw forbidden('Broadcasting to the organization needs the admin role');
  return { orgId: sender.orgId, receiverType: 'ORGANIZATION', receiverId: sender.orgId };
}
