// @vitest-environment happy-dom
import { cleanup, render, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sqliteBackend, startTestServer, tokenFor, wsClient, type BackendUnderTest, type Client, type TestServer } from '../../server/test/support/server.js';
import { createMessageCenterClient, type MessageCenterClient } from '../src/index.js';
import { MessageCenterProvider, useConnectionState, useInbox, useLiveMessages, useMessageCenter, useRealtimeEvent, useUnreadCount } from '../src/react/index.js';
import type { EventOf } from '../src/index.js';

// Updates here come from a real socket, as in a browser, not from inside act(): let React's own
// scheduler render them (and not warn that they are outside act()).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

describe('React hooks (real server, real sockets)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  /** An admin sending over its own WebSocket (happy-dom's fetch would apply browser CORS rules). */
  let sender: { client: Client; close: () => Promise<void> };
  const clients: MessageCenterClient[] = [];

  const connect = (userId: string): MessageCenterClient => {
    const client = createMessageCenterClient({
      url: server.wsUrl,
      getToken: () => tokenFor(userId, 'acme', ['user']),
      // The `ws` package, not the DOM environment's WebSocket: the socket must reach the real server.
      WebSocket,
      backoff: { baseMs: 100, maxMs: 1000 },
    });
    clients.push(client);
    return client;
  };
  const wrapperFor = (client: MessageCenterClient) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return createElement(MessageCenterProvider, { client }, children);
    };
  const send = (receiverId: string, title: string) => sender.client.messages.send.mutate({ receiverId, messageType: 'NOTIFICATION', title, content: `body of ${title}` });
  /** Waits for React to have rendered what the socket pushed. */
  const until = (check: () => boolean, what: string) => eventually(check, what);

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
    sender = wsClient(server.wsUrl, await tokenFor('svc', 'acme', ['admin']));
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sender?.close();
    await server?.stop();
    await backend?.cleanup();
  });

  it('useMessageCenter returns the provided client and fails clearly outside a provider', () => {
    const client = connect('ctx');
    expect(renderHook(() => useMessageCenter(), { wrapper: wrapperFor(client) }).result.current).toBe(client);
    expect(() => renderHook(() => useMessageCenter())).toThrow(/no MessageCenterProvider/);
  });

  it('useConnectionState starts idle, follows the socket to connected, and to closed when the client closes', async () => {
    const client = connect('conn');
    const seen: string[] = [];
    const { result } = renderHook(
      () => {
        const state = useConnectionState();
        seen.push(state.state);
        return state;
      },
      { wrapper: wrapperFor(client) },
    );
    // Nothing connects until the app uses the client.
    expect(result.current.state).toBe('idle');
    await client.connect();
    await until(() => result.current.state === 'connected', 'connected');
    await client.close();
    await until(() => result.current.state === 'closed', 'closed after close');
    expect(seen).toContain('connected');
  });

  it('useUnreadCount is null until known, then follows sends', async () => {
    const client = connect('ada');
    await send('ada', 'before mount');
    const { result } = renderHook(() => useUnreadCount(), { wrapper: wrapperFor(client) });
    await until(() => result.current !== null, 'first unread count');
    expect(result.current?.total).toBe(1);
    await send('ada', 'after mount');
    await until(() => result.current?.total === 2, 'unread count 2');
    expect(result.current?.byType.NOTIFICATION).toBe(2);
  });

  it('useLiveMessages shows live messages newest first, at most `limit`', async () => {
    const client = connect('bob');
    const { result } = renderHook(() => ({ messages: useLiveMessages({ limit: 2 }), unread: useUnreadCount() }), { wrapper: wrapperFor(client) });
    await until(() => result.current.unread !== null, 'stream live');
    for (const title of ['one', 'two', 'three']) {
      await send('bob', title);
      await until(() => result.current.messages[0]?.title === title, `${title} shown`);
    }
    expect(result.current.messages.map((m) => m.title)).toEqual(['three', 'two']);
  });

  it('useRealtimeEvent hears MESSAGE_UPDATED when another connection marks read, calling the latest listener', async () => {
    const phone = connect('cy');
    const laptop = connect('cy');
    const heard: { render: number; event: EventOf<'MESSAGE_UPDATED'> }[] = [];
    let shownUnread: number | null = null;
    function Inbox({ render: n }: { render: number }) {
      useRealtimeEvent('MESSAGE_UPDATED', (event) => heard.push({ render: n, event }));
      shownUnread = useUnreadCount()?.total ?? null;
      return createElement('span', null, shownUnread ?? '…');
    }
    const view = render(createElement(Inbox, { render: 1 }), { wrapper: wrapperFor(laptop) });
    await until(() => shownUnread === 0, 'laptop stream live');
    view.rerender(createElement(Inbox, { render: 2 }));

    const sent = await send('cy', 'read me elsewhere');
    await until(() => shownUnread === 1, 'laptop sees the new message');
    await phone.messages.markRead.mutate({ messageId: sent.messageId });

    await until(() => heard.length > 0, 'MESSAGE_UPDATED on the laptop');
    expect(heard[0]!.event.messageIds).toEqual([sent.messageId]);
    expect(heard[0]!.event.state).toBe('READ');
    expect(heard[0]!.render).toBe(2);
  });

  it('useInbox merges history and live messages, and marks read through the server', async () => {
    const client = connect('dee');
    const other = connect('dee');
    await send('dee', 'old');
    const { result } = renderHook(() => useInbox({ pageSize: 10 }), { wrapper: wrapperFor(client) });
    await until(() => result.current.items.length === 1 && result.current.unread?.total === 1, 'history loaded');
    await send('dee', 'new');
    await until(() => result.current.items[0]?.title === 'new', 'live message on top');
    await until(() => result.current.unread?.total === 2, 'unread 2');
    await result.current.markRead(result.current.items[0]!.messageId);
    await until(() => result.current.unread?.total === 1 && result.current.items[0]?.state === 'READ', 'read');
    const page = await other.messages.list.query({ state: 'UNREAD' });
    expect(page.items.map((m) => m.title)).toEqual(['old']);
  });
});
