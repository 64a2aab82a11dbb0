import { describe, expect, it } from 'vitest';
import { at, makeTemplate, type StoreFixture } from './fixtures.contract.js';

/** Templates: CRUD scoped by org, filtered listing, optimistic replace with history. */
export function templatesContract(ctx: StoreFixture): void {
  describe('templates', () => {
    it('creates a template once and reads it back whole, in its own org only', async () => {
      const t = makeTemplate();
      expect(await ctx.store.templates.create(t)).toBe(true);
      expect(await ctx.store.templates.create({ ...t, name: 'Again' })).toBe(false);
      expect(await ctx.store.templates.get('org-a', t.templateId)).toEqual(t);
      expect(await ctx.store.templates.get('org-b', t.templateId)).toBeNull();
      expect(await ctx.store.templates.get('org-a', 'missing')).toBeNull();
    });

    it('scopes template ids per org: two orgs can each own "welcome", independently', async () => {
      const a = makeTemplate({ templateId: 'welcome', orgId: 'org-a', name: 'A welcome' });
      const b = makeTemplate({ templateId: 'welcome', orgId: 'org-b', name: 'B welcome' });
      expect(await ctx.store.templates.create(a)).toBe(true);
      expect(await ctx.store.templates.create(b)).toBe(true);
      expect(await ctx.store.templates.create({ ...b, name: 'B again' })).toBe(false);
      expect((await ctx.store.templates.get('org-a', 'welcome'))?.name).toBe('A welcome');
      expect((await ctx.store.templates.get('org-b', 'welcome'))?.name).toBe('B welcome');
      expect(await ctx.store.templates.replace({ ...b, name: 'B v2', version: b.version + 1 }, b.version)).toBe(true);
      expect((await ctx.store.templates.get('org-a', 'welcome'))?.name).toBe('A welcome');
      expect((await ctx.store.templates.history('org-b', 'welcome', 10)).map((t) => t.name)).toEqual(['B welcome']);
      expect(await ctx.store.templates.history('org-a', 'welcome', 10)).toEqual([]);
      expect(await ctx.store.templates.delete('org-a', 'welcome')).toBe(true);
      expect((await ctx.store.templates.get('org-b', 'welcome'))?.name).toBe('B v2');
    });

    it('lists by category, enabled and a case-insensitive name filter, with total and paging', async () => {
      await ctx.store.templates.create(
        makeTemplate({ templateId: 't1', name: 'Device offline', category: 'device' }),
      );
      await ctx.store.templates.create(
        makeTemplate({
          templateId: 't2',
          name: 'Device online',
          category: 'device',
          enabled: false,
        }),
      );
      await ctx.store.templates.create(
        makeTemplate({ templateId: 't3', name: 'Invoice due', category: 'billing' }),
      );
      await ctx.store.templates.create(
        makeTemplate({ templateId: 't4', name: '设备维护通知', category: 'device' }),
      );
      await ctx.store.templates.create(
        makeTemplate({ templateId: 't5', orgId: 'org-b', name: 'Device offline' }),
      );
      const ids = async (query: {
        category?: string;
        enabled?: boolean;
        q?: string;
        limit?: number;
        offset?: number;
      }) => {
        const page = await ctx.store.templates.list('org-a', { limit: 10, offset: 0, ...query });
        return { ids: page.items.map((t) => t.templateId).sort(), total: page.total };
      };
      expect(await ids({})).toEqual({ ids: ['t1', 't2', 't3', 't4'], total: 4 });
      expect(await ids({ category: 'device' })).toEqual({ ids: ['t1', 't2', 't4'], total: 3 });
      expect(await ids({ enabled: false })).toEqual({ ids: ['t2'], total: 1 });
      expect(await ids({ enabled: true, category: 'device' })).toEqual({
        ids: ['t1', 't4'],
        total: 2,
      });
      expect(await ids({ q: 'DEVICE' })).toEqual({ ids: ['t1', 't2'], total: 2 });
      expect(await ids({ q: 'line' })).toEqual({ ids: ['t1', 't2'], total: 2 });
      expect(await ids({ q: '维护' })).toEqual({ ids: ['t4'], total: 1 });
      const pages = await Promise.all([0, 3].map((offset) => ids({ limit: 3, offset })));
      expect(pages.map((p) => p.total)).toEqual([4, 4]);
      expect(pages.flatMap((p) => p.ids).sort()).toEqual(['t1', 't2', 't3', 't4']);
    });

    it('replaces only at the expected version and keeps earlier versions newest first', async () => {
      const v1 = makeTemplate();
      await ctx.store.templates.create(v1);
      const v2 = { ...v1, title: 'Offline: {{ device.name }}', version: 2, updateTime: at(1) };
      expect(await ctx.store.templates.replace(v2, 1)).toBe(true);
      expect(await ctx.store.templates.get('org-a', v1.templateId)).toEqual(v2);
      expect(await ctx.store.templates.replace({ ...v1, title: 'stale', version: 2 }, 1)).toBe(
        false,
      );
      const v3 = { ...v2, enabled: false, version: 3, updateTime: at(2) };
      expect(await ctx.store.templates.replace(v3, 2)).toBe(true);
      expect(await ctx.store.templates.get('org-a', v1.templateId)).toEqual(v3);
      expect(await ctx.store.templates.history('org-a', v1.templateId, 10)).toEqual([v2, v1]);
      expect(await ctx.store.templates.history('org-a', v1.templateId, 1)).toEqual([v2]);
      expect(await ctx.store.templates.history('org-b', v1.templateId, 10)).toEqual([]);
    });

    it('refuses to replace a missing template or one of another org', async () => {
      const t = makeTemplate();
      expect(await ctx.store.templates.replace({ ...t, version: 2 }, 1)).toBe(false);
      await ctx.store.templates.create(t);
      expect(await ctx.store.templates.replace({ ...t, orgId: 'org-b', version: 2 }, 1)).toBe(
        false,
      );
      expect(await ctx.store.templates.get('org-a', t.templateId)).toEqual(t);
    });

    it('deletes a template once, only in its org', async () => {
      const t = makeTemplate();
      await ctx.store.templates.create(t);
      expect(await ctx.store.templates.delete('org-b', t.templateId)).toBe(false);
      expect(await ctx.store.templates.delete('org-a', t.templateId)).toBe(true);
      expect(await ctx.store.templates.delete('org-a', t.templateId)).toBe(false);
      expect(await ctx.store.templates.get('org-a', t.templateId)).toBeNull();
      expect((await ctx.store.templates.list('org-a', { limit: 10, offset: 0 })).total).toBe(0);
    });
  });
}
