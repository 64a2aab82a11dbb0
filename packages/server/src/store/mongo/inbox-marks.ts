import type { QueryFilter } from 'mongoose';
import type { InboxItem, InboxState } from '../../domain/index.js';
import { docToInboxItem } from './documents.js';
import type { MessageDoc, MongoModels, StateDoc } from './models.js';

/**
 * A user's state rows that change what a query returns: messages read, deleted or archived.
 * Unread and delivered rows never exclude anything, so they are not fetched. No `$lookup`
 * (FerretDB 1.x has none): the rows come from the `user_state` / `user_archived` indexes and
 * turn into an `_id` condition on the message query.
 */
export interface Marks {
  read: Set<string>;
  deleted: Set<string>;
  archived: Set<string>;
}

/** Fetches the user's marks; `archived` only when a query filters on it. */
export async function marksOf(
  models: MongoModels,
  userId: string,
  need: { read: boolean; archived: boolean },
): Promise<Marks> {
  const states: InboxState[] = need.read ? ['READ', 'DELETED'] : ['DELETED'];
  const or: QueryFilter<StateDoc>[] = [{ state: { $in: states } }];
  if (need.archived) or.push({ archived: true });
  const rows = await models.states
    .find({ userId, $or: or }, { _id: 0, messageId: 1, state: 1, archived: 1 })
    .lean<Pick<StateDoc, 'messageId' | 'state' | 'archived'>[]>();
  const marks: Marks = { read: new Set(), deleted: new Set(), archived: new Set() };
  for (const r of rows) {
    if (r.state === 'READ') marks.read.add(r.messageId);
    if (r.state === 'DELETED') marks.deleted.add(r.messageId);
    else if (r.archived) marks.archived.add(r.messageId);
  }
  return marks;
}

/** Which of the user's marked messages a query keeps. */
export interface MarkSelection {
  state: 'UNREAD' | 'READ' | 'ALL';
  archived?: boolean;
}

/**
 * The `_id` condition for a selection: `$in` when only marked messages qualify (READ,
 * archived), else `$nin` of the excluded ones (DELETED always; READ for UNREAD; archived for
 * archived=false). Null when nothing needs excluding.
 */
export function idCondition(
  marks: Marks,
  selection: MarkSelection,
): QueryFilter<MessageDoc> | null {
  const excluded = new Set(marks.deleted);
  if (selection.state === 'UNREAD') for (const id of marks.read) excluded.add(id);
  if (selection.archived === false) for (const id of marks.archived) excluded.add(id);

  let included: Set<string> | null = selection.state === 'READ' ? new Set(marks.read) : null;
  if (selection.archived === true) {
    included = included
      ? new Set([...included].filter((id) => marks.archived.has(id)))
      : new Set(marks.archived);
  }
  if (included) return { _id: { $in: [...included].filter((id) => !excluded.has(id)) } };
  return excluded.size ? { _id: { $nin: [...excluded] } } : null;
}

/** The messages of a page with the user's state rows joined in, in the page's order. */
export async function withStates(
  models: MongoModels,
  userId: string,
  docs: MessageDoc[],
): Promise<InboxItem[]> {
  if (!docs.length) return [];
  const rows = await models.states
    .find({ userId, messageId: { $in: docs.map((d) => d._id) } })
    .lean<StateDoc[]>();
  const byMessage = new Map(rows.map((r) => [r.messageId, r]));
  return docs.map((d) => docToInboxItem(d, byMessage.get(d._id)));
}
