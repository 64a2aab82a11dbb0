import type {
  Group,
  InboxItem,
  InboxStateRow,
  Message,
  StoredMessage,
  Template,
} from '../../domain/index.js';
import type { GroupDoc, MessageDoc, StateDoc, TemplateDoc, TemplateVersionDoc } from './models.js';

/*
 * Conversions between documents and domain objects. Documents read with `.lean()` may carry
 * fields the domain does not (`_id` of secondary collections): every mapper lists the fields
 * it returns, so nothing storage-specific leaks out.
 */

export function messageToDoc(m: StoredMessage): MessageDoc {
  return {
    _id: m.messageId,
    orgId: m.orgId,
    audience: m.audience,
    seq: m.seq,
    status: m.status,
    senderId: m.senderId,
    senderName: m.senderName,
    receiverType: m.receiverType,
    receiverId: m.receiverId,
    messageType: m.messageType,
    title: m.title,
    content: m.content,
    priority: m.priority,
    category: m.category,
    metadata: m.metadata,
    tokens: m.tokens,
    deliverAt: m.deliverAt,
    expireTime: m.expireTime,
    createTime: m.createTime,
    updateTime: m.updateTime,
    recipientCount: m.recipientCount,
    readCount: m.readCount,
  };
}

function docToMessage(d: MessageDoc): Message {
  return {
    messageId: d._id,
    orgId: d.orgId,
    senderId: d.senderId,
    senderName: d.senderName,
    receiverType: d.receiverType,
    receiverId: d.receiverId,
    messageType: d.messageType,
    title: d.title,
    content: d.content,
    priority: d.priority,
    category: d.category,
    metadata: d.metadata ?? {},
    status: d.status,
    deliverAt: d.deliverAt ?? null,
    expireTime: d.expireTime ?? null,
    createTime: d.createTime,
    updateTime: d.updateTime,
  };
}

export function docToStoredMessage(d: MessageDoc): StoredMessage {
  return {
    ...docToMessage(d),
    audience: d.audience,
    seq: d.seq ?? '',
    tokens: d.tokens ?? [],
    recipientCount: d.recipientCount ?? 0,
    readCount: d.readCount ?? 0,
  };
}

/** A message as one user sees it: no row means UNREAD and untouched. */
export function docToInboxItem(d: MessageDoc, row: StateDoc | undefined): InboxItem {
  return {
    ...docToMessage(d),
    seq: d.seq,
    state: row?.state ?? 'UNREAD',
    archived: row?.archived ?? false,
    deliveredTime: row?.deliveredTime ?? null,
    readTime: row?.readTime ?? null,
  };
}

export function docToStateRow(d: StateDoc): InboxStateRow {
  return {
    messageId: d.messageId,
    userId: d.userId,
    orgId: d.orgId,
    state: d.state,
    archived: d.archived ?? false,
    deliveredTime: d.deliveredTime ?? null,
    readTime: d.readTime ?? null,
    deleteTime: d.deleteTime ?? null,
    createTime: d.createTime,
    updateTime: d.updateTime,
  };
}

export function docToGroup(d: GroupDoc): Group {
  return {
    groupId: d.groupId,
    orgId: d.orgId,
    name: d.name,
    type: d.type,
    description: d.description ?? '',
    members: [...(d.members ?? [])],
    createTime: d.createTime,
    updateTime: d.updateTime,
  };
}

export function templateToDoc(t: Template): TemplateDoc {
  return {
    _id: t.templateId,
    orgId: t.orgId,
    name: t.name,
    category: t.category,
    messageType: t.messageType,
    priority: t.priority,
    title: t.title,
    content: t.content,
    variables: t.variables,
    enabled: t.enabled,
    version: t.version,
    createTime: t.createTime,
    updateTime: t.updateTime,
  };
}

export function docToTemplate(d: TemplateDoc | TemplateVersionDoc): Template {
  return {
    templateId: 'templateId' in d ? d.templateId : d._id,
    orgId: d.orgId,
    name: d.name,
    category: d.category,
    messageType: d.messageType,
    priority: d.priority,
    title: d.title,
    content: d.content,
    variables: d.variables ?? [],
    enabled: d.enabled,
    version: d.version,
    createTime: d.createTime,
    updateTime: d.updateTime,
  };
}
