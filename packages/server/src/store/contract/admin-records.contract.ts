import { describe, expect, it } from 'vitest';
import type { SystemNotification } from '../../domain/index.js';
import { at, makeMessage, type StoreFixture } from './fixtures.contract.js';

const notice = (o: Partial<SystemNotification> = {}): SystemNotification => ({
  notificationId: `sys_${Math.random().toString(36).slice(2)}`,
  orgId: 'org-a',
  level: 'WARNING',
  title: 'Maintenance tonight',
  content: '22:00–23:00',
  actions: [{ label: 'Details', url: 'https://status.example.com' }],
  senderId: 'admin',
  createTime: at(0),
  expireTime: at(60),
  ...o,
});

/** First deliveries, FAILED messages, system notifications, the audit log and user contacts. */
export function adminRecordsContract(ctx: StoreFixture): void {
  describe('first deliveries', () => {
    it('changes each (user, message) once, whatever the repeats, and keeps READ rows READ', async () => {
      const m = makeMessage({ receiverType: 'ORGANIZATION' });
      await ctx.store.messages.insert(m);
      const rec = (user: string) => ({
        userId: `org-a:${user}`,
        orgId: 'org-a',
        messageId: m.messageId,
        tag: user,
      });
      await ctx.store.inbox.upsertState(
        { userId: 'org-a:u3', orgId: 'org-a', messageId: m.messageId, now: at(1) },
        { state: 'READ', readTime: at(1) },
      );
      const first = await ctx.store.inbox.recordDeliveries(
        [rec('u1'), rec('u2'), rec('u1'), rec('u3')],
        at(2),
      );
      expect(first.map((r) => r.tag)).toEqual(['u1', 'u2', 'u3']);
      expect(
        await ctx.store.inbox.recordDeliveries([rec('u1'), rec('u2'), rec('u3')], at(3)),
      ).toEqual([]);
      expect(await ctx.store.inbox.getState('org-a:u1', m.messageId)).toMatchObject({
        state: 'DELIVERED',
        deliveredTime: at(2),
      });
      expect(await ctx.store.inbox.getState('org-a:u3', m.messageId)).toMatchObject({
        state: 'READ',
        deliveredTime: at(2),
        readTime: at(1),
      });
    });

    it('lets exactly one of many concurrent callers record a delivery', async () => {
      const m = makeMessage({ receiverType: 'ORGANIZATION' });
      await ctx.store.messages.insert(m);
      const rec = { userId: 'org-a:u1', orgId: 'org-a', messageId: m.messageId };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => ctx.store.inbox.recordDeliveries([rec], at(i))),
      );
      expect(results.flat()).toHaveLength(1);
    });
  });

  describe('failed messages', () => {
    it('marks a SENT message FAILED once, only in its own org', async () => {
      const m = makeMessage();
      await ctx.store.messages.insert(m);
      expect(await ctx.store.messages.markFailed('org-b', m.messageId, at(1))).toBe(false);
      expect(await ctx.store.messages.markFailed('org-a', m.messageId, at(1))).toBe(true);
      expect(await ctx.store.messages.markFailed('org-a', m.messageId, at(2))).toBe(false);
      expect((await ctx.store.messages.get('org-a', m.messageId))?.status).toBe('FAILED');
    });
  });

  describe('system notifications', () => {
    it('shows a user the unexpired, undismissed notices of their org and of every org', async () => {
      const own = notice({ createTime: at(1) });
      const global = notice({ orgId: null, createTime: at(2) });
      const other = notice({ orgId: 'org-b' });
      const expired = notice({ expireTime: at(5) });
      for (const n of [own, global, other, expired, own]) await ctx.store.systemNotices.insert(n);
      const ids = async (user: string) =>
        (await ctx.store.systemNotices.pendingFor('org-a', user, at(10), 20)).map(
          (n) => n.notificationId,
        );
      expect(await ids('u1')).toEqual([own.notificationId, global.notificationId]);
      await ctx.store.systemNotices.dismiss('org-a', 'u1', own.notificationId, at(11));
      await ctx.store.systemNotices.dismiss('org-a', 'u1', own.notificationId, at(12));
      expect(await ids('u1')).toEqual([global.notificationId]);
      expect(await ids('u2')).toEqual([own.notificationId, global.notificationId]);
      expect(await ctx.store.systemNotices.get('org-a', other.notificationId)).toBeNull();
      expect(await ctx.store.systemNotices.get('org-a', global.notificationId)).toMatchObject({
        orgId: null,
        actions: global.actions,
        expireTime: global.expireTime,
      });
    });

    it('lists active and expired notices of an org, newest first, and purges expired ones', async () => {
      const a = notice({ createTime: at(1) });
      const b = notice({ createTime: at(2), expireTime: at(5) });
      const c = notice({ orgId: 'org-b', createTime: at(3) });
      for (const n of [a, b, c]) await ctx.store.systemNotices.insert(n);
      const list = async (state: 'ACTIVE' | 'EXPIRED' | 'ALL', orgId: string | null = 'org-a') =>
        (await ctx.store.systemNotices.list(orgId, state, at(10), 10, 0)).items.map(
          (n) => n.notificationId,
        );
      expect(await list('ALL')).toEqual([b.notificationId, a.notificationId]);
      expect(await list('ACTIVE')).toEqual([a.notificationId]);
      expect(await list('EXPIRED')).toEqual([b.notificationId]);
      expect(await list('ALL', null)).toEqual([
        c.notificationId,
        b.notificationId,
        a.notificationId,
      ]);
      expect(await ctx.store.systemNotices.purgeExpired(at(10), 10)).toBe(1);
      expect(await list('ALL')).toEqual([a.notificationId]);
    });
  });

  describe('audit log', () => {
    it('filters by org, action, actor and time, pages newest first, and purges by age', async () => {
      const entry = (i: number, o: { orgId?: string; action?: string; actorId?: string } = {}) => ({
        auditId: `aud_${String(i).padStart(3, '0')}`,
        orgId: o.orgId ?? 'org-a',
        actorId: o.actorId ?? 'admin',
        action: o.action ?? 'templates.update',
        targetId: `t${i}`,
        diff: '{"name":"x"}',
        createTime: at(i),
      });
      for (let i = 1; i <= 5; i++) await ctx.store.audit.insert(entry(i));
      await ctx.store.audit.insert(entry(6, { action: 'groups.create', actorId: 'boss' }));
      await ctx.store.audit.insert(entry(7, { orgId: 'org-b' }));
      const page = await ctx.store.audit.list({ orgId: 'org-a', limit: 2, offset: 0 });
      expect(page.total).toBe(6);
      expect(page.items.map((e) => e.auditId)).toEqual(['aud_006', 'aud_005']);
      expect(
        (await ctx.store.audit.list({ orgId: 'org-a', limit: 2, offset: 4 })).items.map(
          (e) => e.targetId,
        ),
      ).toEqual(['t2', 't1']);
      expect(
        (
          await ctx.store.audit.list({
            orgId: 'org-a',
            action: 'groups.create',
            limit: 10,
            offset: 0,
          })
        ).items,
      ).toHaveLength(1);
      expect(
        (await ctx.store.audit.list({ orgId: 'org-a', actorId: 'boss', limit: 10, offset: 0 }))
          .items[0],
      ).toMatchObject({ action: 'groups.create', createTime: at(6) });
      expect(
        (
          await ctx.store.audit.list({
            orgId: 'org-a',
            from: at(2),
            to: at(3),
            limit: 10,
            offset: 0,
          })
        ).total,
      ).toBe(2);
      expect((await ctx.store.audit.list({ orgId: null, limit: 10, offset: 0 })).total).toBe(7);
      expect(await ctx.store.audit.purgeBefore(at(3), 100)).toBe(2);
      expect((await ctx.store.audit.list({ orgId: 'org-a', limit: 10, offset: 0 })).total).toBe(4);
    });
  });

  describe('user contacts', () => {
    it('creates, updates named fields only, clears with null, and keeps orgs apart', async () => {
      await ctx.store.users.touch('org-a', 'u1', 'Lena', at(0));
      const after = await ctx.store.users.upsert(
        'org-a',
        'u1',
        { email: 'lena@example.com', timeZone: 'Asia/Shanghai' },
        at(1),
      );
      expect(after).toMatchObject({
        name: 'Lena',
        email: 'lena@example.com',
        timeZone: 'Asia/Shanghai',
        phone: null,
        createTime: at(0),
        updateTime: at(1),
      });
      const cleared = await ctx.store.users.upsert(
        'org-a',
        'u1',
        { email: null, phone: '+49 30 1234' },
        at(2),
      );
      expect(cleared).toMatchObject({
        email: null,
        phone: '+49 30 1234',
        timeZone: 'Asia/Shanghai',
      });
      const created = await ctx.store.users.upsert('org-a', 'u2', { locale: 'zh-CN' }, at(3));
      expect(created).toMatchObject({
        userId: 'u2',
        locale: 'zh-CN',
        name: null,
        createTime: at(3),
      });
      expect(await ctx.store.users.get('org-b', 'u1')).toBeNull();
      expect(await ctx.store.users.count('org-a')).toBe(2);
    });
  });
}
