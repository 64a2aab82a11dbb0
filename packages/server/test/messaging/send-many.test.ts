import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { appPool } from '../realtime/support.js';
import { channelOfOrg, decodeEnvelope } from '../../src/realtime/bus-events.js';

describe('messages.sendMany', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: Client;
  let admin: Client;
  const { open, stopAll } = appPool();
  const user = async (id: string, org = 'acme') => httpClient(server.url, await tokenFor(id, org, ['user']));

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '3000' });
    sender = httpClient(server.url, await tokenFor('billing', 'acme', ['sender']));
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    await admin.groups.create.mutate({ groupId: 'ops', name: 'Ops', members: ['olga', 'oscar'] });
  });
  afterAll(async () => {
    await stopAll();
    await server?.stop();
    await backend?.cleanup();
  });

  const content = (title: string) => ({ messageType: 'BUSINESS' as const, title, content: `${title} body` });

  it('answers every item in order; a bad item gets its own error and the others are delivered', async () => {
    const { results } = await sender.messages.sendMany.mutate({
      items: [
        { receiverId: 'alice', ...content('for alice') },
        { groupId: 'ops', groupType: 'USER_GROUP', ...content('for ops') },
        { receiverId: 'alice', messageType: 'BUSINESS', content: 'no title' } as never,
        { receiverId: 'alice', groupId: 'ops', groupType: 'USER_GROUP', ...content('two targets') },
        { scope: 'ORGANIZATION', ...content('a sender may not broadcast') },
        { groupId: 'no-such-group', groupType: 'USER_GROUP', ...content('unknown group') },
        { receiverId: 'bob', ...content('for bob'), metadata: { nope: 1 } } as never,
      ],
    });
    expect(results).toHaveLength(7);
    expect(results[0]).toMatchObject({ status: 'SENT', messageId: expect.stringMatching(/^msg_/) });
    expect(results[1]).toMatchObject({ status: 'SENT' });
    expect(results[2]).toMatchObject({ error: { appCode: 'FORMAT_001', fieldPaths: ['title'] } });
    expect(results[3]).toMatchObject({ error: { appCode: 'FORMAT_001', fieldPaths: ['receiverId'] } });
    expect(results[4]).toMatchObject({ error: { appCode: 'AUTH_002' } });
    expect(results[5]).toMatchObject({ error: { appCode: 'MSG_002' } });
    expect(results[6]).toMatchObject({ error: { appCode: 'FORMAT_001', fieldPaths: ['metadata'] } });

    const alice = await user('alice');
    expect((await alice.messages.list.query({})).items.map((m) => m.title)).toEqual(['for alice']);
    expect((await (await user('oscar')).messages.list.query({})).items.map((m) => m.title)).toEqual(['for ops']);
    expect((await (await user('bob')).messages.list.query({})).items).toEqual([]);
  });

  it('repeating a batch with idempotency keys returns the same ids and stores nothing twice', async () => {
    const items = [1, 2, 3].map((n) => ({ receiverId: 'idem', ...content(`idem ${n}`), idempotencyKey: `order-${n}` }));
    const first = await sender.messages.sendMany.mutate({ items });
    const again = await sender.messages.sendMany.mutate({ items });
    expect(again.results).toEqual(first.results);
    expect((await (await user('idem')).messages.list.query({})).total).toBe(3);
  });

  it('delivers a batch live, each message once and in order, in one bus message', async () => {
    const app = await open(server.wsUrl, 'live');
    const envelopes: string[] = [];
    const unsubscribe = await server.app.services.deps.bus.subscribe(channelOfOrg('acme'), (payload) => envelopes.push(payload));
    const { results } = await sender.messages.sendMany.mutate({ items: Array.from({ length: 200 }, (_, i) => ({ receiverId: 'live', ...content(`live ${i}`) })) });
    await eventually(() => app.messages.length === 200, '200 live messages');
    expect(app.messages.map((m) => m.messageId)).toEqual(results.map((r) => ('messageId' in r ? r.messageId : null)));
    await unsubscribe();
    expect(envelopes.map((e) => decodeEnvelope(e).kind)).toEqual(['messages']);
  });

  it('stays inside the caller org, needs the sender role, and refuses more than 1,000 items', async () => {
    const other = httpClient(server.url, await tokenFor('billing', 'globex', ['sender']));
    await other.messages.sendMany.mutate({ items: [{ receiverId: 'alice', ...content('globex to its alice') }] });
    const acmeAlice = await user('alice');
    expect((await acmeAlice.messages.list.query({})).items.map((m) => m.title)).not.toContain('globex to its alice');
    expect((await (await user('alice', 'globex')).messages.list.query({})).items.map((m) => m.title)).toEqual(['globex to its alice']);

    await expectAppError((await user('mallory')).messages.sendMany.mutate({ items: [{ receiverId: 'alice', ...content('x') }] }), 'FORBIDDEN', 'AUTH_002');
    await expectAppError(sender.messages.sendMany.mutate({ items: Array.from({ length: 1001 }, () => ({ receiverId: 'a', ...content('x') })) }), 'BAD_REQUEST', 'FORMAT_001', ['items']);
    await expectAppError(sender.messages.sendMany.mutate({ items: [] }), 'BAD_REQUEST', 'FORMAT_001', ['items']);
    await expectAppError(sender.messages.sendMany.mutate({ items: ['not an object'] as never }), 'BAD_REQUEST', 'FORMAT_001');
  });

  it('counts items against the send rate limit', async () => {
    const limited = await startTestServer({ ...(await sqliteBackend()).env, MC_RATE_LIMIT_USER: '5' });
    try {
      const s = httpClient(limited.url, await tokenFor('billing', 'acme', ['sender']));
      const ok = await s.messages.sendMany.mutate({ items: Array.from({ length: 5 }, (_, i) => ({ receiverId: 'r', ...content(`r${i}`) })) });
      expect(ok.results.every((r) => 'messageId' in r)).toBe(true);
      const e = await expectAppError(s.messages.sendMany.mutate({ items: [{ receiverId: 'r', ...content('one too many') }] }), 'TOO_MANY_REQUESTS', 'RATE_001');
      expect(e.data?.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
