// @vitest-environment happy-dom
import { cleanup, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  sqliteBackend,
  startTestServer,
  tokenFor,
  type BackendUnderTest,
  type TestServer,
} from '../../server/test/support/server.js';
import { createMessageCenterClient, type MessageCenterClient } from '../src/index.js';
import { MessageCenterProvider, usePreferences } from '../src/react/index.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

describe('mc.preferences and usePreferences (real server, real socket)', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  const clients: MessageCenterClient[] = [];
  const connect = (userId: string, roles: ('user' | 'admin')[] = ['user']) => {
    const client = createMessageCenterClient({
      url: server.wsUrl,
      getToken: () => tokenFor(userId, 'acme', roles),
      WebSocket: WebSocket,
    });
    clients.push(client);
    return client;
  };
  const wrapperFor = (client: MessageCenterClient) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return createElement(MessageCenterProvider, { client }, children);
    };

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server?.stop();
    await backend?.cleanup();
  });

  it('loads and saves the user’s own preferences through the SDK', async () => {
    const mc = connect('alice');
    expect(await mc.preferences.get.query()).toEqual({
      channels: {},
      quietHours: null,
      timeZone: null,
    });
    const { result } = renderHook(() => usePreferences(), { wrapper: wrapperFor(mc) });
    await eventually(() => result.current.preferences !== null, 'preferences loaded');
    const saved = await result.current.update({
      channels: { EMAIL: { enabled: false } },
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Asia/Shanghai',
    });
    expect(saved).toEqual({
      channels: { EMAIL: { enabled: false } },
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Asia/Shanghai',
    });
    await eventually(
      () => result.current.preferences?.timeZone === 'Asia/Shanghai',
      'hook shows the saved preferences',
    );
    expect(await mc.preferences.get.query()).toEqual(saved);
  });

  it('reports a refused update and keeps what was stored; org defaults need an admin', async () => {
    const mc = connect('bob');
    const { result } = renderHook(() => usePreferences('ORG'), { wrapper: wrapperFor(mc) });
    await eventually(() => result.current.error !== null, 'ORG scope refused for a user');
    const admin = connect('boss', ['admin']);
    const { result: adminPrefs } = renderHook(() => usePreferences('ORG'), {
      wrapper: wrapperFor(admin),
    });
    await eventually(() => adminPrefs.current.preferences !== null, 'org defaults loaded');
    await expect(adminPrefs.current.update({ timeZone: 'Not/AZone' })).rejects.toMatchObject({
      data: { appCode: 'FORMAT_001' },
    });
    await eventually(() => adminPrefs.current.error !== null, 'error shown');
    expect(adminPrefs.current.preferences).toEqual({
      channels: {},
      quietHours: null,
      timeZone: null,
    });
  });
});
