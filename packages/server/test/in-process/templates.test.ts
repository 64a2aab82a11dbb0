import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

const TITLE = "系统维护通知 - {maintenanceDate|date('MM月dd日')}";
const CONTENT = `尊敬的{recipient.name}，
系统将于{maintenanceDate|date('yyyy年MM月dd日 HH:mm')}进行维护，预计{duration}小时。
{if affectedServices}{for s in affectedServices}- {s.name}
{/for}{/if}`;
const VARIABLES = [
  { name: 'maintenanceDate', type: 'DATETIME' as const, required: true },
  { name: 'duration', type: 'NUMBER' as const, required: true },
  { name: 'affectedServices', type: 'ARRAY' as const, required: false },
];
const VALUES = { maintenanceDate: '2030-01-20T14:00:00Z', duration: 2, affectedServices: [{ name: '设备管理' }] };

describe('templates (in-process)', () => {
  let mc: InProcessCenter;
  let admin: Caller;
  const create = (extra: Record<string, unknown> = {}) =>
    admin.templates.create({ templateId: 'maintenance', name: '维护模板', category: 'MAINTENANCE', messageType: 'SYSTEM', priority: 'HIGH', title: TITLE, content: CONTENT, variables: VARIABLES, ...extra });

  beforeEach(async () => {
    mc = await startInProcess({ timeZone: 'Asia/Shanghai' });
    admin = await mc.as('tpl-admin', 'acme', ['admin']);
  });
  afterEach(() => mc.close());

  it('creates, lists, updates with optimistic versions, keeps history, and deletes', async () => {
    expect(await create()).toMatchObject({ templateId: 'maintenance', orgId: 'acme', version: 1, enabled: true });
    await admin.templates.create({ name: 'Welcome', title: 'Hi', content: 'Hello {recipient.name}', category: 'ONBOARDING' });
    await expectAppError(create(), 'BAD_REQUEST', 'FORMAT_001', ['templateId']);
    expect((await admin.templates.list({ category: 'MAINTENANCE' })).items.map((t) => t.templateId)).toEqual(['maintenance']);
    expect((await admin.templates.list({ q: 'welcome' })).total).toBe(1);
    const v2 = await admin.templates.update({ templateId: 'maintenance', expectedVersion: 1, priority: 'URGENT' });
    expect(v2).toMatchObject({ version: 2, priority: 'URGENT', title: TITLE });
    await expectAppError(admin.templates.update({ templateId: 'maintenance', expectedVersion: 1, name: 'stale' }), 'BAD_REQUEST', 'FORMAT_001', ['expectedVersion']);
    expect((await admin.templates.history({ templateId: 'maintenance' })).map((h) => [h.version, h.priority])).toEqual([[1, 'HIGH']]);
    expect(await admin.templates.delete({ templateId: 'maintenance' })).toMatchObject({ deleted: true });
    await expectAppError(admin.templates.get({ templateId: 'maintenance' }), 'NOT_FOUND', 'MSG_002');
  });

  it('validates with line and column, and refuses to store a broken template', async () => {
    const v = await admin.templates.validate({ title: '{oops', content: 'fine', variables: [] });
    expect(v.hasErrors).toBe(true);
    expect(v.title[0]).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect((await admin.templates.validate({ title: TITLE, content: CONTENT, variables: VARIABLES })).hasErrors).toBe(false);
    const e = await expectAppError(
      admin.templates.create({ name: 'broken', title: 'ok', content: 'line one\n{if x}\nno close', variables: [{ name: 'x', type: 'BOOLEAN', required: false }] }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['content'],
    );
    const diagnostics = (e.cause as { details?: { diagnostics?: { line: number; column: number }[] } }).details?.diagnostics;
    expect(diagnostics?.[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('previews a stored template or raw source in the configured time zone', async () => {
    await create();
    const pv = await admin.templates.preview({ templateId: 'maintenance', values: VALUES });
    expect(pv.hasErrors).toBe(false);
    expect(pv.title).toBe('系统维护通知 - 01月20日');
    expect(pv.content).toContain('系统将于2030年01月20日 22:00进行维护，预计2小时。');
    expect(pv.content).toContain('- 设备管理\n');
    const raw = await admin.templates.preview({ source: { title: 'T {n}', content: '{n} items', variables: [{ name: 'n', type: 'NUMBER', required: true }] }, values: { n: 3 } });
    expect([raw.title, raw.content]).toEqual(['T 3', '3 items']);
  });

  it('sends to a user, a group and the org, personalised for each reader', async () => {
    await create();
    await admin.groups.create({ groupId: 'ops', name: 'Ops', members: ['wang', 'li'] });
    const wang = await mc.as('wang', 'acme', ['user'], '王工');
    const li = await mc.as('li', 'acme', ['user'], '李工');
    const toGroup = await admin.templates.send({ templateId: 'maintenance', groupId: 'ops', groupType: 'USER_GROUP', values: VALUES });
    expect(toGroup).toMatchObject({ recipients: 2, templateVersion: 1 });
    for (const [reader, name] of [[wang, '王工'], [li, '李工']] as const) {
      const m = await reader.messages.get({ messageId: toGroup.messageId });
      expect(m.content.startsWith(`尊敬的${name}，\n`)).toBe(true);
      expect(m).toMatchObject({ title: '系统维护通知 - 01月20日', messageType: 'SYSTEM', priority: 'HIGH', category: 'MAINTENANCE' });
      expect(m.metadata).toMatchObject({ templateId: 'maintenance', templateVersion: 1 });
    }
    const direct = await admin.templates.send({ templateId: 'maintenance', receiverId: 'zhao', values: { ...VALUES, affectedServices: [] } });
    expect((await (await mc.as('zhao')).messages.get({ messageId: direct.messageId })).content).not.toContain('设备管理');
    const org = await admin.templates.send({ templateId: 'maintenance', scope: 'ORGANIZATION', values: VALUES });
    expect((await li.messages.get({ messageId: org.messageId })).content.startsWith('尊敬的李工，')).toBe(true);
  });

  it('refuses bad values, disabled or foreign templates, and callers without the role', async () => {
    await create();
    await expectAppError(admin.templates.send({ templateId: 'maintenance', receiverId: 'zhao', values: { duration: 'two' } }), 'BAD_REQUEST', 'FORMAT_001', ['values.maintenanceDate', 'values.duration']);
    await expectAppError(admin.templates.send({ templateId: 'maintenance', values: VALUES }), 'BAD_REQUEST', 'FORMAT_001', ['receiverId']);
    await expectAppError(admin.templates.send({ templateId: 'nope', receiverId: 'zhao', values: VALUES }), 'NOT_FOUND', 'MSG_002');
    await admin.templates.update({ templateId: 'maintenance', enabled: false });
    await expectAppError(admin.templates.send({ templateId: 'maintenance', receiverId: 'zhao', values: VALUES }), 'BAD_REQUEST', 'FORMAT_001');
    const other = await mc.as('x', 'globex', ['admin']);
    await expectAppError(other.templates.get({ templateId: 'maintenance' }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(other.templates.send({ templateId: 'maintenance', receiverId: 'zhao', values: VALUES }), 'NOT_FOUND', 'MSG_002');
    await expectAppError((await mc.as('nobody')).templates.list({}), 'FORBIDDEN', 'AUTH_002');
    await expectAppError((await mc.as('svc', 'acme', ['sender'])).templates.create({ name: 'n', title: 't', content: 'c' }), 'FORBIDDEN', 'AUTH_002');
  });
});
