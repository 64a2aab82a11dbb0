import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { dayRange, rest } from './support.js';

/** The design document's §6.1 requests, sent as written (only ids and dates adapted), over plain fetch. */
describe('REST: the design document §6.1 requests', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let admin: string;
  let reader: string;
  const url = () => server.url;

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
    admin = await tokenFor('ops', 'acme', ['admin']);
    reader = await tokenFor('1001', 'acme', ['user']);
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('§6.1.1 messages: send, group send, broadcast, list, get, read, batch read, delete, unread count, search', async () => {
    const sent = await rest(url(), admin, 'POST', '/messages/send', {
      receiverId: 1001,
      messageType: 'SYSTEM',
      title: '系统维护通知',
      content: '系统将于今晚进行维护...',
      priority: 'HIGH',
      category: 'MAINTENANCE',
      metadata: { actionUrl: '/maintenance/details', actionText: '查看详情' },
      expireTime: '2099-01-27T00:00:00Z',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ code: 200, message: 'success', data: { status: 'SENT' } });
    const messageId: string = sent.body.data.messageId;

    expect((await rest(url(), admin, 'POST', '/groups', { groupId: 2001, name: 'Ops', members: ['1001'] })).status).toBe(200);
    const group = await rest(url(), admin, 'POST', '/messages/send-to-group', { groupId: 2001, groupType: 'USER_GROUP', messageType: 'BUSINESS', title: '任务分配通知', content: '您有新的任务需要处理...', priority: 'NORMAL' });
    expect(group.body).toMatchObject({ code: 200, data: { recipients: 1 } });
    const broadcast = await rest(url(), admin, 'POST', '/messages/broadcast', { scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: '重要公告', content: '平台将新增功能...', priority: 'HIGH' });
    expect(broadcast.status).toBe(200);

    const list = await rest(url(), reader, 'GET', '/messages?page=1&size=20&status=UNREAD&messageType=SYSTEM');
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((m: { messageId: string }) => m.messageId)).toEqual([messageId]);
    expect(list.body.data.items[0].expireTime).toBe('2099-01-27T00:00:00.000Z');
    expect(list.body.data.items[0].createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    expect((await rest(url(), reader, 'GET', `/messages/${messageId}`)).body.data).toMatchObject({ title: '系统维护通知', state: 'UNREAD', metadata: { actionText: '查看详情' } });
    expect((await rest(url(), reader, 'GET', '/messages/unread-count')).body.data.total).toBe(3);
    expect((await rest(url(), reader, 'PUT', `/messages/${messageId}/read`)).body.data.state).toBe('READ');
    const batch = await rest(url(), reader, 'PUT', '/messages/batch-read', { messageIds: [group.body.data.messageId, broadcast.body.data.messageId, 'msg_003'] });
    expect(batch.body.data.updated).toBe(2);
    expect((await rest(url(), reader, 'GET', '/messages/unread-count')).body.data.total).toBe(0);

    const search = await rest(url(), reader, 'GET', `/messages/search?q=${encodeURIComponent('维护')}&category=MAINTENANCE&startDate=2024-01-01`);
    expect(search.body.data.items.map((m: { messageId: string }) => m.messageId)).toEqual([messageId]);

    expect((await rest(url(), reader, 'DELETE', `/messages/${messageId}`)).body.data).toEqual({ deleted: true });
    const gone = await rest(url(), reader, 'GET', `/messages/${messageId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 404, data: { appCode: 'MSG_002' } });
  });

  it('§6.1.2 templates: create, send with template, preview, list, update, delete', async () => {
    const created = await rest(url(), admin, 'POST', '/message-templates', {
      name: '系统维护通知模板',
      category: 'MAINTENANCE',
      title: '系统维护通知 - {date}',
      content: '尊敬的{userName}，系统将于{maintenanceTime}进行维护...',
      variables: [
        { name: 'userName', type: 'STRING', required: true, description: '用户姓名' },
        { name: 'maintenanceTime', type: 'DATETIME', required: true, description: '维护时间' },
        { name: 'date', type: 'DATE', required: false, description: '日期' },
      ],
      priority: 'HIGH',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const templateId: string = created.body.data.templateId;

    const sent = await rest(url(), admin, 'POST', `/message-templates/${templateId}/send`, {
      receiverId: 1001,
      variables: { userName: '张三', maintenanceTime: '2024-01-20T22:00:00Z', date: '2024-01-20' },
      metadata: { actionUrl: '/maintenance/schedule' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const got = await rest(url(), reader, 'GET', `/messages/${sent.body.data.messageId}`);
    expect(got.body.data.title).toContain('2024');
    expect(got.body.data.content).toContain('尊敬的张三');

    const preview = await rest(url(), admin, 'POST', `/message-templates/${templateId}/preview`, { variables: { userName: '张三', maintenanceTime: '2024-01-20T22:00:00Z' } });
    expect(preview.status).toBe(200);
    expect(preview.body.data.content).toContain('尊敬的张三');

    const list = await rest(url(), admin, 'GET', '/message-templates?category=MAINTENANCE&enabled=true');
    expect(list.body.data.items.map((t: { templateId: string }) => t.templateId)).toEqual([templateId]);
    const updated = await rest(url(), admin, 'PUT', `/message-templates/${templateId}`, { name: '系统维护通知模板 v2' });
    expect(updated.body.data).toMatchObject({ version: 2, name: '系统维护通知模板 v2' });
    expect((await rest(url(), admin, 'DELETE', `/message-templates/${templateId}`)).status).toBe(200);
    expect((await rest(url(), admin, 'GET', `/message-templates/${templateId}`)).status).toBe(404);
  });

  it('§6.1.3 statistics: the seed response shape, user statistics and trending', async () => {
    const { today } = dayRange();
    const stats = await rest(url(), admin, 'GET', `/messages/statistics?startDate=${today}&endDate=${today}&groupBy=day`);
    expect(stats.status).toBe(200);
    expect(stats.body.code).toBe(200);
    expect(stats.body.message).toBe('success');
    const data = stats.body.data;
    for (const key of ['total', 'delivered', 'read', 'readRate', 'avgReadTime']) expect(typeof data[key]).toBe('number');
    expect(data.total).toBeGreaterThanOrEqual(4);
    expect(data.dailyStats).toEqual([expect.objectContaining({ date: today, total: data.total, delivered: expect.any(Number), read: expect.any(Number), readRate: expect.any(Number) })]);
    expect(data.typeStats).toEqual(expect.arrayContaining([expect.objectContaining({ messageType: 'SYSTEM', count: expect.any(Number), readRate: expect.any(Number) })]));
    expect(data.readRate).toBeCloseTo(data.delivered ? data.read / data.delivered : 0, 3);

    const mine = await rest(url(), reader, 'GET', '/messages/user-statistics');
    expect(mine.body.data).toMatchObject({ userId: '1001', total: expect.any(Number) });
    const trending = await rest(url(), admin, 'GET', '/messages/trending?period=7d&limit=10');
    expect(trending.status).toBe(200);
    expect(Array.isArray(trending.body.data)).toBe(true);
  });
});
