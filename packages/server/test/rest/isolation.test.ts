import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/index.js';
import { pathParamsOf } from '../../src/transport/rest/openapi.js';
import { REST_ROUTES } from '../../src/transport/rest/routes.js';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { dayRange, rest } from './support.js';

const WEAKER: Record<Role, Role | null> = { user: null, sender: 'user', admin: 'sender', platform: 'admin' };

/** Tenant isolation and roles on every REST route, as the end-to-end suite checks them on tRPC. */
describe('REST: tenant isolation and roles', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  const url = () => server.url;
  const token = (user: string, org: string, roles: Role[]) => tokenFor(user, org, roles);

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  const concretePath = (path: string) => pathParamsOf(path).reduce((p, name) => p.replace(`{${name}}`, 'some-id'), path);

  it('every route: no token → 401 AUTH_001; a weaker role → 403 AUTH_002; its own role passes the role check', async () => {
    for (const route of REST_ROUTES) {
      if (route.role === 'public') continue;
      const path = concretePath(route.path);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const anonymous = await rest(url(), null, route.method, path, body);
      expect(anonymous.status, `${route.method} ${route.path}`).toBe(401);
      expect(anonymous.body.data.appCode).toBe('AUTH_001');
      const weaker = WEAKER[route.role];
      if (weaker) {
        const refused = await rest(url(), await token('w', 'acme', [weaker]), route.method, path, body);
        expect(refused.status, `${route.method} ${route.path} as ${weaker}`).toBe(403);
        expect(refused.body.data.appCode).toBe('AUTH_002');
      }
      const allowed = await rest(url(), await token('ok', 'acme', [route.role]), route.method, path, body);
      expect([401, 403], `${route.method} ${route.path} as ${route.role}: ${JSON.stringify(allowed.body)}`).not.toContain(allowed.status);
    }
    const forged = await rest(url(), 'not-a-jwt', 'GET', '/messages');
    expect(forged).toMatchObject({ status: 401, body: { code: 401, data: { appCode: 'AUTH_001' } } });
  });

  it("one org's messages, templates and groups are invisible and untouchable from another", async () => {
    const acmeAdmin = await token('ops', 'acme', ['admin']);
    const sent = await rest(url(), acmeAdmin, 'POST', '/messages/send', { receiverId: 'alice', messageType: 'BUSINESS', title: 'acme-only 机密', content: 'for acme' });
    const id: string = sent.body.data.messageId;
    const template = await rest(url(), acmeAdmin, 'POST', '/message-templates', { name: 'T', title: 'Hi', content: 'Body' });
    const templateId: string = template.body.data.templateId;
    await rest(url(), acmeAdmin, 'POST', '/groups', { groupId: 'team', name: 'Team', members: ['alice'] });

    const mallory = await token('alice', 'other-org', ['user']);
    for (const [method, path, body] of [
      ['GET', `/messages/${id}`],
      ['PUT', `/messages/${id}/read`],
      ['PUT', `/messages/${id}/unread`],
      ['PUT', `/messages/${id}/archive`, {}],
      ['POST', `/messages/${id}/ack`, { status: 'READ' }],
      ['DELETE', `/messages/${id}`],
    ] as const) {
      const r = await rest(url(), mallory, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.data.appCode).toBe('MSG_002');
    }
    expect((await rest(url(), mallory, 'POST', '/messages/batch-delete', { messageIds: [id] })).body.data.deleted).toBe(0);
    expect((await rest(url(), mallory, 'PUT', '/messages/batch-read', { messageIds: [id] })).body.data.updated).toBe(0);
    expect((await rest(url(), mallory, 'GET', `/messages/search?q=${encodeURIComponent('机密')}`)).body.data.items).toHaveLength(0);
    expect((await rest(url(), mallory, 'GET', '/messages?size=100')).body.data.items).toHaveLength(0);

    const otherAdmin = await token('admin-b', 'other-org', ['admin']);
    for (const [method, path, body] of [
      ['GET', `/org/messages/${id}/recipients`],
      ['GET', `/message-templates/${templateId}`],
      ['PUT', `/message-templates/${templateId}`, { name: 'stolen' }],
      ['DELETE', `/message-templates/${templateId}`],
      ['POST', `/message-templates/${templateId}/preview`, {}],
      ['POST', `/message-templates/${templateId}/send`, { receiverId: 'x' }],
      ['GET', '/groups/team'],
      ['PUT', '/groups/team', { name: 'stolen' }],
      ['POST', '/groups/team/members', { userIds: ['mallory'] }],
      ['DELETE', '/groups/team'],
    ] as const) {
      const r = await rest(url(), otherAdmin, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await rest(url(), otherAdmin, 'GET', '/org/messages')).body.data.items).toHaveLength(0);
    expect((await rest(url(), otherAdmin, 'GET', '/message-templates')).body.data.items).toHaveLength(0);
    const { today } = dayRange();
    const stats = await rest(url(), otherAdmin, 'GET', `/messages/statistics?startDate=${today}&endDate=${today}&orgId=acme`);
    expect(stats.status).toBe(403);
    const all = await rest(url(), otherAdmin, 'POST', '/messages/broadcast', { scope: 'ALL_USERS', messageType: 'ANNOUNCEMENT', title: 'all', content: '' });
    expect(all.status).toBe(403);
    const b = await rest(url(), otherAdmin, 'POST', '/messages/broadcast', { scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'B only', content: '' });
    const alice = await token('alice', 'acme', ['user']);
    expect((await rest(url(), alice, 'GET', '/messages?size=100')).body.data.items.map((m: { messageId: string }) => m.messageId)).not.toContain(b.body.data.messageId);
    // The acme message is still there, untouched.
    expect((await rest(url(), alice, 'GET', `/messages/${id}`)).body.data.state).toBe('UNREAD');
  });
});
