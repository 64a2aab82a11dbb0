import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/index.js';
import { eventually, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { whileHealthy } from '../security/support.js';
import { errorOf, rawSocket, stockClient } from './support.js';

const subscribeFrame = (id: number) => ({ id, method: 'subscription', params: { path: 'realtime.events', input: { json: {} } } });
const queryFrame = (id: number) => ({ id, method: 'query', params: { path: 'messages.unreadCount', input: { json: undefined } } });

/** Each limit of the WebSocket transport, breached against a real server. */
describe('WebSocket transport limits', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  const closers: (() => unknown)[] = [];
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({
      ...backend.env,
      MC_WS_MAX_SUBSCRIPTIONS: '2',
      MC_WS_MAX_BATCH: '5',
      MC_WS_MAX_CONNECTIONS_PER_USER: '2',
      MC_WS_MESSAGES_PER_SECOND: '20',
    });
  });
  afterAll(async () => {
    await Promise.all(closers.map((c) => c()));
    await server?.stop();
    await backend?.cleanup();
  });

  it('subscriptions per socket: one past the limit fails with TOO_MANY_REQUESTS / RATE_001, the others run', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('sue', 'acme', ['user']));
    closers.push(c.close);
    const live = [0, 0];
    c.client.realtime.events.subscribe(undefined, { onData: () => (live[0]! += 1) });
    c.client.realtime.events.subscribe(undefined, { onData: () => (live[1]! += 1) });
    await eventually(() => live[0]! > 0 && live[1]! > 0, 'two streams live');
    const refused = await new Promise<unknown>((resolve) => c.client.realtime.events.subscribe(undefined, { onError: resolve }));
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: 'TOO_MANY_REQUESTS', appCode: 'RATE_001' });
    expect((refused as TRPCClientError<never>).message).toMatch(/At most 2 subscriptions per connection/);
  });

  it('operations per frame: a stock client batching a few calls past the limit sees each one rejected, on the same socket', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('bea', 'acme', ['user']));
    closers.push(c.close);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.client.messages.unreadCount.query()));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason as TRPCClientError<never>;
      expect(error.data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'FORMAT_001' });
      expect(error.message).toBe('A frame may carry at most 5 operations; this one has 6');
    }
    // Within the limit the same client works, on the socket it already had.
    const ok = await Promise.all(Array.from({ length: 5 }, () => c.client.messages.unreadCount.query()));
    expect(ok).toHaveLength(5);
    expect(c.sockets).toHaveLength(1);
    expect(c.closeCodes).toEqual([]);
  });

  it('operations per frame: up to four times the limit, each operation gets its own error and the socket stays open; one more closes it with 4013', async () => {
    const raw = await rawSocket(server.wsUrl, await tokenFor('ben', 'acme', ['user']));
    closers.push(() => raw.ws.close());
    raw.send(Array.from({ length: 20 }, (_, i) => queryFrame(i + 1)));
    await eventually(() => raw.frames.length >= 20, 'every operation answered');
    for (let id = 1; id <= 20; id++) {
      expect(raw.framesOf(id)).toHaveLength(1);
      expect(errorOf(raw.framesOf(id)[0])).toMatchObject({ message: 'A frame may carry at most 5 operations; this one has 20', data: { code: 'BAD_REQUEST', appCode: 'FORMAT_001' } });
    }
    raw.send(queryFrame(100));
    await eventually(() => raw.framesOf(100).length === 1, 'still serving');
    expect(errorOf(raw.framesOf(100)[0])).toBeUndefined();

    raw.send(Array.from({ length: 21 }, (_, i) => queryFrame(i + 200)));
    await eventually(() => raw.closeCode !== null, 'socket closed');
    expect(raw.closeCode).toBe(4013);
    expect(raw.frames).toHaveLength(22);
    expect(raw.frames[21]).toMatchObject({ id: null });
    expect(errorOf(raw.frames[21])).toMatchObject({ message: 'A frame may carry at most 5 operations; this one has 21', data: { code: 'BAD_REQUEST', appCode: 'FORMAT_001' } });
  });

  it('operations per frame: a stock client batching far past the limit has those calls fail, reconnects and works again', async () => {
    const c = stockClient(server.wsUrl, () => tokenFor('bob', 'acme', ['user']));
    closers.push(c.close);
    await c.client.messages.unreadCount.query();
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => c.client.messages.unreadCount.query()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(c.closeCodes).toEqual([4013]);
    expect(await c.client.messages.unreadCount.query()).toMatchObject({ total: 0 });
    expect(c.sockets).toHaveLength(2);
  });

  it('one frame with 10,000 realtime.events subscriptions gets one error and close code 4013, starts nothing, and /healthz stays fast while such frames arrive', async () => {
    const frame = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => subscribeFrame(i + 1)));
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => tokenFor(`mal${i}`, 'acme', ['user'])));
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const connectionsBefore = server.app.realtime.hub.connectionCount(null);
    // Ten sockets in turn, each sending the frame as soon as it is open.
    const attacked = await whileHealthy(server.url, async () => {
      const sockets: Awaited<ReturnType<typeof rawSocket>>[] = [];
      for (const token of tokens) {
        const raw = await rawSocket(server.wsUrl, token);
        closers.push(() => raw.ws.close());
        raw.send(frame);
        await eventually(() => raw.closeCode !== null, 'socket closed', 20_000);
        sockets.push(raw);
      }
      return sockets;
    });
    for (const raw of attacked) {
      expect(raw.closeCode).toBe(4013);
      expect(raw.frames).toHaveLength(1);
      expect(raw.frames[0]).toMatchObject({ id: null });
      expect(errorOf(raw.frames[0])).toMatchObject({ message: 'A frame may carry at most 5 operations; this one has 10000', data: { code: 'BAD_REQUEST', appCode: 'FORMAT_001' } });
    }
    expect(server.app.realtime.hub.connectionCount(null)).toBe(connectionsBefore);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('connections per user: one past the limit is refused with RATE_001 and closed with 4029', async () => {
    const token = await tokenFor('cody', 'acme', ['user']);
    const first = await rawSocket(server.wsUrl, token);
    const second = await rawSocket(server.wsUrl, token);
    closers.push(() => first.ws.close(), () => second.ws.close());
    for (const s of [first, second]) {
      s.send(queryFrame(1));
      await eventually(() => s.framesOf(1).length === 1, 'connection ready');
    }
    const third = await rawSocket(server.wsUrl, token);
    await eventually(() => third.closeCode !== null, 'third connection closed');
    expect(third.closeCode).toBe(4029);
    expect(errorOf(third.frames[0])).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS', appCode: 'RATE_001' } });
    // Another user is not affected, and closing one frees a place.
    const other = await rawSocket(server.wsUrl, await tokenFor('dana', 'acme', ['user']));
    closers.push(() => other.ws.close());
    other.send(queryFrame(1));
    await eventually(() => other.framesOf(1).length === 1, 'other user served');
    first.ws.close();
    await eventually(() => first.closeCode !== null, 'first closed');
    const fourth = await rawSocket(server.wsUrl, token);
    closers.push(() => fourth.ws.close());
    fourth.send(queryFrame(1));
    await eventually(() => fourth.framesOf(1).length === 1, 'a place was freed');
    expect(errorOf(fourth.framesOf(1)[0])).toBeUndefined();
  });

  it('messages per second per socket: frames past the rate get RATE_001 with retryAfterMs, and the socket stays usable', async () => {
    const raw = await rawSocket(server.wsUrl, await tokenFor('rhea', 'acme', ['user']));
    closers.push(() => raw.ws.close());
    for (let i = 1; i <= 40; i++) raw.send(queryFrame(i));
    await eventually(() => raw.frames.length >= 40, 'every frame answered');
    const limited = raw.frames.map(errorOf).filter((e) => e?.data.appCode === 'RATE_001');
    // The connectionParams frame counts too: 19 queries fit in the first second.
    expect(limited.length).toBeGreaterThanOrEqual(21 - 1);
    expect(limited[0]!.data.code).toBe('TOO_MANY_REQUESTS');
    expect(limited[0]!.data.retryAfterMs).toBeGreaterThan(0);
    expect(limited[0]!.data.retryAfterMs).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, limited[0]!.data.retryAfterMs));
    raw.send(queryFrame(100));
    await eventually(() => raw.framesOf(100).length === 1, 'answered after the wait');
    expect(errorOf(raw.framesOf(100)[0])).toBeUndefined();
  });

  it('a garbage frame gets a clean PARSE_ERROR, never the parser exception text', async () => {
    const raw = await rawSocket(server.wsUrl, await tokenFor('gary', 'acme', ['user']));
    closers.push(() => raw.ws.close());
    for (const garbage of ['not json', 'null', '{"id":1,"method":"query","params":null}', '[1,2,3]', '{"id":2,"method":"nope"}']) raw.send(garbage);
    await eventually(() => raw.frames.length >= 5, 'five answers');
    for (const frame of raw.frames.slice(0, 5)) {
      const error = errorOf(frame)!;
      expect(error.data.code).toBe('PARSE_ERROR');
      expect(error.message).not.toMatch(/TypeError|Cannot read|undefined|null/);
    }
    raw.send(queryFrame(3));
    await eventually(() => raw.framesOf(3).length === 1, 'still serving');
  });
});

describe('token expiry per call on an open socket', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('a call after the token expired fails with UNAUTHORIZED / AUTH_001 and the socket closes with 4001', async () => {
    const raw = await rawSocket(server.wsUrl, await tokenFor('exa', 'acme', ['user', 'sender'], { ttl: '2s' }));
    raw.send(queryFrame(1));
    await eventually(() => raw.framesOf(1).length === 1, 'served before expiry');
    expect(errorOf(raw.framesOf(1)[0])).toBeUndefined();
    const exp = (JSON.parse(Buffer.from((await tokenFor('exa', 'acme', ['user'], { ttl: '2s' })).split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
    // Tokens carry whole seconds; this one was signed in the same second as the connection's.
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - 2000 - Date.now()) + 2050));
    raw.send({ id: 2, method: 'mutation', params: { path: 'messages.send', input: { json: { receiverId: 'exa', messageType: 'NOTIFICATION', title: 'late', content: '' } } } });
    await eventually(() => raw.closeCode !== null, 'socket closed');
    expect(errorOf(raw.framesOf(2)[0])).toMatchObject({ data: { code: 'UNAUTHORIZED', appCode: 'AUTH_001' } });
    expect(raw.closeCode).toBe(4001);
  });

  it('the SDK-style flow: a stock client whose token expired reconnects with a fresh one and its stream goes on', async () => {
    let issued = 0;
    const c = stockClient(server.wsUrl, () => tokenFor('flo', 'acme', ['user'], { ttl: ++issued === 1 ? '2s' : '1h' }));
    const events: RealtimeEvent[] = [];
    c.client.realtime.events.subscribe(undefined, { onData: (t) => events.push(t.data) });
    await eventually(() => events.some((e) => e.type === 'ERROR'), 'ERROR at expiry', 10_000);
    expect(events.find((e) => e.type === 'ERROR')).toMatchObject({ appCode: 'AUTH_001' });
    await eventually(() => c.closeCodes.includes(4001) && c.sockets.length >= 2, 'closed with 4001 and reconnected', 10_000);
    const unreadCounts = () => events.filter((e) => e.type === 'UNREAD_COUNT').length;
    await eventually(() => unreadCounts() >= 2, 'stream resubscribed on the fresh connection');
    expect(await c.client.messages.unreadCount.query()).toMatchObject({ total: 0 });
    await c.close();
  });
});
