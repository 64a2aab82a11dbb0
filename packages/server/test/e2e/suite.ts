import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, startTestServer, tokenFor, wsClient, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from './expect-error.js';

/**
 * The user-level end-to-end suite: the real server on a free port, the real `@trpc/client` over
 * HTTP and WebSocket, on whichever backend `makeBackend` provides.
 */
export function describeEndToEnd(label: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`end-to-end on ${label}`, () => {
    let backend: BackendUnderTest;
    let server: TestServer;
    let sender: Client;
    let adminA: Client;
    const ws: { close: () => Promise<void> }[] = [];
    const user = async (id: string, org = 'acme', roles: ('user' | 'sender' | 'admin' | 'platform')[] = ['user']) => httpClient(server.url, await tokenFor(id, org, roles));

    beforeAll(async () => {
      backend = await makeBackend();
      server = await startTestServer(backend.env);
      sender = await user('billing-service', 'acme', ['sender']);
      adminA = await user('admin-a', 'acme', ['admin']);
    });
    afterAll(async () => {
      await Promise.all(ws.map((c) => c.close()));
      await server?.stop();
      await backend?.cleanup();
    });

    it('send → list → markRead → unreadCount, over HTTP and WebSocket', async () => {
      const alice = await user('alice');
      const sent = await sender.messages.send.mutate({ receiverId: 'alice', messageType: 'BUSINESS', title: 'Task assigned', content: 'Task #123 is yours', priority: 'HIGH', category: 'TASK', metadata: { actionUrl: '/tasks/123' } });
      expect(sent).toMatchObject({ status: 'SENT' });
      expect(sent.messageId).toMatch(/^msg_/);

      const page = await alice.messages.list.query({ state: 'UNREAD' });
      expect(page.items.map((m) => m.messageId)).toContain(sent.messageId);
      const item = page.items.find((m) => m.messageId === sent.messageId)!;
      expect(item).toMatchObject({ title: 'Task assigned', priority: 'HIGH', category: 'TASK', state: 'UNREAD', metadata: { actionUrl: '/tasks/123' } });
      expect(item.createTime).toBeInstanceOf(Date);
      expect((await alice.messages.unreadCount.query()).byType.BUSINESS).toBe(1);

      const aliceWs = wsClient(server.wsUrl, await tokenFor('alice', 'acme', ['user']));
      ws.push(aliceWs);
      const viaWs = await aliceWs.client.messages.get.query({ messageId: sent.messageId });
      expect(viaWs.title).toBe('Task assigned');
      await aliceWs.client.messages.markRead.mutate({ messageId: sent.messageId });
      const counts = await alice.messages.unreadCount.query();
      expect(counts.total).toBe(0);
      expect((await alice.messages.get.query({ messageId: sent.messageId })).state).toBe('READ');
      expect((await alice.messages.list.query({ state: 'READ' })).items.map((m) => m.messageId)).toContain(sent.messageId);
      await alice.messages.markUnread.mutate({ messageId: sent.messageId });
      expect((await aliceWs.client.messages.unreadCount.query()).total).toBe(1);
    });

    it('pages by page number and by cursor without overlap', async () => {
      const pager = await user('pager');
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await sender.messages.send.mutate({ receiverId: 'pager', messageType: 'NOTIFICATION', title: `n${i}`, content: '' })).messageId);
      const p1 = await pager.messages.list.query({ size: 3 });
      expect(p1.total).toBe(7);
      expect(p1.items.map((m) => m.title)).toEqual(['n6', 'n5', 'n4']);
      const p3 = await pager.messages.list.query({ size: 3, page: 3 });
      expect(p3.items.map((m) => m.title)).toEqual(['n0']);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await pager.messages.list.query({ size: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...p.items.map((m) => m.messageId));
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it('group send reaches members only', async () => {
      await adminA.groups.create.mutate({ groupId: 'ops', name: 'Operations', members: ['gina', 'gus'] });
      const res = await sender.messages.sendToGroup.mutate({ groupId: 'ops', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'Device offline', content: 'LED panel 7 is offline' });
      expect(res.recipients).toBe(2);
      for (const member of ['gina', 'gus']) {
        const c = await user(member);
        expect((await c.messages.list.query({})).items.map((m) => m.messageId)).toContain(res.messageId);
      }
      const outsider = await user('olga');
      expect((await outsider.messages.list.query({})).items.map((m) => m.messageId)).not.toContain(res.messageId);
      await expectAppError(sender.messages.sendToGroup.mutate({ groupId: 'nope', groupType: 'USER_GROUP', messageType: 'ALERT', title: 't', content: '' }), 'NOT_FOUND', 'MSG_002');
    });

    it('an org broadcast is seen once by each of 3 users, with exact counts after reads and deletes', async () => {
      const org = 'bcast-org';
      const admin = await user('boss', org, ['admin']);
      const users = await Promise.all(['u1', 'u2', 'u3'].map((u) => user(u, org)));
      await Promise.all(users.map((u) => u.messages.unreadCount.query())); // users become known to the org
      const before = await Promise.all(users.map((u) => u.messages.unreadCount.query()));
      const b = await admin.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'Welcome', content: 'Hello all' });
      const b2 = await admin.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'SYSTEM', title: 'Second', content: 'Again' });
      expect(b.recipients).toBeGreaterThanOrEqual(3);
      for (const [i, u] of users.entries()) {
        const list = await u.messages.list.query({ size: 100 });
        expect(list.items.filter((m) => m.messageId === b.messageId)).toHaveLength(1);
        expect((await u.messages.unreadCount.query()).total).toBe(before[i]!.total + 2);
      }
      await users[0]!.messages.markRead.mutate({ messageId: b.messageId });
      await users[1]!.messages.delete.mutate({ messageId: b.messageId });
      await users[2]!.messages.batchRead.mutate({ all: true });
      const after = await Promise.all(users.map((u) => u.messages.unreadCount.query()));
      expect(after.map((c) => c.total)).toEqual([before[0]!.total + 1, before[1]!.total + 1, 0]);
      expect(after[0]!.byType.SYSTEM).toBe(1);
      expect(after[0]!.byType.ANNOUNCEMENT).toBe(0);
      await expectAppError(users[1]!.messages.get.query({ messageId: b.messageId }), 'NOT_FOUND', 'MSG_002');
      expect((await users[0]!.messages.get.query({ messageId: b.messageId })).state).toBe('READ');
      expect((await users[0]!.messages.get.query({ messageId: b2.messageId })).state).toBe('UNREAD');
      // Stored once, so the admin's org view shows one message per broadcast.
      const orgView = await admin.messages.orgList.query({ size: 50 });
      expect(orgView.items.filter((m) => m.messageId === b.messageId)).toHaveLength(1);
    });

    it('search finds 系统维护通知 by 维护, and Latin and mixed text', async () => {
      const searcher = await user('searcher');
      const m = await sender.messages.send.mutate({ receiverId: 'searcher', messageType: 'SYSTEM', title: '系统维护通知', content: '系统将于今晚22:00进行维护升级，LED屏幕 firmware v2 将更新', category: 'MAINTENANCE' });
      await sender.messages.send.mutate({ receiverId: 'searcher', messageType: 'SYSTEM', title: '账单提醒', content: 'Invoice ready', category: 'BILLING' });
      await sender.messages.send.mutate({ receiverId: 'someone-else', messageType: 'SYSTEM', title: '系统维护通知', content: 'not yours' });
      const ids = async (q: string, extra: Record<string, unknown> = {}) => (await searcher.messages.search.query({ q, ...extra })).items.map((i) => i.messageId);
      expect(await ids('维护')).toEqual([m.messageId]);
      expect(await ids('系统维护')).toEqual([m.messageId]);
      expect(await ids('firmware')).toEqual([m.messageId]);
      expect(await ids('firm')).toEqual([m.messageId]);
      expect(await ids('LED屏幕')).toEqual([m.messageId]);
      expect(await ids('维护 firmware')).toEqual([m.messageId]);
      expect(await ids('维护', { category: 'BILLING' })).toEqual([]);
      expect(await ids('invoice')).toHaveLength(1);
      expect(await ids('不存在')).toEqual([]);
    });

    it('an expired message vanishes everywhere at once', async () => {
      const eve = await user('eve');
      const m = await sender.messages.send.mutate({ receiverId: 'eve', messageType: 'ALERT', title: 'Short-lived', content: 'gone soon', expireTime: new Date(Date.now() + 1500) });
      expect((await eve.messages.list.query({})).items.map((i) => i.messageId)).toContain(m.messageId);
      expect((await eve.messages.unreadCount.query()).total).toBe(1);
      await eventually(async () => (await eve.messages.list.query({})).total === 0, 'message to expire');
      expect((await eve.messages.unreadCount.query()).total).toBe(0);
      expect((await eve.messages.search.query({ q: 'short' })).items).toHaveLength(0);
      await expectAppError(eve.messages.get.query({ messageId: m.messageId }), 'NOT_FOUND', 'MSG_002');
    });

    it('a scheduled message appears at its time, not before', async () => {
      const sam = await user('sam');
      const at = new Date(Date.now() + 1500);
      const m = await sender.messages.send.mutate({ receiverId: 'sam', messageType: 'NOTIFICATION', title: 'Later', content: 'scheduled', deliverAt: at });
      expect(m.status).toBe('SCHEDULED');
      expect((await sam.messages.list.query({})).total).toBe(0);
      expect((await sam.messages.unreadCount.query()).total).toBe(0);
      await eventually(async () => (await sam.messages.list.query({})).total === 1, 'scheduled message to fire');
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
      expect((await sam.messages.get.query({ messageId: m.messageId })).status).toBe('SENT');
    });

    it('the same idempotency key twice gives one message', async () => {
      const ida = await user('ida');
      const input = { receiverId: 'ida', messageType: 'BUSINESS' as const, title: 'Once', content: 'only once', idempotencyKey: 'order-42-shipped' };
      const [a, b] = await Promise.all([sender.messages.send.mutate(input), sender.messages.send.mutate(input)]);
      const c = await sender.messages.send.mutate(input);
      expect(b.messageId).toBe(a.messageId);
      expect(c.messageId).toBe(a.messageId);
      expect((await ida.messages.list.query({})).total).toBe(1);
    });

    it('statistics count sends, deliveries and reads', async () => {
      const org = 'stats-org';
      const admin = await user('stat-admin', org, ['admin']);
      const svc = await user('stat-svc', org, ['sender']);
      const readers = await Promise.all(['r1', 'r2'].map((u) => user(u, org)));
      const m1 = await svc.messages.send.mutate({ receiverId: 'r1', messageType: 'ALERT', title: 'a', content: '' });
      await svc.messages.send.mutate({ receiverId: 'r2', messageType: 'BUSINESS', title: 'b', content: '' });
      await readers[0]!.messages.markRead.mutate({ messageId: m1.messageId });
      await readers[0]!.messages.markRead.mutate({ messageId: m1.messageId });
      const today = new Date().toISOString().slice(0, 10);
      const o = await admin.stats.overview.query({ startDate: today, endDate: today });
      expect(o).toMatchObject({ total: 2, delivered: 1, read: 1, readRate: 1 });
      expect(o.dailyStats).toEqual([expect.objectContaining({ date: today, total: 2, read: 1 })]);
      expect(o.typeStats.find((t) => t.messageType === 'ALERT')).toMatchObject({ count: 1, readRate: 1 });
      const trending = await admin.stats.trending.query({ period: '24h', limit: 5 });
      expect(trending[0]).toMatchObject({ messageId: m1.messageId, readCount: 1 });
      expect(await readers[0]!.stats.user.query()).toMatchObject({ userId: 'r1', total: 1, unread: 0, read: 1 });
    });

    it('keeps tenants apart', async () => {
      const secret = await sender.messages.send.mutate({ receiverId: 'alice', messageType: 'BUSINESS', title: 'acme-only 机密', content: 'for acme' });
      const mallory = await user('alice', 'other-org');
      await expectAppError(mallory.messages.get.query({ messageId: secret.messageId }), 'NOT_FOUND', 'MSG_002');
      await expectAppError(mallory.messages.markRead.mutate({ messageId: secret.messageId }), 'NOT_FOUND', 'MSG_002');
      await expectAppError(mallory.messages.delete.mutate({ messageId: secret.messageId }), 'NOT_FOUND', 'MSG_002');
      expect((await mallory.messages.batchDelete.mutate({ messageIds: [secret.messageId] })).deleted).toBe(0);
      expect((await mallory.messages.search.query({ q: '机密' })).items).toHaveLength(0);
      expect((await mallory.messages.list.query({})).items.map((m) => m.messageId)).not.toContain(secret.messageId);
      const adminB = await user('admin-b', 'other-org', ['admin']);
      await expectAppError(adminB.messages.recipients.query({ messageId: secret.messageId }), 'NOT_FOUND', 'MSG_002');
      const b = await adminB.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'B only', content: '' });
      const acmeUser = await user('alice');
      expect((await acmeUser.messages.list.query({ size: 100 })).items.map((m) => m.messageId)).not.toContain(b.messageId);
      await expectAppError(adminB.messages.broadcast.mutate({ scope: 'ALL_USERS', messageType: 'ANNOUNCEMENT', title: 'all', content: '' }), 'FORBIDDEN', 'AUTH_002');
      await expectAppError(adminB.stats.overview.query({ startDate: '2026-01-01', endDate: '2026-01-02', orgId: 'acme' }), 'FORBIDDEN', 'AUTH_002');
      await expectAppError(adminB.messages.sendToGroup.mutate({ groupId: 'acme', groupType: 'ORGANIZATION', messageType: 'ALERT', title: 'x', content: '' }), 'FORBIDDEN', 'AUTH_002');
    });

    it('enforces roles', async () => {
      const plain = await user('plain');
      await expectAppError(plain.messages.send.mutate({ receiverId: 'x', messageType: 'BUSINESS', title: 't', content: '' }), 'FORBIDDEN', 'AUTH_002');
      await expectAppError(sender.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'BUSINESS', title: 't', content: '' }), 'FORBIDDEN', 'AUTH_002');
      await expectAppError(sender.groups.list.query({}), 'FORBIDDEN', 'AUTH_002');
      await expectAppError(plain.stats.overview.query({ startDate: '2026-01-01', endDate: '2026-01-01' }), 'FORBIDDEN', 'AUTH_002');
      const platform = await user('root', 'platform-org', ['platform']);
      const all = await platform.messages.broadcast.mutate({ scope: 'ALL_USERS', messageType: 'SYSTEM', title: 'Platform notice', content: 'to everyone' });
      for (const [u, org] of [['alice', 'acme'], ['zed', 'zed-org']] as const) {
        const c = await user(u, org);
        expect((await c.messages.get.query({ messageId: all.messageId })).title).toBe('Platform notice');
      }
      // The same user id in two orgs has two separate states of one all-users message.
      const aliceAcme = await user('alice', 'acme');
      const aliceOther = await user('alice', 'other-org');
      await aliceAcme.messages.markRead.mutate({ messageId: all.messageId });
      await aliceOther.messages.delete.mutate({ messageId: all.messageId });
      expect((await aliceAcme.messages.get.query({ messageId: all.messageId })).state).toBe('READ');
      await expectAppError(aliceOther.messages.get.query({ messageId: all.messageId }), 'NOT_FOUND', 'MSG_002');
      const zed = await user('alice', 'zed-org');
      expect((await zed.messages.get.query({ messageId: all.messageId })).state).toBe('UNREAD');
    });

    it('serves /healthz, /readyz and Prometheus /metrics with procedure and push counters', async () => {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: true, bus: true } });
      const mia = wsClient(server.wsUrl, await tokenFor('mia', 'acme', ['user']));
      ws.push(mia);
      const got: string[] = [];
      const sub = mia.client.realtime.events.subscribe({}, { onData: (e) => got.push(e.data.type) });
      await eventually(() => got.includes('UNREAD_COUNT'), 'stream live');
      await sender.messages.send.mutate({ receiverId: 'mia', messageType: 'SYSTEM', title: 'metered', content: '' });
      await eventually(() => got.includes('MESSAGE'), 'pushed message');
      sub.unsubscribe();
      // Metrics have their own loopback listener; the API port does not serve them anonymously.
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      const text = await (await fetch(`http://127.0.0.1:${server.app.metricsPort}/metrics`)).text();
      expect(text).toMatch(/mc_procedure_calls_total\{path="messages.send",type="mutation",result="ok"\} [1-9]/);
      expect(text).toMatch(/mc_events_pushed_total\{type="MESSAGE"\} [1-9]/);
      expect(text).toContain('mc_ws_connections');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    });

    it('rejects missing, forged and expired tokens with AUTH_001', async () => {
      const anonymous = httpClient(server.url, null);
      await expectAppError(anonymous.messages.list.query({}), 'UNAUTHORIZED', 'AUTH_001');
      const forged = httpClient(server.url, await tokenFor('alice', 'acme', ['platform'], { secret: 'another-secret-another-secret-another-secret' }));
      await expectAppError(forged.messages.list.query({}), 'UNAUTHORIZED', 'AUTH_001');
      const expired = httpClient(server.url, await tokenFor('alice', 'acme', ['user'], { ttl: '-10m' }));
      await expectAppError(expired.messages.unreadCount.query(), 'UNAUTHORIZED', 'AUTH_001');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ sub: 'alice', org: 'acme', roles: ['platform'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      const none = httpClient(server.url, `${header}.${body}.`);
      await expectAppError(none.messages.list.query({}), 'UNAUTHORIZED', 'AUTH_001');
      const garbage = httpClient(server.url, 'not-a-jwt');
      await expectAppError(garbage.messages.list.query({}), 'UNAUTHORIZED', 'AUTH_001');
      const wsAnon = wsClient(server.wsUrl, null);
      ws.push(wsAnon);
      await expectAppError(wsAnon.client.messages.unreadCount.query(), 'UNAUTHORIZED', 'AUTH_001');
    });
  });
}
