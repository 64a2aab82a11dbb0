import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from './expect-error.js';

const SEED_TITLE = "系统维护通知 - {maintenanceDate|date('MM月dd日')}";
const SEED_CONTENT = `尊敬的{recipient.name}，

系统将于{maintenanceDate|date('yyyy年MM月dd日 HH:mm')}进行维护升级，
预计耗时{duration}小时。

{if affectedServices}
本次维护将影响以下服务：
{for service in affectedServices}
- {service.name}：{service.description}
{/for}
{/if}
系统管理员`;

/** `templates.*` through the real server: authoring, validation, preview, send. */
export function describeTemplates(label: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`templates on ${label}`, () => {
    let backend: BackendUnderTest;
    let server: TestServer;
    let admin: Client;
    beforeAll(async () => {
      backend = await makeBackend();
      server = await startTestServer({ ...backend.env, MC_TIME_ZONE: 'Asia/Shanghai' });
      admin = httpClient(server.url, await tokenFor('tpl-admin', 'acme', ['admin']));
    });
    afterAll(async () => {
      await server?.stop();
      await backend?.cleanup();
    });

    const variables = [
      { name: 'maintenanceDate', type: 'DATETIME' as const, required: true, description: '维护开始时间' },
      { name: 'duration', type: 'NUMBER' as const, required: true },
      { name: 'affectedServices', type: 'ARRAY' as const, required: false },
    ];

    it('creates, versions, previews and sends the seed maintenance notice, personalised per recipient', async () => {
      const t = await admin.templates.create.mutate({ templateId: 'maintenance', name: '系统维护通知模板', category: 'MAINTENANCE', messageType: 'SYSTEM', priority: 'HIGH', title: SEED_TITLE, content: SEED_CONTENT, variables });
      expect(t.version).toBe(1);
      const values = { maintenanceDate: '2026-01-20T14:00:00Z', duration: 2, affectedServices: [{ name: '设备管理', description: '暂停远程控制' }] };
      const pv = await admin.templates.preview.query({ templateId: 'maintenance', values });
      expect(pv.hasErrors).toBe(false);
      expect(pv.title).toBe('系统维护通知 - 01月20日');
      expect(pv.content).toContain('系统将于2026年01月20日 22:00进行维护升级');
      expect(pv.content).toContain('- 设备管理：暂停远程控制\n');

      const updated = await admin.templates.update.mutate({ templateId: 'maintenance', expectedVersion: 1, priority: 'URGENT' });
      expect(updated.version).toBe(2);
      expect((await admin.templates.history.query({ templateId: 'maintenance' })).map((h) => h.version)).toEqual([1]);
      await expectAppError(admin.templates.update.mutate({ templateId: 'maintenance', expectedVersion: 1, name: 'stale' }), 'BAD_REQUEST', 'FORMAT_001', ['expectedVersion']);

      await admin.groups.create.mutate({ groupId: 'ops-team', name: 'Ops', members: ['wang', 'li'] });
      const sent = await admin.templates.send.mutate({ templateId: 'maintenance', groupId: 'ops-team', groupType: 'USER_GROUP', values });
      expect(sent).toMatchObject({ recipients: 2, templateVersion: 2 });
      for (const [id, name] of [['wang', '王工'], ['li', '李工']] as const) {
        const reader = httpClient(server.url, await tokenFor(id, 'acme', ['user'], { name }));
        const m = await reader.messages.get.query({ messageId: sent.messageId });
        expect(m.content.startsWith(`尊敬的${name}，\n`)).toBe(true);
        expect(m.priority).toBe('URGENT');
        expect(m.metadata).toMatchObject({ templateId: 'maintenance', templateVersion: 2 });
        expect(m.metadata).not.toHaveProperty('personalization');
      }
      const direct = await admin.templates.send.mutate({ templateId: 'maintenance', receiverId: 'zhao', values: { ...values, affectedServices: [] } });
      const zhao = httpClient(server.url, await tokenFor('zhao', 'acme', ['user']));
      const dm = await zhao.messages.get.query({ messageId: direct.messageId });
      expect(dm.content).not.toContain('本次维护将影响以下服务');
    });

    it('refuses templates with errors, pointing at line and column, and bad values', async () => {
      const bad = await expectAppError(
        admin.templates.create.mutate({ name: 'broken', title: 'ok', content: 'line one\n{if x}\nno close', variables: [{ name: 'x', type: 'BOOLEAN', required: false }] }),
        'BAD_REQUEST',
        'FORMAT_001',
        ['content'],
      );
      const diagnostics = bad.data?.details?.diagnostics as { line: number; column: number; field: string }[];
      expect(diagnostics[0]).toMatchObject({ field: 'content', line: 2, column: 1 });
      const v = await admin.templates.validate.query({ title: '{oops', content: 'fine', variables: [] });
      expect(v.hasErrors).toBe(true);
      expect(v.title[0]).toMatchObject({ severity: 'error', line: 1, column: 1 });
      await expectAppError(admin.templates.send.mutate({ templateId: 'maintenance', receiverId: 'zhao', values: { duration: 'two' } }), 'BAD_REQUEST', 'FORMAT_001', ['values.maintenanceDate', 'values.duration']);
      const user = httpClient(server.url, await tokenFor('nobody', 'acme', ['user']));
      await expectAppError(user.templates.list.query({}), 'FORBIDDEN', 'AUTH_002');
      const otherOrg = httpClient(server.url, await tokenFor('x', 'other', ['admin']));
      await expectAppError(otherOrg.templates.get.query({ templateId: 'maintenance' }), 'NOT_FOUND', 'MSG_002');
    });
  });
}
