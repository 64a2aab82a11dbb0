import type { ApiClient } from '../../lib/api-client';
import type { GroupType, MessageType, Priority } from '../../lib/api-types';
import { fromLocalInput } from '../../lib/format';

export type Target = 'user' | 'group' | 'org' | 'all';

/** What the composer form holds. */
export interface Draft {
  target: Target;
  receiverId: string;
  groupId: string;
  groupType: GroupType;
  messageType: MessageType;
  priority: Priority;
  category: string;
  title: string;
  content: string;
  actionUrl: string;
  actionText: string;
  expireTime: string;
  deliverAt: string;
}

export const EMPTY_DRAFT: Draft = {
  target: 'org',
  receiverId: '',
  groupId: '',
  groupType: 'USER_GROUP',
  messageType: 'ANNOUNCEMENT',
  priority: 'NORMAL',
  category: 'GENERAL',
  title: '',
  content: '',
  actionUrl: '',
  actionText: '',
  expireTime: '',
  deliverAt: '',
};

export interface SendOutcome {
  messageId: string;
  status: string;
  /** Recipients resolved at send time (unknown for a direct message until it is read). */
  recipients: number | null;
}

/** Sends the draft with the procedure its target needs (send / sendToGroup / broadcast). */
export async function sendDraft(api: ApiClient, d: Draft): Promise<SendOutcome> {
  const metadata = d.actionUrl
    ? { actionUrl: d.actionUrl, ...(d.actionText ? { actionText: d.actionText } : {}) }
    : {};
  const common = {
    messageType: d.messageType,
    priority: d.priority,
    category: d.category || 'GENERAL',
    title: d.title,
    content: d.content,
    metadata,
    expireTime: fromLocalInput(d.expireTime),
    deliverAt: fromLocalInput(d.deliverAt),
  };
  switch (d.target) {
    case 'user': {
      const r = await api.messages.send.mutate({ ...common, receiverId: d.receiverId });
      return { messageId: r.messageId, status: r.status, recipients: 1 };
    }
    case 'group': {
      const r = await api.messages.sendToGroup.mutate({
        ...common,
        groupId: d.groupId,
        groupType: d.groupType,
      });
      return { messageId: r.messageId, status: r.status, recipients: r.recipients };
    }
    case 'org':
    case 'all': {
      const r = await api.messages.broadcast.mutate({
        ...common,
        scope: d.target === 'all' ? 'ALL_USERS' : 'ORGANIZATION',
      });
      return { messageId: r.messageId, status: r.status, recipients: r.recipients };
    }
  }
}
