import type { InboxStateRow } from '../../domain/index.js';
import type { InboxRepository, InboxStatePatch } from '../../ports/store.js';
import { docToStateRow } from './documents.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { StateDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

type StateRows = Pick<InboxRepository, 'getState' | 'upsertState' | 'statesOfMessage'>;

/** What a row holds before anything was set: the same as having no row. */
const UNTOUCHED = {
  state: 'UNREAD',
  archived: false,
  deliveredTime: null,
  readTime: null,
  deleteTime: null,
} as const;

/** The per-user state rows (`user_message_status`), unique on (messageId, userId). */
export function mongoInboxStates(ctx: MongoContext): StateRows {
  const rows = () => ctx.models().states;

  return {
    async getState(userId, messageId) {
      const doc = await rows().findOne({ messageId, userId }).lean<StateDoc>();
      return doc ? docToStateRow(doc) : null;
    },

    async upsertState(row, patch) {
      const set: Record<string, unknown> = { updateTime: row.now };
      for (const [field, value] of Object.entries(patch) as [keyof InboxStatePatch, unknown][]) {
        if (value !== undefined) set[field] = value;
      }
      const setOnInsert: Record<string, unknown> = { orgId: row.orgId, createTime: row.now };
      for (const [field, value] of Object.entries(UNTOUCHED)) {
        if (!(field in set)) setOnInsert[field] = value;
      }
      // One atomic findOneAndUpdate returns the row as it was before (null when inserted), which
      // callers use to count first reads exactly once. Two first writes racing on the unique
      // index: the loser gets a duplicate-key error and retries as an update of the winner's row.
      const write = () =>
        rows()
          .findOneAndUpdate(
            { messageId: row.messageId, userId: row.userId },
            { $set: set, $setOnInsert: setOnInsert },
            {
              upsert: true,
              returnDocument: 'before',
              setDefaultsOnInsert: false,
            },
          )
          .lean<StateDoc>();
      const before = await ctx.serialize(compositeKey('state', row.messageId, row.userId), async () => {
        try {
          return await write();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          return write();
        }
      });
      return before ? docToStateRow(before) : null;
    },

    async statesOfMessage(orgId, messageId, limit): Promise<InboxStateRow[]> {
      const docs = await rows()
        .find({ messageId, orgId })
        .sort({ userId: 1 })
        .limit(limit)
        .lean<StateDoc[]>();
      return docs.map(docToStateRow);
    },
  };
}
