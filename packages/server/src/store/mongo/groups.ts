import type { Group } from '../../domain/index.js';
import type { GroupRepository } from '../../ports/store.js';
import { docToGroup } from './documents.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { GroupDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

/**
 * Groups with members embedded as an array: membership changes are single-document
 * `$addToSet` / `$pull` updates (atomic, idempotent), and "groups of a user" is the multikey
 * `org_members` index. Members come back sorted, like every other adapter returns them.
 */
export function mongoGroups(ctx: MongoContext): GroupRepository {
  const col = () => ctx.models().groups;
  const serialize = <T>(orgId: string, groupId: string, write: () => Promise<T>) =>
    ctx.serialize(compositeKey('group', orgId, groupId), write);
  const toGroup = (doc: GroupDoc | null): Group | null => {
    if (!doc) return null;
    const group = docToGroup(doc);
    group.members.sort(compareIds);
    return group;
  };

  return {
    async create(group) {
      try {
        await col().create({ ...group, members: [...new Set(group.members)] });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async get(orgId, groupId) {
      return toGroup(await col().findOne({ orgId, groupId }).lean<GroupDoc>());
    },

    async list(orgId, query) {
      const filter = { orgId, ...(query.type ? { type: query.type } : {}) };
      const [total, docs] = await Promise.all([
        col().countDocuments(filter),
        col()
          .find(filter)
          .sort({ createTime: 1, groupId: 1 })
          .skip(query.offset)
          .limit(query.limit)
          .lean<GroupDoc[]>(),
      ]);
      return { items: docs.map((d) => toGroup(d)!), total };
    },

    async update(orgId, groupId, patch, now) {
      const set: Partial<GroupDoc> = { updateTime: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.description !== undefined) set.description = patch.description;
      const doc = await serialize(orgId, groupId, () =>
        col()
          .findOneAndUpdate({ orgId, groupId }, { $set: set }, { returnDocument: 'after' })
          .lean<GroupDoc>(),
      );
      return toGroup(doc);
    },

    async delete(orgId, groupId) {
      const res = await col().deleteOne({ orgId, groupId });
      return res.deletedCount === 1;
    },

    async addMembers(orgId, groupId, userIds, now) {
      const doc = await serialize(orgId, groupId, () =>
        col()
          .findOneAndUpdate(
            { orgId, groupId },
            { $addToSet: { members: { $each: [...userIds] } }, $set: { updateTime: now } },
            { returnDocument: 'after' },
          )
          .lean<GroupDoc>(),
      );
      return toGroup(doc);
    },

    async removeMembers(orgId, groupId, userIds, now) {
      // `$pullAll`, not `$pull: { $in }`: FerretDB 1.x accepts the latter but removes nothing.
      const doc = await serialize(orgId, groupId, () =>
        col()
          .findOneAndUpdate(
            { orgId, groupId },
            { $pullAll: { members: [...userIds] }, $set: { updateTime: now } },
            { returnDocument: 'after' },
          )
          .lean<GroupDoc>(),
      );
      return toGroup(doc);
    },

    async groupsOf(orgId, userId) {
      const docs = await col()
        .find({ orgId, members: userId }, { _id: 0, groupId: 1 })
        .lean<Pick<GroupDoc, 'groupId'>[]>();
      return docs.map((d) => d.groupId).sort(compareIds);
    },
  };
}

/** Binary (code unit) order, the order the SQL adapter's `ORDER BY` gives. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
