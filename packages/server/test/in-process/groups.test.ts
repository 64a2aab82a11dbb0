import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

describe('groups (in-process)', () => {
  let mc: InProcessCenter;
  let admin: Caller;
  let sender: Caller;
  const sendToOps = async () =>
    (await sender.messages.sendToGroup({ groupId: 'ops', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'page', content: '' })).messageId;
  const inboxOf = async (userId: string) => (await (await mc.as(userId)).messages.list({})).items.map((m) => m.messageId);

  beforeEach(async () => {
    mc = await startInProcess();
    admin = await mc.as('boss', 'acme', ['admin']);
    sender = await mc.as('svc', 'acme', ['sender']);
  });
  afterEach(() => mc.close());

  it('creates, reads, lists by type and page, renames and deletes', async () => {
    const g = await admin.groups.create({ groupId: 'ops', name: 'Ops', members: ['gina', 'gus', 'gina'] });
    expect(g).toMatchObject({ groupId: 'ops', orgId: 'acme', name: 'Ops', type: 'USER_GROUP' });
    expect([...g.members].sort()).toEqual(['gina', 'gus']);
    await admin.groups.create({ groupId: 'oncall', name: 'On call', type: 'ROLE' });
    const generated = await admin.groups.create({ name: 'No id' });
    expect(generated.groupId.length).toBeGreaterThan(0);
    await expectAppError(admin.groups.create({ groupId: 'ops', name: 'again' }), 'BAD_REQUEST', 'FORMAT_001', ['groupId']);
    expect((await admin.groups.list({ type: 'ROLE' })).items.map((x) => x.groupId)).toEqual(['oncall']);
    const p1 = await admin.groups.list({ size: 2 });
    const p2 = await admin.groups.list({ size: 2, page: 2 });
    expect(p1.total).toBe(3);
    expect(new Set([...p1.items, ...p2.items].map((x) => x.groupId)).size).toBe(3);
    expect(await admin.groups.update({ groupId: 'ops', name: 'Operations', description: 'night shift' })).toMatchObject({ name: 'Operations', description: 'night shift' });
    expect((await admin.groups.get({ groupId: 'ops' })).name).toBe('Operations');
    expect(await admin.groups.delete({ groupId: 'oncall' })).toEqual({ deleted: true });
    await expectAppError(admin.groups.get({ groupId: 'oncall' }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(admin.groups.delete({ groupId: 'oncall' }), 'NOT_FOUND', 'MSG_002');
  });

  it('membership decides who sees group messages, including messages sent before joining', async () => {
    await admin.groups.create({ groupId: 'ops', name: 'Ops', members: ['gina'] });
    const first = await sendToOps();
    expect(await inboxOf('gina')).toEqual([first]);
    expect(await inboxOf('gus')).toEqual([]);
    expect((await admin.groups.addMembers({ groupId: 'ops', userIds: ['gus'] })).members).toContain('gus');
    expect(await inboxOf('gus')).toEqual([first]);
    await admin.groups.removeMembers({ groupId: 'ops', userIds: ['gina'] });
    const second = await sendToOps();
    expect(await inboxOf('gina')).toEqual([]);
    expect(await inboxOf('gus')).toEqual([second, first]);
    await admin.groups.delete({ groupId: 'ops' });
    await expectAppError(sendToOps(), 'NOT_FOUND', 'MSG_002');
  });

  it('is admin-only and scoped to the caller’s org', async () => {
    await admin.groups.create({ groupId: 'ops', name: 'Ops', members: ['gina'] });
    await expectAppError(sender.groups.list({}), 'FORBIDDEN', 'AUTH_002');
    await expectAppError((await mc.as('gina')).groups.get({ groupId: 'ops' }), 'FORBIDDEN', 'AUTH_002');
    const other = await mc.as('boss', 'globex', ['admin']);
    await expectAppError(other.groups.get({ groupId: 'ops' }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(other.groups.addMembers({ groupId: 'ops', userIds: ['mallory'] }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(other.groups.delete({ groupId: 'ops' }), 'NOT_FOUND', 'MSG_002');
    expect((await other.groups.list({})).total).toBe(0);
    // globex may have its own "ops"; acme's members never see its messages.
    await other.groups.create({ groupId: 'ops', name: 'Globex ops', members: ['gina'] });
    const globexSender = await mc.as('svc', 'globex', ['sender']);
    const m = await globexSender.messages.sendToGroup({ groupId: 'ops', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'g', content: '' });
    expect(await inboxOf('gina')).not.toContain(m.messageId);
    expect((await admin.groups.get({ groupId: 'ops' })).members).toEqual(['gina']);
  });

  it('refuses bad input with FORMAT_001 and the failing fields', async () => {
    await expectAppError(admin.groups.create({ name: '', type: 'CLUB' } as never), 'BAD_REQUEST', 'FORMAT_001', ['name', 'type']);
    await expectAppError(admin.groups.get({ groupId: 'has space' }), 'BAD_REQUEST', 'FORMAT_001', ['groupId']);
    await expectAppError(admin.groups.addMembers({ groupId: 'g', userIds: [] }), 'BAD_REQUEST', 'FORMAT_001', ['userIds']);
    await expectAppError(admin.groups.removeMembers({ groupId: 'g', userIds: [''] }), 'BAD_REQUEST', 'FORMAT_001', ['userIds.0']);
    await expectAppError(admin.groups.list({ size: 0 }), 'BAD_REQUEST', 'FORMAT_001', ['size']);
  });
});
