import { describe, expect, it } from 'vitest';
import {
  Preferences,
  RuleActions,
  RuleConditions,
  type Delivery,
  type RoutingRule,
} from '../../domain/index.js';
import { at, type StoreFixture } from './fixtures.contract.js';

/** A rule as the service would store it (parsed, so defaults are filled in). */
export function makeRule(o: Partial<RoutingRule> = {}): RoutingRule {
  return {
    ruleId: 'r1',
    orgId: 'org-a',
    name: 'Alerts by email',
    priority: 10,
    enabled: true,
    conditions: RuleConditions.parse({
      messageTypes: ['ALERT'],
      time: { timeZone: 'Asia/Shanghai', windows: [{ start: '22:00', end: '07:00' }] },
    }),
    actions: RuleActions.parse({
      channels: ['EMAIL', 'WEBHOOK'],
      webhook: { url: 'https://hooks.example/x', secret: 'a-secret-of-16-chars' },
    }),
    continue: false,
    createTime: at(0),
    updateTime: at(0),
    ...o,
  };
}

/** An outbox job due at `at(0)`. */
export function makeDelivery(o: Partial<Delivery> = {}): Delivery {
  return {
    deliveryId: 'd1',
    orgId: 'org-a',
    messageId: 'msg_1',
    userId: 'u1',
    channel: 'EMAIL',
    ruleId: 'r1',
    address: 'u1@example.com',
    secret: null,
    payload: {
      messageId: 'msg_1',
      orgId: 'org-a',
      messageType: 'ALERT',
      priority: 'URGENT',
      category: null,
      title: 'Disk full',
      content: 'Disk /var is 99% full',
      actionUrl: null,
      createTime: at(0),
    },
    status: 'PENDING',
    attempts: 0,
    maxAttempts: 3,
    backoffMs: 1000,
    nextAttemptAt: at(0),
    lastError: null,
    leaseOwner: null,
    leaseToken: null,
    leaseUntil: null,
    createTime: at(0),
    updateTime: at(0),
    deliveredTime: null,
    ...o,
  };
}

/** Routing rules, preferences and the outbox: scoping, ordering, leases and fencing. */
export function routingContract(ctx: StoreFixture): void {
  describe('routing rules and preferences', () => {
    it('stores rules per org, lists them by priority with the defaults, replaces and deletes', async () => {
      const r1 = makeRule();
      expect(await ctx.store.rules.create(r1)).toBe(true);
      expect(await ctx.store.rules.create({ ...r1, name: 'again' })).toBe(false);
      await ctx.store.rules.create(makeRule({ ruleId: 'r0', priority: 5 }));
      await ctx.store.rules.create(makeRule({ ruleId: 'p1', orgId: '*', priority: 1 }));
      await ctx.store.rules.create(makeRule({ ruleId: 'b1', orgId: 'org-b' }));
      expect(await ctx.store.rules.get('org-a', 'r1')).toEqual(r1);
      expect(await ctx.store.rules.get('org-b', 'r1')).toBeNull();
      expect((await ctx.store.rules.list(['org-a', '*'], 10)).map((r) => r.ruleId)).toEqual([
        'p1',
        'r0',
        'r1',
      ]);
      expect((await ctx.store.rules.list(['org-a'], 1)).map((r) => r.ruleId)).toEqual(['r0']);
      expect(await ctx.store.rules.count('org-a')).toBe(2);
      const changed = { ...r1, name: 'Renamed', priority: 1, updateTime: at(5) };
      expect(await ctx.store.rules.replace(changed)).toBe(true);
      expect(await ctx.store.rules.replace({ ...changed, orgId: 'org-c' })).toBe(false);
      expect(await ctx.store.rules.get('org-a', 'r1')).toEqual(changed);
      expect((await ctx.store.rules.list(['org-a'], 10)).map((r) => r.ruleId)).toEqual([
        'r1',
        'r0',
      ]);
      expect(await ctx.store.rules.delete('org-b', 'r1')).toBe(false);
      expect(await ctx.store.rules.delete('org-a', 'r1')).toBe(true);
      expect(await ctx.store.rules.get('org-a', 'r1')).toBeNull();
    });

    it('keeps preferences per user and org, replacing the whole document', async () => {
      const prefs = Preferences.parse({
        channels: { EMAIL: { enabled: false, messageTypes: { ALERT: true } } },
        quietHours: { start: '22:00', end: '07:00' },
        timeZone: 'Asia/Shanghai',
      });
      expect(await ctx.store.preferences.get('org-a', 'u1')).toBeNull();
      await ctx.store.preferences.put('org-a', 'u1', prefs, at(0));
      await ctx.store.preferences.put('org-a', '*', Preferences.parse({}), at(0));
      expect(await ctx.store.preferences.get('org-a', 'u1')).toEqual(prefs);
      expect(await ctx.store.preferences.get('org-b', 'u1')).toBeNull();
      const next = Preferences.parse({ timeZone: 'Europe/Berlin' });
      await ctx.store.preferences.put('org-a', 'u1', next, at(1));
      expect(await ctx.store.preferences.get('org-a', 'u1')).toEqual(next);
      expect(await ctx.store.preferences.get('org-a', '*')).toEqual(Preferences.parse({}));
    });
  });

  describe('outbox', () => {
    it('enqueues idempotently and claims each due job once, counting the attempt', async () => {
      await ctx.store.outbox.enqueue([
        makeDelivery(),
        makeDelivery({ deliveryId: 'd2', nextAttemptAt: at(10) }),
      ]);
      await ctx.store.outbox.enqueue([makeDelivery({ address: 'changed@example.com' })]);
      const [a, b] = await Promise.all([
        ctx.store.outbox.claimDue(at(1), 'i1', 30_000, 10),
        ctx.store.outbox.claimDue(at(1), 'i2', 30_000, 10),
      ]);
      const claimed = [...a, ...b];
      expect(claimed.map((d) => d.deliveryId)).toEqual(['d1']);
      expect(claimed[0]).toMatchObject({
        attempts: 1,
        address: 'u1@example.com',
        leaseUntil: at(1.5),
      });
      expect(claimed[0]!.leaseToken).toEqual(expect.any(String));
      expect(await ctx.store.outbox.claimDue(at(1), 'i2', 30_000, 10)).toEqual([]);
      // The lease runs out: another instance takes the job over and the first loses its right to finish.
      const [taken] = await ctx.store.outbox.claimDue(at(2), 'i2', 30_000, 10);
      expect(taken).toMatchObject({ deliveryId: 'd1', attempts: 2, leaseOwner: 'i2' });
      expect(
        await ctx.store.outbox.complete(
          'd1',
          claimed[0]!.leaseToken!,
          { status: 'DELIVERED' },
          at(2),
        ),
      ).toBe(false);
      expect(
        await ctx.store.outbox.complete('d1', taken!.leaseToken!, { status: 'DELIVERED' }, at(2)),
      ).toBe(true);
      expect(
        await ctx.store.outbox.complete(
          'd1',
          taken!.leaseToken!,
          { status: 'FAILED', error: 'late' },
          at(3),
        ),
      ).toBe(false);
      expect(await ctx.store.outbox.get('org-a', 'd1')).toMatchObject({
        status: 'DELIVERED',
        deliveredTime: at(2),
        leaseToken: null,
        attempts: 2,
      });
      expect(await ctx.store.outbox.get('org-b', 'd1')).toBeNull();
    });

    it('reschedules, defers without counting, fails for good, and retries a FAILED job', async () => {
      await ctx.store.outbox.enqueue([makeDelivery()]);
      const [first] = await ctx.store.outbox.claimDue(at(0), 'i1', 30_000, 10);
      expect(
        await ctx.store.outbox.complete(
          'd1',
          first!.leaseToken!,
          { status: 'PENDING', nextAttemptAt: at(5), error: 'HTTP 500' },
          at(0),
        ),
      ).toBe(true);
      expect(await ctx.store.outbox.claimDue(at(4), 'i1', 30_000, 10)).toEqual([]);
      const [second] = await ctx.store.outbox.claimDue(at(5), 'i1', 30_000, 10);
      expect(second).toMatchObject({ attempts: 2, lastError: 'HTTP 500' });
      expect(
        await ctx.store.outbox.complete(
          'd1',
          second!.leaseToken!,
          { status: 'DEFERRED', nextAttemptAt: at(6), error: 'circuit open' },
          at(5),
        ),
      ).toBe(true);
      expect(await ctx.store.outbox.get('org-a', 'd1')).toMatchObject({
        attempts: 1,
        status: 'PENDING',
      });
      const [third] = await ctx.store.outbox.claimDue(at(6), 'i1', 30_000, 10);
      expect(await ctx.store.outbox.retry('org-a', 'd1', at(6))).toBeNull();
      expect(
        await ctx.store.outbox.complete(
          'd1',
          third!.leaseToken!,
          { status: 'FAILED', error: 'HTTP 500 again' },
          at(6),
        ),
      ).toBe(true);
      expect(await ctx.store.outbox.get('org-a', 'd1')).toMatchObject({
        status: 'FAILED',
        lastError: 'HTTP 500 again',
        attempts: 2,
      });
      expect(await ctx.store.outbox.retry('org-b', 'd1', at(7))).toBeNull();
      expect(await ctx.store.outbox.retry('org-a', 'd1', at(7))).toMatchObject({
        status: 'PENDING',
        attempts: 0,
      });
      expect(
        (await ctx.store.outbox.claimDue(at(7), 'i1', 30_000, 10)).map((d) => d.deliveryId),
      ).toEqual(['d1']);
    });

    it('lists the deliveries of one message in its org, oldest first, bounded', async () => {
      await ctx.store.outbox.enqueue([
        makeDelivery({ deliveryId: 'd2', createTime: at(1) }),
        makeDelivery({ deliveryId: 'd1', createTime: at(0) }),
        makeDelivery({ deliveryId: 'd3', messageId: 'msg_2' }),
        makeDelivery({ deliveryId: 'd4', orgId: 'org-b' }),
      ]);
      expect(
        (await ctx.store.outbox.listByMessage('org-a', 'msg_1', 10)).map((d) => d.deliveryId),
      ).toEqual(['d1', 'd2']);
      expect(
        (await ctx.store.outbox.listByMessage('org-a', 'msg_1', 1)).map((d) => d.deliveryId),
      ).toEqual(['d1']);
      expect(await ctx.store.outbox.listByMessage('org-c', 'msg_1', 10)).toEqual([]);
    });
  });
}
