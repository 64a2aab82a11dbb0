import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor } from '../support/server.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** Metrics are never anonymous on the API port; composite keys of different ids never meet. */
describe('metrics exposure and composite keys', () => {
  let s: SecurityServer;
  let withToken: SecurityServer;
  beforeAll(async () => {
    s = await startSecurityServer();
    withToken = await startSecurityServer({ MC_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await s?.stop();
    await withToken?.stop();
  });

  it('serves /metrics on its own loopback listener, not anonymously on the API port', async () => {
    await whileHealthy(s.server.url, async () => {
      expect((await fetch(`${s.server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${withToken.server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${withToken.server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).status).toBe(401);
      const authorized = await fetch(`${withToken.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(authorized.status).toBe(200);
      expect(await authorized.text()).toContain('mc_ws_connections');
    });
    const port = s.server.app.metricsPort;
    expect(port).not.toBeNull();
    const own = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('mc_procedure_calls_total');
    expect((await fetch(`http://127.0.0.1:${port}/trpc/messages.list`)).status).toBe(404);
  });

  it('keeps org "a:b" + user "c" and org "a" + user "b:c" apart: reading as one does not read for the other', async () => {
    const platform = httpClient(s.server.url, await tokenFor('root', 'ops', ['platform']), { batch: false });
    const first = httpClient(s.server.url, await tokenFor('c', 'a:b', ['user', 'sender']), { batch: false });
    const second = httpClient(s.server.url, await tokenFor('b:c', 'a', ['user']), { batch: false });
    const { messageId } = await platform.messages.broadcast.mutate({ scope: 'ALL_USERS', messageType: 'ANNOUNCEMENT', title: 'to everyone', content: '' });
    await whileHealthy(s.server.url, async () => {
      await first.messages.markRead.mutate({ messageId });
    });
    expect((await first.messages.get.query({ messageId })).state).toBe('READ');
    expect((await second.messages.get.query({ messageId })).state).not.toBe('READ');
    expect((await second.messages.unreadCount.query()).total).toBe(1);
  });
});
