import { toMessage, type Group, type InboxItem, type InboxStateRow, type Message, type StoredMessage, type Template } from '../../domain/index.js';
import type { GroupDoc, MessageDoc, StateDoc, TemplateDoc, TemplateVersionDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

/*
 * Conversions between documents and domain objects. Documents read with `.lean()` may carry
 * fields the domain does not (`_id` of secondary collections): every mapper lists the fields
 * it returns, so nothing storage-specific leaks out.
 */

export function messageToDoc(m: StoredMessage): MessageDoc {
  const { messageId, ...fields } = m;
  return { _id: messageId, ...fields };
}

/** A stored message from its document (defaults for fields older documents may lack). */
export function docToStoredMessage(d: MessageDoc): StoredMessage {
  const { _id, ...fields } = d;
  return {
    ...fields,
    messageId: _id,
    metadata: d.metadata ?? {},
    deliverAt: d.deliverAt ?? null,
    expireTime: d.expireTime ?? null,
    seq: d.seq ?? '',
    tokens: d.tokens ?? [],
    recipientCount: d.recipientCount ?? 0,
    readCount: d.readCount ?? 0,
  };
}

/** The public fields only (the domain's projection lists them), so nothing storage-specific leaks. */
function docToMessage(d: MessageDoc): Message {
  return toMessage(docToStoredMessage(d));
}

/** A message as one user sees it: no row means UNREAD and untouched. */
export function docToInboxItem(d: MessageDoc, row: StateDoc | undefined): InboxItem {
  // Assigned onto the fresh message, not spread: a spread followed by new keys is a slow path in V8.
  return Object.assign(docToMessage(d), {
    seq: d.seq,
    state: row?.state ?? 'UNREAD',
    archived: row?.archived ?? false,
    deliveredTime: row?.deliveredTime ?? null,
    readTime: row?.readTime ?? null,
  });
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
    _id: compositeKey(t.orgId, t.templateId),
    templateId: t.templateId,
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
    templateId: d.templateId,
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
