/**
 * The headless inbox against a real server: history pages, live arrivals, updates from another
 * device, unread counts, filters, optimistic actions and their rollback, user switch.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../../server/test/support/server.js';
import { startTcpRelay } from '../../server/test/support/tcp-relay.js';
import { createInbox, type Inbox } from '../src/inbox/index.js';
import { createMessageCenterClient, type MessageCenterClient } from '../src/index.js';

// The `ws` package fits the WebSocket option as it is (no cast), as the README promises.
const WS = WebSocket;

describe('createInbox (real server)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: MessageCenterClient;
  const clients: MessageCenterClient[] = [];
  const inboxes: Inbox[] = [];
  const clientFor = (userId: string) => {
    const c = createMessageCenterClient({ url: server.wsUrl, WebSocket: WS, getToken: () => tokenFor(userId, 'acme', ['user']), backoff: { baseMs: 50, maxMs: 500 } });
    clients.push(c);
    return c;
  };
  const inboxOf = (client: MessageCenterClient, opts: Parameters<typeof createInbox>[1] = {}) => {
    const inbox = createInbox(client, opts);
    inboxes.push(inbox);
    return inbox;
  };
  const send = (receiverId: string, title: string, messageType: 'SYSTEM' | 'ALERT' = 'SYSTEM') => sender.messages.send.mutate({ receiverId, messageType, title, content: `body of ${title}` });
  const titles = (inbox: Inbox) => inbox.getSnapshot().items.map((m) => m.title);

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
    sender = createMessageCenterClient({ url: server.wsUrl, WebSocket: WS, getToken: () => tokenFor('svc', 'acme', ['admin']) });
    clients.push(sender);
  });
  afterAll(async () => {
    for (const i of inboxes) i.destroy();
    await Promise.all(clients.map((c) => c.close()));
    await server?.stop();
    await backend?.cleanup();
  });

  it('pages through history, then adds live arrivals on top, each once, with the unread count', async () => {
    for (const t of ['h1', 'h2', 'h3']) await send('ivy', t);
    const inbox = inboxOf(clientFor('ivy'), { pageSize: 2 });
    await inbox.start();
    expect(titles(inbox)).toEqual(['h3', 'h2']);
    expect(inbox.getSnapshot().hasMore).toBe(true);
    await inbox.loadMore();
    expect(titles(inbox)).toEqual(['h3', 'h2', 'h1']);
    await eventually(() => inbox.getSnapshot().unread?.total === 3, 'unread count 3');
    await send('ivy', 'live1');
    await eventually(() => titles(inbox)[0] === 'live1', 'live message on top');
    await eventually(() => inbox.getSnapshot().unread?.total === 4, 'unread count 4');
    expect(titles(inbox)).toEqual(['live1', 'h3', 'h2', 'h1']);
  });

  it('marks read optimistically; another device of the same user follows through MESSAGE_UPDATED', async () => {
    await send('joe', 'a');
    await send('joe', 'b');
    const phone = inboxOf(clientFor('joe'));
    const laptop = inboxOf(clientFor('joe'));
    await Promise.all([phone.start(), laptop.start()]);
    await eventually(() => laptop.getSnapshot().unread?.total === 2 && phone.getSnapshot().unread?.total === 2, 'both counted');
    const target = phone.getSnapshot().items.find((m) => m.title === 'a')!;
    const done = phone.markRead(target.messageId);
    // Optimistic: before the server answers.
    expect(phone.getSnapshot().items.find((m) => m.title === 'a')?.state).toBe('READ');
    expect(phone.getSnapshot().unread?.total).toBe(1);
    await done;
    expect(phone.getSnapshot().error).toBeNull();
    await eventually(() => laptop.getSnapshot().items.find((m) => m.title === 'a')?.state === 'READ', 'laptop sees it read');
    await eventually(() => laptop.getSnapshot().unread?.total === 1, 'laptop count 1');
    await phone.markAllRead();
    await eventually(() => laptop.getSnapshot().items.every((m) => m.state === 'READ'), 'laptop sees all read');
    expect(phone.getSnapshot().unread?.total).toBe(0);
  });

  it('rolls back and shows the error when the server refuses an action', async () => {
    await send('kay', 'doomed');
    const kay = clientFor('kay');
    const inbox = inboxOf(kay);
    await inbox.start();
    const item = inbox.getSnapshot().items[0]!;
    // Stop following the stream, so the list still shows the message the server is about to lose.
    inbox.destroy();
    await clientFor('kay').messages.delete.mutate({ messageId: item.messageId });
    await inbox.markRead(item.messageId);
    const snap = inbox.getSnapshot();
    expect(snap.items.find((m) => m.messageId === item.messageId)?.state).toBe(item.state);
    expect(snap.error?.appCode).toBe('MSG_002');
    inbox.dismissError();
    expect(inbox.getSnapshot().error).toBeNull();
  });

  it('filters: type, unread only, archived', async () => {
    await send('lea', 'sys');
    await send('lea', 'alert', 'ALERT');
    const client = clientFor('lea');
    const inbox = inboxOf(client, { messageType: 'ALERT' });
    await inbox.start();
    expect(titles(inbox)).toEqual(['alert']);
    await send('lea', 'alert2', 'ALERT');
    await send('lea', 'sys2');
    await eventually(() => titles(inbox)[0] === 'alert2', 'live alert arrives');
    expect(titles(inbox)).toEqual(['alert2', 'alert']);
    await inbox.setFilter({ unreadOnly: true });
    expect(titles(inbox)).toEqual(['sys2', 'alert2', 'alert', 'sys']);
    await inbox.markRead(inbox.getSnapshot().items.find((m) => m.title === 'sys')!.messageId);
    expect(titles(inbox)).toEqual(['sys2', 'alert2', 'alert']);
    await inbox.archive(inbox.getSnapshot().items[0]!.messageId);
    expect(titles(inbox)).toEqual(['alert2', 'alert']);
    await inbox.setFilter({ archived: true });
    expect(titles(inbox)).toEqual(['sys2']);
  });

  it('empties on sign-out and loads the next user after setToken()', async () => {
    await send('max', 'for max');
    await send('nia', 'for nia');
    const client = clientFor('max');
    const inbox = inboxOf(client);
    await inbox.start();
    expect(titles(inbox)).toEqual(['for max']);
    await client.signOut();
    expect(titles(inbox)).toEqual([]);
    await client.setToken(await tokenFor('nia', 'acme', ['user']));
    await eventually(() => titles(inbox).join() === 'for nia', 'nia’s inbox loads');
    await send('nia', 'live for nia');
    await eventually(() => titles(inbox)[0] === 'live for nia', 'nia gets live messages');
  });

  it('started before anyone signs in, it waits and loads once a token is set', async () => {
    await send('ola', 'waiting for ola');
    const client = createMessageCenterClient({ url: server.wsUrl, WebSocket: WS, requestTimeoutMs: 1_000 });
    clients.push(client);
    const inbox = inboxOf(client);
    const started = inbox.start();
    await eventually(() => client.connectionState.current.state === 'waiting-for-token', 'waiting for a token');
    await client.setToken(await tokenFor('ola', 'acme', ['user']));
    await started;
    await eventually(() => titles(inbox).join() === 'waiting for ola', 'ola’s inbox loads');
    expect(inbox.getSnapshot().error).toBeNull();
  });

  it('after a lost connection, resumes the stream: what arrived or changed meanwhile shows once, and the count is right', async () => {
    await send('pia', 'before');
    await send('pia', 'read elsewhere');
    // pia's client reaches the server through a relay that can take the network away.
    const relay = await startTcpRelay(Number(new URL(server.url).port));
    try {
      const client = createMessageCenterClient({ url: `ws://${relay.address}/trpc`, WebSocket: WS, getToken: () => tokenFor('pia', 'acme', ['user']), backoff: { baseMs: 50, maxMs: 200 } });
      clients.push(client);
      // Already connected when the inbox starts.
      await client.connect();
      const inbox = inboxOf(client);
      await inbox.start();
      await eventually(() => inbox.getSnapshot().unread?.total === 2, 'unread count 2');
      // A live event first, so the stream has a position to resume from.
      await send('pia', 'live before');
      await eventually(() => titles(inbox)[0] === 'live before', 'live message');
      const accepted = relay.accepted();

      relay.refuse(true);
      relay.cut();
      await eventually(() => client.connectionState.current.state === 'connecting', 'connection lost');
      await send('pia', 'while away');
      const other = clientFor('pia');
      const elsewhere = (await other.messages.list.query({ size: 10 })).items.find((m) => m.title === 'read elsewhere')!;
      await other.messages.markRead.mutate({ messageId: elsewhere.messageId });
      // Still cut off: nothing of this has reached the inbox.
      expect(titles(inbox)).toEqual(['live before', 'read elsewhere', 'before']);

      relay.refuse(false);
      await eventually(() => client.connectionState.current.state === 'connected' && relay.accepted() > accepted, 'reconnected');
      await eventually(() => titles(inbox)[0] === 'while away', 'the missed message');
      await eventually(() => inbox.getSnapshot().items.find((m) => m.title === 'read elsewhere')?.state === 'READ', 'the missed read');
      await eventually(() => inbox.getSnapshot().unread?.total === 3, 'unread count 3 (before, live before, while away)');
      expect(titles(inbox)).toEqual(['while away', 'live before', 'read elsewhere', 'before']);
      expect(inbox.getSnapshot().error).toBeNull();
    } finally {
      await relay.stop();
    }
  });
});
