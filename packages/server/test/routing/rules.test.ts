import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor, type Client, type TestServer } from '../support/server.js';
import { refusal, SettableClock, startRoutingServer } from './support.js';

// 23:30 on a Saturday in Asia/Shanghai (UTC+8).
const NIGHT = new Date('2025-03-01T15:30:00Z');
const MORNING = new Date('2025-03-01T23:00:00Z');

describe('routing rules, dry run and quiet hours (real server)', () => {
  const clock = new SettableClock(NIGHT.getTime());
  let server: TestServer;
  let admin: Client;
  let otherAdmin: Client;
  let platform: Client;
  let sender: Client;
  let alice: Client;
  let plainUser: Client;

  beforeAll(async () => {
    server = await startRoutingServer(clock);
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    otherAdmin = httpClient(server.url, await tokenFor('boss2', 'globex', ['admin']));
    platform = httpClient(server.url, await tokenFor('ops', 'acme', ['platform']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    alice = httpClient(server.url, await tokenFor('alice', 'acme', ['user']));
    plainUser = httpClient(server.url, await tokenFor('bob', 'acme', ['user']));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses bad rule input with BAD_REQUEST / FORMAT_001 and the failing paths', async () => {
    const bad = await refusal(
      admin.rules.create.mutate({
        name: '',
        conditions: {
          time: { timeZone: 'Mars/Olympus', windows: [{ start: '25:00', end: '07:00' }] },
        },
        actions: {
          inApp: 'delay',
          channels: ['WEBHOOK'],
          webhook: { url: 'javascript:alert(1)', secret: 'short' },
          retry: { maxAttempts: 50, backoffMs: 1000 },
        },
      }),
    );
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', appCode: 'FORMAT_001' });
    expect(bad.fieldPaths).toEqual(
      expect.arrayContaining([
        'name',
        'conditions.time.timeZone',
        'conditions.time.windows.0.start',
        'actions.webhook.url',
        'actions.webhook.secret',
        'actions.retry.maxAttempts',
      ]),
    );
    const tooMany = await refusal(
      admin.rules.create.mutate({
        name: 'x',
        conditions: {
          time: {
            timeZone: 'UTC',
            windows: Array.from({ length: 9 }, () => ({ start: '01:00', end: '02:00' })),
          },
        },
        actions: {},
      }),
    );
    expect(tooMany.fieldPaths).toEqual(['conditions.time.windows']);
    const delay = await refusal(
      admin.rules.create.mutate({ name: 'x', actions: { inApp: 'delay' } }),
    );
    expect(delay.fieldPaths).toEqual(['actions.delayMs']);
  });

  it('refuses a rule naming another org’s group, and a non-admin or foreign-org write', async () => {
    await otherAdmin.groups.create.mutate({
      groupId: 'globex-ops',
      name: 'Ops',
      type: 'USER_GROUP',
    });
    const foreign = await refusal(
      admin.rules.create.mutate({
        name: 'x',
        conditions: { users: { groupIds: ['globex-ops'] } },
        actions: {},
      }),
    );
    expect(foreign).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'FORMAT_001',
      fieldPaths: ['conditions.users.groupIds.0'],
    });
    expect(foreign.message).toContain('globex-ops is not a group of organization acme');
    expect((await refusal(sender.rules.list.query())).appCode).toBe('AUTH_002');
    expect(
      (await refusal(admin.rules.create.mutate({ name: 'x', orgId: 'globex', actions: {} })))
        .appCode,
    ).toBe('AUTH_002');
    expect(
      (await refusal(admin.rules.create.mutate({ name: 'x', orgId: '*', actions: {} }))).appCode,
    ).toBe('AUTH_002');
  });

  it('creates, lists, updates and deletes rules per org; hides webhook secrets; platform defaults apply to all', async () => {
    await admin.groups.create.mutate({ groupId: 'oncall', name: 'On call', type: 'USER_GROUP' });
    const created = await admin.rules.create.mutate({
      name: 'Hook',
      priority: 50,
      conditions: { users: { groupIds: ['oncall'] } },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: 'https://hooks.example/a', secret: 'sixteen-chars-secret' },
      },
    });
    expect(created.actions.webhook).toEqual({ url: 'https://hooks.example/a', secret: '********' });
    const fallback = await platform.rules.create.mutate({
      name: 'Platform default',
      orgId: '*',
      priority: 1000,
      actions: {},
    });
    expect((await admin.rules.list.query()).items.map((r) => r.name)).toEqual([
      'Hook',
      'Platform default',
    ]);
    expect((await otherAdmin.rules.list.query()).items.map((r) => r.name)).toEqual([
      'Platform default',
    ]);
    expect((await refusal(otherAdmin.rules.get.query({ ruleId: created.ruleId }))).appCode).toBe(
      'MSG_002',
    );
    expect((await refusal(admin.rules.delete.mutate({ ruleId: fallback.ruleId }))).appCode).toBe(
      'AUTH_002',
    );
    const updated = await admin.rules.update.mutate({
      ruleId: created.ruleId,
      name: 'Hook 2',
      priority: 50,
      enabled: false,
      actions: {},
    });
    expect(updated).toMatchObject({ name: 'Hook 2', enabled: false, orgId: 'acme' });
    expect(await admin.rules.delete.mutate({ ruleId: created.ruleId })).toEqual({ deleted: true });
    expect(await platform.rules.delete.mutate({ ruleId: fallback.ruleId })).toEqual({
      deleted: true,
    });
    expect((await admin.rules.list.query()).items).toEqual([]);
  });

  it('night rule 22:00–07:00 Asia/Shanghai: NORMAL waits until 07:00 there, URGENT goes now; the dry run says why', async () => {
    const night = await admin.rules.create.mutate({
      name: 'Night',
      priority: 10,
      conditions: {
        time: { timeZone: 'Asia/Shanghai', windows: [{ start: '22:00', end: '07:00' }] },
      },
      actions: { inApp: 'quietHours' },
    });
    const dry = await admin.rules.test.query({
      userId: 'alice',
      message: { messageType: 'BUSINESS', priority: 'NORMAL' },
    });
    expect(dry.rules).toEqual([
      expect.objectContaining({
        ruleId: night.ruleId,
        matched: true,
        reason: 'all conditions hold',
      }),
    ]);
    expect(dry.deliverAt).toEqual(MORNING);
    expect(dry.inAppReason).toContain('quiet hours until 2025-03-01T23:00:00.000Z');
    const dryUrgent = await admin.rules.test.query({
      userId: 'alice',
      message: { messageType: 'BUSINESS', priority: 'URGENT' },
    });
    expect(dryUrgent.deliverAt).toBeNull();

    const normal = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'BUSINESS',
      title: 'Report ready',
      content: 'x',
    });
    const urgent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'BUSINESS',
      title: 'Server down',
      content: 'y',
      priority: 'URGENT',
    });
    expect(normal.status).toBe('SCHEDULED');
    expect(urgent.status).toBe('SENT');
    expect((await alice.messages.list.query({})).items.map((m) => m.title)).toEqual([
      'Server down',
    ]);

    clock.set(new Date(MORNING.getTime() - 60_000));
    expect((await alice.messages.list.query({})).items.map((m) => m.title)).toEqual([
      'Server down',
    ]);
    clock.set(MORNING);
    await expect
      .poll(async () => (await alice.messages.list.query({})).items.map((m) => m.title), {
        timeout: 5000,
      })
      .toEqual(['Report ready', 'Server down']);
    await admin.rules.delete.mutate({ ruleId: night.ruleId });
  });

  it('keeps preferences per user, org defaults for admins only, and validates them', async () => {
    expect(await alice.preferences.get.query()).toEqual({
      channels: {},
      quietHours: null,
      timeZone: null,
    });
    const saved = await alice.preferences.update.mutate({
      channels: { EMAIL: { enabled: false } },
      timeZone: 'Asia/Shanghai',
    });
    expect(saved).toEqual({
      channels: { EMAIL: { enabled: false } },
      quietHours: null,
      timeZone: 'Asia/Shanghai',
    });
    expect(await plainUser.preferences.get.query()).toEqual({
      channels: {},
      quietHours: null,
      timeZone: null,
    });
    expect(
      (await refusal(plainUser.preferences.update.mutate({ scope: 'ORG', timeZone: 'UTC' })))
        .appCode,
    ).toBe('AUTH_002');
    await admin.preferences.update.mutate({
      scope: 'ORG',
      quietHours: { start: '23:00', end: '06:00' },
    });
    expect(await admin.preferences.get.query({ scope: 'ORG' })).toMatchObject({
      quietHours: { start: '23:00', end: '06:00' },
    });
    // EFFECTIVE: what routing applies — the user's own choices over the org's defaults.
    expect(await plainUser.preferences.get.query({ scope: 'EFFECTIVE' })).toEqual({
      channels: {},
      quietHours: { start: '23:00', end: '06:00' },
      timeZone: null,
    });
    expect(await alice.preferences.get.query({ scope: 'EFFECTIVE' })).toEqual({
      channels: { EMAIL: { enabled: false } },
      quietHours: { start: '23:00', end: '06:00' },
      timeZone: 'Asia/Shanghai',
    });
    const bad = await refusal(
      alice.preferences.update.mutate({
        quietHours: { start: '7', end: '07:00' },
        timeZone: 'Nowhere/City',
      }),
    );
    expect(bad.fieldPaths).toEqual(expect.arrayContaining(['quietHours.start', 'timeZone']));
  });

  it('bounds the number of rules of an org', async () => {
    const limited = httpClient(server.url, await tokenFor('boss', 'limited', ['admin']));
    for (let i = 0; i < 100; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          limited.rules.create.mutate({ name: `r${i + j}`, actions: {} }),
        ),
      );
    }
    const over = await refusal(limited.rules.create.mutate({ name: 'one too many', actions: {} }));
    expect(over).toMatchObject({ code: 'BAD_REQUEST', appCode: 'FORMAT_001' });
    expect(over.message).toContain('at most 100 rules');
    // Another org is not affected by this org's rules.
    expect((await otherAdmin.rules.list.query()).items).toHaveLength(0);
  });

  it('refuses bad deliveries and preferences input with FORMAT_001, and bounds category preferences', async () => {
    const noId = await refusal(admin.deliveries.list.query({ messageId: '' }));
    expect(noId).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'FORMAT_001',
      fieldPaths: ['messageId'],
    });
    const tooMany = await refusal(admin.deliveries.list.query({ messageId: 'm', limit: 501 }));
    expect(tooMany.fieldPaths).toEqual(['limit']);
    expect((await refusal(admin.deliveries.retry.mutate({ deliveryId: 'missing' }))).appCode).toBe(
      'MSG_002',
    );
    const categories = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, false]));
    const prefs = await refusal(
      alice.preferences.update.mutate({ channels: { EMAIL: { enabled: true, categories } } }),
    );
    expect(prefs).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'FORMAT_001',
      fieldPaths: ['channels.EMAIL.categories'],
    });
    const unknownChannel = await refusal(
      alice.preferences.update.mutate({ channels: { FAX: { enabled: true } } } as never),
    );
    expect(unknownChannel.appCode).toBe('FORMAT_001');
  });
});
