import { Preferences } from '../../domain/index.js';
import type { PreferenceRepository, RuleRepository } from '../../ports/store-routing.js';
import type { MongoContext } from './context.js';
import { isDuplicateKey } from './indexes.js';
import type { PreferenceDoc, RuleDoc } from './models-routing.js';

/** Routing rules: one document each, unique on (orgId, ruleId), listed by priority. */
export function mongoRules(ctx: MongoContext): RuleRepository {
  const col = () => ctx.models().routingRules;
  return {
    async create(rule) {
      try {
        await col().create({
          orgId: rule.orgId,
          ruleId: rule.ruleId,
          priority: rule.priority,
          doc: rule,
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async get(orgId, ruleId) {
      const d = await col().findOne({ orgId, ruleId }).lean<RuleDoc>();
      return d ? d.doc : null;
    },
    async list(orgIds, limit) {
      const docs = await col()
        .find({ orgId: { $in: [...orgIds] } })
        .sort({ priority: 1, ruleId: 1 })
        .limit(limit)
        .lean<RuleDoc[]>();
      return docs.map((d) => d.doc);
    },
    async count(orgId) {
      return col().countDocuments({ orgId });
    },
    async replace(rule) {
      const r = await col().updateOne(
        { orgId: rule.orgId, ruleId: rule.ruleId },
        { $set: { priority: rule.priority, doc: rule } },
      );
      return r.matchedCount === 1;
    },
    async delete(orgId, ruleId) {
      return (await col().deleteOne({ orgId, ruleId })).deletedCount === 1;
    },
  };
}

/** Preferences: one document per (orgId, userId). */
export function mongoPreferences(ctx: MongoContext): PreferenceRepository {
  const col = () => ctx.models().preferences;
  return {
    async get(orgId, userId) {
      const d = await col().findOne({ orgId, userId }).lean<PreferenceDoc>();
      return d ? Preferences.parse(d.doc) : null;
    },
    async put(orgId, userId, preferences, now) {
      const write = () =>
        col().updateOne(
          { orgId, userId },
          { $set: { doc: preferences, updateTime: now } },
          { upsert: true },
        );
      await ctx.serialize(`prefs:${orgId}:${userId}`, async () => {
        try {
          await write();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          await write();
        }
      });
    },
  };
}
