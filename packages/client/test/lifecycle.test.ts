/**
 * The client's connection lifecycle against a real server: lazy connect, late sign-in, a refused
 * token, an unreachable URL, a half-open socket (the server process paused), user switch, and
 * queries over HTTP.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type ServerProcess } from '../../server/test/support/process.js';
import { eventually, sqliteBackend, startTestServer, tokenFor, TEST_SECRET, type BackendUnderTest, type TestServer } from '../../server/test/support/server.js';
import { queriesOverHttp } from '../src/http/index.js';
import { createMessageCenterClient, isMessageCenterError, type ConnectionState, type MessageCenterClient, type MessageCenterClientOptions } from '../src/index.js';

// The `ws` package fits the WebSocket option as it is (no cast), as the README promises.
const WS = WebSocket;

/** Resolves with the first state for which `predicate` holds (now or later). */
function stateWhere(client: MessageCenterClient, predicate: (s: ConnectionState) => boolean): Promise<ConnectionState> {
  return new Promise((resolve) => {
    if (predicate(client.connectionState.current)) return resolve(client.connectionState.current);
    const off = client.connectionState.subscribe((s) => {
      if (!predicate(s)) return;
      off();
      resolve(s);
    });
  });
}

async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('client lifecycle (real server)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  const clients: MessageCenterClient[] = [];
  const make = (opts: Partial<MessageCenterClientOptions>) => {
    const c = createMessageCenterClient({ url: server.wsUrl, WebSocket: WS, backoff: { baseMs: 50, maxMs: 500 }, ...opts });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.stop();
    await backend?.cleanup();
  });

  it('connects lazily: nothing opens until the first call', async () => {
    let asked = 0;
    const client = make({ getToken: () => (asked++, tokenFor('lazy', 'acme', ['user'])) });
    // A full round trip to the server, so a connection the client had started would have been made.
    expect((await fetch(`${server.url}/healthz`)).ok).toBe(true);
    expect(client.connectionState.current).toEqual({ state: 'idle' });
    expect(asked).toBe(0);
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'lazy' });
    expect(client.connectionState.current).toEqual({ state: 'connected' });
  });

  it('waits for a token when nobody is signed in yet, then carries on after setToken()', async () => {
    const client = make({ getToken: () => null });
    const pending = client.auth.whoami.query();
    await stateWhere(client, (s) => s.state === 'waiting-for-token');
    await client.setToken(await tokenFor('late', 'acme', ['user']));
    expect(await pending).toMatchObject({ userId: 'late' });
    expect(client.connectionState.current.state).toBe('connected');
  });

  it('a refused token shows `unauthorized` with AUTH_001, and a new token recovers', async () => {
    const client = make({ getToken: () => tokenFor('mallory', 'acme', ['user'], { secret: `${TEST_SECRET}-wrong` }) });
    const err = await rejectionOf(client.auth.whoami.query());
    expect(isMessageCenterError(err) && err.appCode).toBe('AUTH_001');
    const state = client.connectionState.current;
    expect(state.state).toBe('unauthorized');
    await client.setToken(await tokenFor('mallory', 'acme', ['user']));
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'mallory' });
    expect(client.connectionState.current.state).toBe('connected');
  });

  it('an unreachable URL fails calls with CONN_001 after requestTimeoutMs', async () => {
    const port = await freePort();
    const client = make({ url: `ws://127.0.0.1:${port}/trpc`, getToken: () => 'any', requestTimeoutMs: 400 });
    const started = Date.now();
    const err = await rejectionOf(client.messages.unreadCount.query());
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(isMessageCenterError(err)).toBe(true);
    expect(isMessageCenterError(err) && err.appCode).toBe('CONN_001');
    expect((err as Error).message).toMatch(/within 400 ms/);
    expect(client.connectionState.current.state).toBe('connecting');
  });

  it('invalid input is FORMAT_001 with the failing field paths', async () => {
    const client = make({ getToken: () => tokenFor('typo', 'acme', ['user']) });
    const err = await rejectionOf(client.messages.list.query({ size: -1 }));
    expect(isMessageCenterError(err)).toBe(true);
    if (!isMessageCenterError(err)) return;
    expect(err.appCode).toBe('FORMAT_001');
    expect(err.fieldPaths).toContain('size');
    expect(err.retryAfterMs).toBeNull();
  });

  it('switches user: calls and the live stream follow the new token', async () => {
    const sender = make({ getToken: () => tokenFor('svc', 'acme', ['admin']) });
    const client = make({ getToken: () => tokenFor('ann', 'acme', ['user']) });
    const titles: string[] = [];
    client.onMessage((m) => titles.push(`${m.receiverId}:${m.title}`));
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'ann' });
    await sender.messages.send.mutate({ receiverId: 'ann', messageType: 'SYSTEM', title: 'for ann', content: '.' });
    await eventually(() => titles.includes('ann:for ann'), 'ann gets her message');
    await client.setToken(await tokenFor('ben', 'acme', ['user']));
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'ben' });
    await sender.messages.send.mutate({ receiverId: 'ann', messageType: 'SYSTEM', title: 'ann again', content: '.' });
    await sender.messages.send.mutate({ receiverId: 'ben', messageType: 'SYSTEM', title: 'for ben', content: '.' });
    await eventually(() => titles.includes('ben:for ben'), 'ben gets his message');
    expect(titles.filter((t) => t.startsWith('ann:'))).toEqual(['ann:for ann']);
    // Signed out, the live stream's listener waits for whoever signs in next.
    await client.signOut();
    expect(client.connectionState.current.state).toBe('waiting-for-token');
  });

  it('queries over HTTP need no socket; the live stream opens one', async () => {
    const client = make({ getToken: () => tokenFor('hugo', 'acme', ['user']), queries: queriesOverHttp({ url: `${server.url}/trpc` }) });
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'hugo' });
    expect(client.connectionState.current.state).toBe('idle');
    const off = client.onUnreadCount(() => undefined);
    await stateWhere(client, (s) => s.state === 'connected');
    off();
  });
});

describe('typed errors of a rate-limited sender (real server)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let client: MessageCenterClient | null = null;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '1' });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await backend?.cleanup();
  });

  it('a refused send is RATE_001 with retryAfterMs', async () => {
    client = createMessageCenterClient({ url: server.wsUrl, WebSocket: WS, getToken: () => tokenFor('svc', 'acme', ['sender']) });
    const send = () => client!.messages.send.mutate({ receiverId: 'amy', messageType: 'SYSTEM', title: 't', content: '.' });
    await send();
    const err = await rejectionOf(send());
    expect(isMessageCenterError(err)).toBe(true);
    if (!isMessageCenterError(err)) return;
    expect(err.appCode).toBe('RATE_001');
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(err.fieldPaths).toEqual([]);
  });
});

describe('keep-alive (server in its own process)', () => {
  let backend: BackendUnderTest;
  let proc: ServerProcess;
  let client: MessageCenterClient | null = null;
  beforeAll(async () => {
    backend = await sqliteBackend();
    proc = await spawnServer({ ...backend.env, MC_JWT_SECRET: TEST_SECRET });
  }, 60_000);
  afterAll(async () => {
    proc?.child.kill('SIGCONT');
    await client?.close();
    await proc?.stop();
    await backend?.cleanup();
  });

  it('notices a half-open socket (server paused with SIGSTOP) within two keep-alive intervals', async () => {
    const intervalMs = 2_000;
    client = createMessageCenterClient({
      url: `${proc.url.replace(/^http/, 'ws')}/trpc`,
      WebSocket: WS,
      getToken: () => tokenFor('kim', 'acme', ['user']),
      keepAlive: { intervalMs, pongTimeoutMs: 800 },
    });
    expect(await client.auth.whoami.query()).toMatchObject({ userId: 'kim' });
    expect(client.connectionState.current.state).toBe('connected');
    const lost = stateWhere(client, (s) => s.state !== 'connected');
    const pausedAt = Date.now();
    proc.child.kill('SIGSTOP');
    const state = await lost;
    const noticedAfter = Date.now() - pausedAt;
    proc.child.kill('SIGCONT');
    console.log(`half-open socket noticed after ${noticedAfter} ms (keep-alive interval ${intervalMs} ms)`);
    expect(state.state).toBe('connecting');
    expect(noticedAfter).toBeLessThanOrEqual(2 * intervalMs);
    await stateWhere(client, (s) => s.state === 'connected');
  }, 30_000);
});
