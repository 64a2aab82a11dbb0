import { compositeKey, type Template } from '../../domain/index.js';
import type { TemplateRepository } from '../../ports/store.js';
import { docToTemplate, templateToDoc } from './documents.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { TemplateDoc, TemplateVersionDoc } from './models.js';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Templates, keyed by `(orgId, templateId)`, with earlier versions in `template_versions`. Without
 * transactions, `replace` writes the history copy first (idempotent on its unique key), then
 * swaps the current document with a compare-and-set on `version`; a crash in between leaves an
 * extra copy of the current version, which `history` hides by listing only older versions.
 */
export function mongoTemplates(ctx: MongoContext): TemplateRepository {
  const current = () => ctx.models().templates;
  const versions = () => ctx.models().templateVersions;

  async function replace(template: Template, expectedVersion: number): Promise<boolean> {
    const before = await current()
      .findOne({ orgId: template.orgId, templateId: template.templateId, version: expectedVersion })
      .lean<TemplateDoc>();
    if (!before) return false;
    // Keyed by (orgId, templateId, version): writing the same snapshot twice is harmless.
    const { _id: _currentId, ...snapshot } = before;
    await versions().collection.replaceOne(
      { orgId: before.orgId, templateId: before.templateId, version: before.version },
      snapshot satisfies TemplateVersionDoc,
      { upsert: true },
    );
    // `_id` stays as it was (documents from before per-org ids have another form).
    const { _id: _newId, ...fields } = templateToDoc(template);
    const res = await current().updateOne(
      { orgId: template.orgId, templateId: template.templateId, version: expectedVersion },
      { $set: fields },
    );
    return res.matchedCount === 1;
  }

  return {
    async create(template) {
      try {
        await current().insertOne(templateToDoc(template));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },

    async get(orgId, templateId) {
      const doc = await current().findOne({ orgId, templateId }).lean<TemplateDoc>();
      return doc ? docToTemplate(doc) : null;
    },

    async list(orgId, query) {
      const filter: Record<string, unknown> = { orgId };
      if (query.category !== undefined) filter.category = query.category;
      if (query.enabled !== undefined) filter.enabled = query.enabled;
      const q = query.q?.trim();
      if (q) filter.name = { $regex: escapeRegex(q), $options: 'i' };
      const [total, docs] = await Promise.all([
        current().countDocuments(filter),
        current()
          .find(filter)
          .sort({ name: 1, templateId: 1 })
          .skip(query.offset)
          .limit(query.limit)
          .lean<TemplateDoc[]>(),
      ]);
      return { items: docs.map(docToTemplate), total };
    },

    replace(template, expectedVersion) {
      return ctx.serialize(compositeKey('template', template.orgId, template.templateId), () =>
        replace(template, expectedVersion),
      );
    },

    async delete(orgId, templateId) {
      const res = await current().deleteOne({ orgId, templateId });
      if (res.deletedCount !== 1) return false;
      await versions().deleteMany({ orgId, templateId });
      return true;
    },

    async history(orgId, templateId, limit) {
      const now = await current()
        .findOne({ orgId, templateId }, { version: 1 })
        .lean<Pick<TemplateDoc, 'version'>>();
      if (!now) return [];
      const docs = await versions()
        .find({ orgId, templateId, version: { $lt: now.version } })
        .sort({ version: -1 })
        .limit(limit)
        .lean<TemplateVersionDoc[]>();
      return docs.map((d): Template => docToTemplate(d));
    },
  };
}
