import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/index.js';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { errorOf, rawSocket, stockClient } from './support.js';

/**
 * The WebSocket transport against the stock `@trpc/client` (`createWSClient` + `wsLink`): the
 * protocol features a tRPC client relies on, on a real server over real sockets.
 */
describe('WebSocket transport: tRPC protocol conformance (stock @trpc/client)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  const closers: (() => unknown)[] = [];
  const send = async (receiverId: string, title: string) => {
    const sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    return sender.messages.send.mutate({ receiverId, messageType: 'NOTIFICATION', title, content: '' });
  };
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    await server?.stop();
    await backend?.cleanup();
  });

  it('connectionParams carry the token; without one, protected calls fail with UNAUTHORIZED / AUTH_001', async () => {
    const signedIn = stockClient(server.wsUrl, () => tokenFor('cleo', 'acme', ['user']));
    const anonymous = stockClient(server.wsUrl, () => null);
    closers.push(signedIn.close, anonymous.close);
    expect(await signedIn.client.messages.unreadCount.query()).toMatchObject({ total: 0 });
    const failure = await anonymous.client.messages.unreadCount.query().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TRPCClientError);
    expect((failure as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'AUTH_001' });
  });

  it('batches the calls made in one tick into one frame and answers each', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('bart', 'acme', ['user']));
    closers.push(c.close);
    await c.client.messages.unreadCount.query();
    const before = c.sent.length;
    const results = await Promise.all([c.client.messages.unreadCount.query(), c.client.messages.list.query({}), c.client.messages.unreadCount.query()]);
    expect(results[0]).toMatchObject({ total: 0 });
    expect(results[1]).toMatchObject({ items: [] });
    const frames = c.sent.slice(before).map((f) => JSON.parse(f) as unknown);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toHaveLength(3);
  });

  it('errors keep their tRPC code and app code: bad input is BAD_REQUEST / FORMAT_001 with field paths', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('erik', 'acme', ['user']));
    closers.push(c.close);
    const failure = await c.client.messages.get.query({ messageId: '' }).catch((e: unknown) => e);
    expect((failure as TRPCClientError<never>).data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'FORMAT_001', fieldPaths: ['messageId'] });
    const missing = await c.client.messages.get.query({ messageId: 'msg_01K00000000000000000000000' }).catch((e: unknown) => e);
    expect((missing as TRPCClientError<never>).data).toMatchObject({ code: 'NOT_FOUND', appCode: 'MSG_002' });
  });

  it('subscription.stop ends the stream on the server', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('stan', 'acme', ['user']));
    closers.push(c.close);
    const events: RealtimeEvent[] = [];
    const sub = c.client.realtime.events.subscribe(undefined, { onData: (t) => events.push(t.data) });
    await eventually(() => events.some((e) => e.type === 'UNREAD_COUNT'), 'stream live');
    expect(server.app.realtime.hub.connectionCount('acme')).toBeGreaterThanOrEqual(1);
    const before = server.app.realtime.hub.connectionCount('acme');
    sub.unsubscribe();
    expect(c.sent.some((f) => f.includes('"subscription.stop"'))).toBe(true);
    await eventually(() => server.app.realtime.hub.connectionCount('acme') === before - 1, 'stream detached on the server');
    await send('stan', 'after stop');
    expect(events.some((e) => e.type === 'MESSAGE')).toBe(false);
  });

  it('a duplicate subscription id is refused with BAD_REQUEST; the first subscription keeps running', async () => {
    const raw = await rawSocket(server.wsUrl, await tokenFor('dora', 'acme', ['user']));
    closers.push(() => raw.ws.close());
    const subscribe = { id: 7, method: 'subscription', params: { path: 'realtime.events', input: { json: {} } } };
    raw.send(subscribe);
    await eventually(() => raw.framesOf(7).some((f) => (f.result as { type?: string } | undefined)?.type === 'started'), 'first started');
    raw.send(subscribe);
    await eventually(() => raw.framesOf(7).some((f) => f.error !== undefined), 'duplicate refused');
    expect(errorOf(raw.framesOf(7).find((f) => f.error))).toMatchObject({ message: 'Duplicate id 7', data: { code: 'BAD_REQUEST' } });
    await send('dora', 'still live');
    await eventually(() => raw.framesOf(7).some((f) => JSON.stringify(f).includes('still live')), 'first subscription still delivers');
  });

  it('on reconnect wsLink resubscribes with lastEventId and the stream resumes after it, nothing re-sent', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('remy', 'acme', ['user']));
    closers.push(c.close);
    const titles: string[] = [];
    const ids: string[] = [];
    c.client.realtime.events.subscribe(undefined, {
      onData: (t) => {
        ids.push(t.id);
        if (t.data.type === 'MESSAGE') titles.push(t.data.message.title);
      },
    });
    await eventually(() => ids.length > 0, 'stream live');
    for (let i = 0; i < 5; i++) await send('remy', `r${i}`);
    await eventually(() => titles.length === 5, 'five live messages');
    const lastId = ids.at(-1)!;
    c.sockets[0]!.terminate();
    for (let i = 5; i < 10; i++) await send('remy', `r${i}`);
    await eventually(() => titles.length >= 10, 'messages sent while away', 15_000);
    const resubscribe = c.sent.map((f) => JSON.parse(f) as unknown).flat().find((m) => JSON.stringify(m).includes('"lastEventId"')) as { params: { lastEventId: string } } | undefined;
    expect(resubscribe?.params.lastEventId).toBe(lastId);
    expect(titles).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
  });

  it('answers keep-alive PINGs with PONG, so a client with keepAlive stays on one socket', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('kai', 'acme', ['user']), { keepAlive: { enabled: true, intervalMs: 100, pongTimeoutMs: 500 } });
    closers.push(c.close);
    await c.client.messages.unreadCount.query();
    await eventually(() => c.sent.filter((f) => f === 'PING').length >= 5, 'five pings answered');
    expect(c.sockets).toHaveLength(1);
    expect(c.closeCodes).toEqual([]);
    const raw = await rawSocket(server.wsUrl, await tokenFor('kai', 'acme', ['user']));
    closers.push(() => raw.ws.close());
    raw.send('PING');
    await eventually(() => raw.frames.some((f) => f.keepAlive === 'PONG'), 'PONG');
  });
});
