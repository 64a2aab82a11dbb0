import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';

/**
 * The real server with inbox reads on read threads (`MC_SQLITE_READ_WORKERS`), over HTTP: a
 * state change the server acknowledged shows in the very next `list` and `unreadCount`, and
 * every reader sees their own org's messages only.
 */
describe('inbox reads on SQLite read threads, over HTTP', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: Client;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_SQLITE_READ_WORKERS: '2' });
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']), { batch: false });
    alice = httpClient(server.url, await tokenFor('alice', 'acme', ['user']), { batch: false });
    bob = httpClient(server.url, await tokenFor('bob', 'globex', ['user']), { batch: false });
    // Signing in makes a user addressable in their org.
    await alice.messages.unreadCount.query();
    await bob.messages.unreadCount.query();
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('shows each acknowledged markRead in the next list and unreadCount, with no wait between', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await sender.messages.send.mutate({ receiverId: 'alice', messageType: 'NOTIFICATION', title: `t${i}`, content: `c${i}` })).messageId);
    expect((await alice.messages.unreadCount.query()).total).toBe(6);
    for (const [i, id] of ids.entries()) {
      await alice.messages.markRead.mutate({ messageId: id });
      const page = await alice.messages.list.query({ size: 20 });
      expect(page.items.find((m) => m.messageId === id)?.state).toBe('READ');
      expect((await alice.messages.unreadCount.query()).total).toBe(5 - i);
    }
  });

  it("never shows one org's messages to another org's reader", async () => {
    const page = await bob.messages.list.query({ size: 20 });
    expect(page.items).toEqual([]);
    expect(page.total).toBe(0);
    expect((await bob.messages.unreadCount.query()).total).toBe(0);
    const search = await bob.messages.search.query({ q: 'c1' });
    expect(search.items).toEqual([]);
  });
});
