import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from './expect-error.js';

/**
 * Every procedure, fed bad input, answers BAD_REQUEST + FORMAT_001 with the failing field paths —
 * never a 500.
 */
export function describeBadInput(label: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`bad input on ${label}`, () => {
    let backend: BackendUnderTest;
    let server: TestServer;
    let c: Client;
    beforeAll(async () => {
      backend = await makeBackend();
      server = await startTestServer(backend.env);
      c = httpClient(server.url, await tokenFor('root', 'acme', ['platform']), { batch: false });
    });
    afterAll(async () => {
      await server?.stop();
      await backend?.cleanup();
    });

    const cases: [string, (c: Client) => Promise<unknown>, string[]][] = [
      ['messages.send', (c) => c.messages.send.mutate({ receiverId: '', messageType: 'NOPE', title: '', content: 1 } as never), ['receiverId', 'messageType', 'title', 'content']],
      ['messages.send (metadata)', (c) => c.messages.send.mutate({ receiverId: 'a', messageType: 'SYSTEM', title: 't', content: '', metadata: { attachments: [{ name: '' }] } } as never), ['metadata.attachments.0.name', 'metadata.attachments.0.url']],
      ['messages.send (expireTime)', (c) => c.messages.send.mutate({ receiverId: 'a', messageType: 'SYSTEM', title: 't', content: '', expireTime: new Date(Date.now() - 1000) }), ['expireTime']],
      ['messages.send (oversized)', (c) => c.messages.send.mutate({ receiverId: 'a', messageType: 'SYSTEM', title: 'x'.repeat(201), content: '' }), ['title']],
      ['messages.sendToGroup', (c) => c.messages.sendToGroup.mutate({ groupId: 'g', groupType: 'TEAM', messageType: 'SYSTEM', title: 't', content: '' } as never), ['groupType']],
      ['messages.broadcast', (c) => c.messages.broadcast.mutate({ scope: 'GALAXY', messageType: 'SYSTEM', title: 't', content: '' } as never), ['scope']],
      ['messages.list', (c) => c.messages.list.query({ size: 1000, page: 0 }), ['size', 'page']],
      ['messages.get', (c) => c.messages.get.query({} as never), ['messageId']],
      ['messages.markRead', (c) => c.messages.markRead.mutate({ messageId: 7 } as never), ['messageId']],
      ['messages.markUnread', (c) => c.messages.markUnread.mutate({ messageId: '' }), ['messageId']],
      ['messages.batchRead', (c) => c.messages.batchRead.mutate({ messageIds: [] }), []],
      ['messages.archive', (c) => c.messages.archive.mutate({ messageId: 'm', archived: 'yes' } as never), ['archived']],
      ['messages.delete', (c) => c.messages.delete.mutate({ messageId: null } as never), ['messageId']],
      ['messages.batchDelete', (c) => c.messages.batchDelete.mutate({ messageIds: 'm1' } as never), ['messageIds']],
      ['messages.search', (c) => c.messages.search.query({ q: '' }), ['q']],
      ['messages.ack', (c) => c.messages.ack.mutate({ messageId: 'm', status: 'SEEN' } as never), ['status']],
      ['messages.orgList', (c) => c.messages.orgList.query({ size: -1 }), ['size']],
      ['messages.recipients', (c) => c.messages.recipients.query({ messageId: 'm', limit: 0 }), ['limit']],
      ['groups.create', (c) => c.groups.create.mutate({ name: '', type: 'CLUB' } as never), ['name', 'type']],
      ['groups.get', (c) => c.groups.get.query({ groupId: 'has space' }), ['groupId']],
      ['groups.list', (c) => c.groups.list.query({ size: 0 }), ['size']],
      ['groups.update', (c) => c.groups.update.mutate({ groupId: 'g', name: '' }), ['name']],
      ['groups.delete', (c) => c.groups.delete.mutate({} as never), ['groupId']],
      ['groups.addMembers', (c) => c.groups.addMembers.mutate({ groupId: 'g', userIds: [] }), ['userIds']],
      ['groups.removeMembers', (c) => c.groups.removeMembers.mutate({ groupId: 'g', userIds: [''] }), ['userIds.0']],
      ['stats.overview', (c) => c.stats.overview.query({ startDate: '2026/01/01', endDate: 'tomorrow' }), ['startDate', 'endDate']],
      ['stats.overview (range)', (c) => c.stats.overview.query({ startDate: '2026-02-01', endDate: '2026-01-01' }), ['endDate']],
      ['stats.trending', (c) => c.stats.trending.query({ period: '1y', limit: 0 } as never), ['period', 'limit']],
      ['presence.status', (c) => c.presence.status.query({ userIds: [] }), ['userIds']],
      ['auth.devSignIn', (c) => c.auth.devSignIn.mutate({ userId: '', orgId: 'o', roles: ['god'] } as never), ['userId', 'roles.0']],
    ];

    for (const [name, call, paths] of cases) {
      it(`${name} → BAD_REQUEST / FORMAT_001`, async () => {
        const e = await expectAppError(call(c), 'BAD_REQUEST', 'FORMAT_001', paths);
        expect(e.data?.httpStatus).toBe(400);
      });
    }

    it('refuses a body over the size limit without a 500', async () => {
      const res = await fetch(`${server.url}/trpc/messages.send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('root', 'acme', ['platform'])}` },
        body: JSON.stringify({ json: { receiverId: 'a', messageType: 'SYSTEM', title: 't', content: 'x'.repeat(2_000_000) } }),
      });
      expect(res.status).toBe(413);
      const body = (await res.json()) as { error: { json: { data: { appCode: string } } } };
      expect(body.error.json.data.appCode).toBe('FORMAT_001');
    });

    it('answers malformed JSON with FORMAT_001', async () => {
      const res = await fetch(`${server.url}/trpc/messages.send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('root', 'acme', ['platform'])}` },
        body: '{"json": ',
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { json: { data: { appCode: string } } } };
      expect(body.error.json.data.appCode).toBe('FORMAT_001');
    });
  });
}
