import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAppError } from '../e2e/expect-error.js';
import { httpClient, tokenFor, type Client, type TestServer } from '../support/server.js';
import { ControlledClock, startClockedServer } from './support.js';

describe('operation log, user contacts (real server over HTTP)', () => {
  const clock = new ControlledClock();
  const dir = mkdtempSync(join(tmpdir(), 'mc-audit-'));
  let server: TestServer;
  let admin: Client;
  let otherAdmin: Client;

  beforeAll(async () => {
    server = await startClockedServer(dir, clock);
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    otherAdmin = httpClient(server.url, await tokenFor('chief', 'globex', ['admin']));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records every admin mutation type with actor, org, action, target, time and a compact diff', async () => {
    const template = await admin.templates.create.mutate({
      name: 'Welcome',
      title: 'Hi {{ user.name }}',
      content: 'Welcome aboard',
      variables: [],
    });
    await admin.templates.update.mutate({ templateId: template.templateId, name: 'Welcome v2' });
    await admin.templates.delete.mutate({ templateId: template.templateId });
    await admin.groups.create.mutate({ groupId: 'ops', name: 'Ops', members: ['u1'] });
    await admin.groups.addMembers.mutate({ groupId: 'ops', userIds: ['u2'] });
    const broadcast = await admin.messages.broadcast.mutate({
      scope: 'ORGANIZATION',
      messageType: 'ANNOUNCEMENT',
      title: 'All hands',
      content: 'Friday',
    });
    const notice = await admin.system.notify.mutate({
      level: 'INFO',
      title: 'Maintenance',
      content: '',
      expireTime: new Date(clock.now().getTime() + 3_600_000),
    });
    await admin.users.upsert.mutate({ userId: 'u1', email: 'u1@example.com' });
    await otherAdmin.groups.create.mutate({ groupId: 'sales', name: 'Sales' });
    // Reads and a user's own inbox changes are not admin mutations.
    await admin.groups.list.query({});

    const log = await admin.audit.list.query({ size: 100 });
    expect(log.items.map((e) => e.action).sort()).toEqual(
      [
        'groups.addMembers',
        'groups.create',
        'messages.broadcast',
        'system.notify',
        'templates.create',
        'templates.delete',
        'templates.update',
        'users.upsert',
      ].sort(),
    );
    const byAction = new Map(log.items.map((e) => [e.action, e]));
    expect(byAction.get('templates.create')).toMatchObject({
      orgId: 'acme',
      actorId: 'boss',
      targetId: template.templateId,
    });
    expect(byAction.get('templates.update')).toMatchObject({ targetId: template.templateId });
    expect(JSON.parse(byAction.get('templates.update')!.diff)).toMatchObject({
      name: 'Welcome v2',
    });
    expect(byAction.get('groups.addMembers')).toMatchObject({
      targetId: 'ops',
      diff: JSON.stringify({ groupId: 'ops', userIds: ['u2'] }),
    });
    expect(byAction.get('messages.broadcast')!.targetId).toBe(broadcast.messageId);
    expect(byAction.get('system.notify')!.targetId).toBe(notice.notificationId);
    expect(byAction.get('users.upsert')).toMatchObject({ targetId: 'u1' });
    expect(byAction.get('users.upsert')!.createTime).toEqual(clock.now());

    // Org isolation: the other org sees only its own entry and cannot ask for acme's.
    const other = await otherAdmin.audit.list.query({});
    expect(other.items.map((e) => [e.orgId, e.action])).toEqual([['globex', 'groups.create']]);
    await expectAppError(otherAdmin.audit.list.query({ orgId: 'acme' }), 'FORBIDDEN', 'AUTH_002');
    const platform = httpClient(server.url, await tokenFor('op', 'ops', ['platform']));
    expect((await platform.audit.list.query({ orgId: 'acme', size: 100 })).total).toBe(8);
    expect((await platform.audit.list.query({ orgId: '*', size: 100 })).total).toBe(9);
  });

  it('filters by action, actor and time and pages newest first', async () => {
    expect((await admin.audit.list.query({ action: 'templates.update' })).total).toBe(1);
    expect((await admin.audit.list.query({ actorId: 'nobody' })).total).toBe(0);
    const page1 = await admin.audit.list.query({ page: 1, size: 3 });
    const page2 = await admin.audit.list.query({ page: 2, size: 3 });
    expect(page1.total).toBe(8);
    expect(page1.items).toHaveLength(3);
    expect(new Set([...page1.items, ...page2.items].map((e) => e.auditId)).size).toBe(6);
    expect(
      (await admin.audit.list.query({ from: new Date(clock.now().getTime() + 1000) })).total,
    ).toBe(0);
  });

  it('purges entries past the retention', async () => {
    clock.advance(181 * 86_400);
    await admin.groups.update.mutate({ groupId: 'ops', name: 'Operations' });
    // Every org's old entries go (acme's eight and globex's one).
    expect(await server.app.services.audit.purge()).toBe(9);
    expect((await admin.audit.list.query({})).items.map((e) => e.action)).toEqual([
      'groups.update',
    ]);
  });

  it('refuses bad input and non-admins', async () => {
    await expectAppError(admin.audit.list.query({ size: 101 }), 'BAD_REQUEST', 'FORMAT_001', [
      'size',
    ]);
    await expectAppError(
      admin.audit.list.query({ from: 'yesterday' as unknown as Date }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['from'],
    );
    const user = httpClient(server.url, await tokenFor('u1', 'acme', ['user']));
    await expectAppError(user.audit.list.query({}), 'FORBIDDEN', 'AUTH_002');
    await expectAppError(user.users.upsert.mutate({ userId: 'u9' }), 'FORBIDDEN', 'AUTH_002');
    await expectAppError(
      admin.users.upsert.mutate({ userId: 'u1', email: 'not-an-email' }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['email'],
    );
    await expectAppError(
      admin.users.upsert.mutate({ userId: 'u1', timeZone: 'Mars/Olympus' }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['timeZone'],
    );
    await expectAppError(
      admin.users.upsert.mutate({ userId: 'u1', phone: '<script>' }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['phone'],
    );
  });

  it('keeps contacts per org', async () => {
    await otherAdmin.users.upsert.mutate({ userId: 'u1', email: 'someone-else@example.com' });
    const store = server.app.services.deps.store;
    expect(await store.users.get('acme', 'u1')).toMatchObject({ email: 'u1@example.com' });
    expect(await store.users.get('globex', 'u1')).toMatchObject({
      email: 'someone-else@example.com',
    });
  });
});
