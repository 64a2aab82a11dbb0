import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { appPool, expectedTitles, titlesOf } from './support.js';

describe('real-time delivery (client SDK over real sockets, sqlite, in-process bus)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: Client;
  /** Connects users' apps; each resolves once its stream is live (the first UNREAD_COUNT). */
  const { open, stopAll } = appPool();
  const send = (receiverId: string, title: string) => sender.messages.send.mutate({ receiverId, messageType: 'NOTIFICATION', title, content: `body of ${title}` });

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['admin']));
  });
  afterAll(async () => {
    await stopAll();
    await server?.stop();
    await backend?.cleanup();
  });

  it('pushes a new message live, with an unread count first', async () => {
    const app = await open(server.wsUrl, 'lena');
    await eventually(() => app.events.some((e) => e.type === 'UNREAD_COUNT'), 'initial UNREAD_COUNT');
    const sent = await send('lena', 'hello');
    await eventually(() => app.messages.length === 1, 'live MESSAGE');
    expect(app.messages[0]).toMatchObject({ messageId: sent.messageId, title: 'hello', state: 'UNREAD' });
    expect(app.messages[0]!.createTime).toBeInstanceOf(Date);
    await eventually(() => app.client.events.unreadCount?.total === 1, 'unread count 1');
  });

  it('an offline user connects and receives everything sent while away, in order', async () => {
    const first = await open(server.wsUrl, 'olga');
    await send('olga', 'before');
    await eventually(() => first.messages.length === 1, 'first message');
    const checkpoint = first.client.events.checkpoint();
    expect(checkpoint).not.toBeNull();
    await first.stop();

    for (let i = 0; i < 30; i++) await send('olga', `away${i}`);
    const back = await open(server.wsUrl, 'olga', { resumeFrom: checkpoint });
    await eventually(() => back.messages.length >= 30, '30 missed messages');
    await new Promise((r) => setTimeout(r, 300));
    expect(titlesOf(back)).toEqual(expectedTitles('away', 30));
    const counts = back.events.filter((e) => e.type === 'UNREAD_COUNT');
    expect(counts.at(-1)).toMatchObject({ total: 31 });
  });

  it('cut in the middle of 1,000 messages: the app sees each exactly once, in order', async () => {
    const app = await open(server.wsUrl, 'cora');
    await eventually(() => app.events.some((e) => e.type === 'UNREAD_COUNT'), 'subscribed');
    const sending = (async () => {
      for (let i = 0; i < 1000; i++) await send('cora', `m${i}`);
    })();
    await eventually(() => app.messages.length >= 300, '300 messages before the cut', 30_000);
    for (const s of app.sockets) s.terminate();
    await eventually(() => app.messages.length >= 500 && app.sockets.length >= 2, 'reconnected', 30_000);
    for (const s of app.sockets) s.terminate();
    await sending;
    await eventually(() => app.messages.length >= 1000, 'all 1000 messages', 30_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(titlesOf(app)).toEqual(expectedTitles('m', 1000));
  }, 120_000);

  it('two connections of one user: reading on one updates the other', async () => {
    const phone = await open(server.wsUrl, 'tess');
    const laptop = await open(server.wsUrl, 'tess');
    const sent = await send('tess', 'shared');
    await eventually(() => phone.messages.length === 1 && laptop.messages.length === 1, 'both got the message');
    await eventually(() => laptop.client.events.unreadCount?.total === 1, 'laptop unread 1');

    await phone.client.messages.markRead.mutate({ messageId: sent.messageId });
    await eventually(() => laptop.events.some((e) => e.type === 'MESSAGE_UPDATED'), 'laptop MESSAGE_UPDATED');
    expect(laptop.events.find((e) => e.type === 'MESSAGE_UPDATED')).toMatchObject({ messageIds: [sent.messageId], state: 'READ' });
    await eventually(() => laptop.client.events.unreadCount?.total === 0, 'laptop unread 0');
    // The connection that did it is not told about its own change, but its count follows.
    expect(phone.events.some((e) => e.type === 'MESSAGE_UPDATED')).toBe(false);
    await eventually(() => phone.client.events.unreadCount?.total === 0, 'phone unread 0');
  });

  it('ack moves the state to DELIVERED; presence and ONLINE_STATUS follow connections', async () => {
    const admin = await open(server.wsUrl, 'boss', { roles: ['admin'] });
    await eventually(() => admin.events.some((e) => e.type === 'UNREAD_COUNT'), 'admin subscribed');
    const user = await open(server.wsUrl, 'pia');
    await eventually(() => admin.events.some((e) => e.type === 'ONLINE_STATUS' && e.userId === 'pia' && e.isOnline), 'pia online');
    expect(await admin.client.presence.status.query({ userIds: ['pia', 'nobody'] })).toEqual({ pia: true, nobody: false });
    expect((await admin.client.presence.online.query()).userIds).toContain('pia');

    const sent = await send('pia', 'ack me');
    await eventually(() => user.messages.length === 1, 'pia got it');
    expect(await user.client.messages.ack.mutate({ messageId: sent.messageId, status: 'DELIVERED' })).toEqual({ state: 'DELIVERED' });
    expect((await user.client.messages.get.query({ messageId: sent.messageId })).deliveredTime).toBeInstanceOf(Date);

    await user.stop();
    await eventually(() => admin.events.some((e) => e.type === 'ONLINE_STATUS' && e.userId === 'pia' && !e.isOnline), 'pia offline');
    expect(await admin.client.presence.status.query({ userIds: ['pia'] })).toEqual({ pia: false });
  });

  it('a group message reaches a member added while connected; org broadcasts and stats.live', async () => {
    const gabi = await open(server.wsUrl, 'gabi');
    await eventually(() => gabi.events.some((e) => e.type === 'UNREAD_COUNT'), 'subscribed');
    await sender.groups.create.mutate({ groupId: 'night-shift', name: 'Night shift', members: [] });
    await sender.groups.addMembers.mutate({ groupId: 'night-shift', userIds: ['gabi'] });
    await new Promise((r) => setTimeout(r, 200));
    await sender.messages.sendToGroup.mutate({ groupId: 'night-shift', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'group hello', content: '' });
    await sender.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'org hello', content: '' });
    await eventually(() => titlesOf(gabi).includes('group hello') && titlesOf(gabi).includes('org hello'), 'group and org messages');

    const admin = await open(server.wsUrl, 'stats-admin', { roles: ['admin'] });
    const samples: { connections: number; onlineUsers: number }[] = [];
    const sub = admin.client.stats.live.subscribe(undefined, { onData: (s) => samples.push(s) });
    await eventually(() => samples.length >= 1, 'a stats.live sample');
    sub.unsubscribe();
    expect(samples[0]!.connections).toBeGreaterThanOrEqual(2);
    expect(samples[0]!.onlineUsers).toBeGreaterThanOrEqual(2);
  });
});
