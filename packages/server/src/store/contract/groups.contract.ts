import { describe, expect, it } from 'vitest';
import { at, makeGroup, type StoreFixture } from './fixtures.contract.js';

const sorted = (ids: readonly string[]): string[] => [...ids].sort();

/** Groups: CRUD scoped by org, set-semantics membership, reverse lookup. */
export function groupsContract(ctx: StoreFixture): void {
  describe('groups', () => {
    it('creates a group once per org and reads it back', async () => {
      const g = makeGroup({ members: ['u2', 'u1', 'u2'] });
      expect(await ctx.store.groups.create(g)).toBe(true);
      expect(await ctx.store.groups.create({ ...g, name: 'Again' })).toBe(false);
      const back = await ctx.store.groups.get('org-a', g.groupId);
      expect({ ...back, members: sorted(back?.members ?? []) }).toEqual({
        ...g,
        members: ['u1', 'u2'],
      });
      expect(await ctx.store.groups.get('org-b', g.groupId)).toBeNull();
      expect(await ctx.store.groups.create({ ...g, orgId: 'org-b' })).toBe(true);
      expect(await ctx.store.groups.get('org-a', 'missing')).toBeNull();
    });

    it('lists an org’s groups with a type filter, total and disjoint pages', async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.store.groups.create(
          makeGroup({
            groupId: `g${i}`,
            type: i < 3 ? 'USER_GROUP' : 'ROLE',
            members: [`u${i}`],
            createTime: at(i),
          }),
        );
      }
      await ctx.store.groups.create(makeGroup({ groupId: 'elsewhere', orgId: 'org-b' }));
      const all = await ctx.store.groups.list('org-a', { limit: 10, offset: 0 });
      expect(all.total).toBe(5);
      expect(sorted(all.items.map((g) => g.groupId))).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
      expect(all.items.find((g) => g.groupId === 'g3')?.members).toEqual(['u3']);
      const roles = await ctx.store.groups.list('org-a', { type: 'ROLE', limit: 10, offset: 0 });
      expect(sorted(roles.items.map((g) => g.groupId))).toEqual(['g3', 'g4']);
      expect(roles.total).toBe(2);
      const pages = [0, 2, 4].map((offset) => ctx.store.groups.list('org-a', { limit: 2, offset }));
      const ids = (await Promise.all(pages)).flatMap((p) => p.items.map((g) => g.groupId));
      expect(sorted(ids)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
    });

    it('updates name and description within the org only', async () => {
      await ctx.store.groups.create(makeGroup());
      const renamed = await ctx.store.groups.update(
        'org-a',
        'group-1',
        { name: 'Day shift' },
        at(5),
      );
      expect(renamed).toMatchObject({
        name: 'Day shift',
        description: 'Night shift',
        updateTime: at(5),
      });
      expect(
        await ctx.store.groups.update('org-a', 'group-1', { description: 'Weekdays' }, at(6)),
      ).toMatchObject({
        name: 'Day shift',
        description: 'Weekdays',
      });
      expect(
        await ctx.store.groups.update('org-b', 'group-1', { name: 'Hijack' }, at(7)),
      ).toBeNull();
      expect(await ctx.store.groups.update('org-a', 'missing', { name: 'x' }, at(7))).toBeNull();
      expect((await ctx.store.groups.get('org-a', 'group-1'))?.name).toBe('Day shift');
    });

    it('adds and removes members with set semantics', async () => {
      await ctx.store.groups.create(makeGroup({ members: ['u1'] }));
      const added = await ctx.store.groups.addMembers(
        'org-a',
        'group-1',
        ['u2', 'u1', 'u3', 'u3'],
        at(1),
      );
      expect(sorted(added?.members ?? [])).toEqual(['u1', 'u2', 'u3']);
      expect(added?.updateTime).toEqual(at(1));
      const removed = await ctx.store.groups.removeMembers('org-a', 'group-1', ['u1', 'u9'], at(2));
      expect(sorted(removed?.members ?? [])).toEqual(['u2', 'u3']);
      expect(sorted((await ctx.store.groups.get('org-a', 'group-1'))?.members ?? [])).toEqual([
        'u2',
        'u3',
      ]);
      expect(await ctx.store.groups.addMembers('org-b', 'group-1', ['u5'], at(3))).toBeNull();
      expect(await ctx.store.groups.removeMembers('org-a', 'missing', ['u2'], at(3))).toBeNull();
    });

    it('answers which groups a user is in, per org, following membership changes and deletes', async () => {
      await ctx.store.groups.create(makeGroup({ groupId: 'ops', members: ['u1', 'u2'] }));
      await ctx.store.groups.create(
        makeGroup({ groupId: 'admins', type: 'ROLE', members: ['u1'] }),
      );
      await ctx.store.groups.create(makeGroup({ groupId: 'sales', members: ['u2'] }));
      await ctx.store.groups.create(makeGroup({ groupId: 'ops', orgId: 'org-b', members: ['u1'] }));
      expect(sorted(await ctx.store.groups.groupsOf('org-a', 'u1'))).toEqual(['admins', 'ops']);
      expect(await ctx.store.groups.groupsOf('org-c', 'u1')).toEqual([]);
      await ctx.store.groups.removeMembers('org-a', 'ops', ['u1'], at(1));
      await ctx.store.groups.addMembers('org-a', 'sales', ['u1'], at(1));
      expect(sorted(await ctx.store.groups.groupsOf('org-a', 'u1'))).toEqual(['admins', 'sales']);
      expect(await ctx.store.groups.delete('org-a', 'admins')).toBe(true);
      expect(await ctx.store.groups.groupsOf('org-a', 'u1')).toEqual(['sales']);
      expect(await ctx.store.groups.groupsOf('org-b', 'u1')).toEqual(['ops']);
    });

    it('deletes a group once, only in its org', async () => {
      await ctx.store.groups.create(makeGroup());
      expect(await ctx.store.groups.delete('org-b', 'group-1')).toBe(false);
      expect(await ctx.store.groups.delete('org-a', 'group-1')).toBe(true);
      expect(await ctx.store.groups.delete('org-a', 'group-1')).toBe(false);
      expect(await ctx.store.groups.get('org-a', 'group-1')).toBeNull();
      expect(await ctx.store.groups.create(makeGroup())).toBe(true);
      expect((await ctx.store.groups.get('org-a', 'group-1'))?.members).toEqual([]);
    });
  });
}
