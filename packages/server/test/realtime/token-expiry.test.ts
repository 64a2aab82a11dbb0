import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { connectApp, expectedTitles, titlesOf } from './support.js';

describe('token expiry on the real-time socket', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('an expired token closes the stream with AUTH_001; the SDK refreshes and resumes gap-free', async () => {
    // Tokens for the first socket live 3 s; those for later sockets an hour. No automatic acks:
    // an ack sent after the expiry would itself be refused and close the socket (the per-call
    // check) before the stream's own expiry notice, which is what this test follows.
    const app = await connectApp(server.wsUrl, 'erin', { ttl: (_n, sockets) => (sockets <= 1 ? '3s' : '1h'), autoAck: false });
    try {
      await eventually(() => app.events.some((e) => e.type === 'UNREAD_COUNT'), 'stream live');
      const sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
      const closeCodes: number[] = [];
      app.sockets[0]!.on('close', (code) => closeCodes.push(code));
      // Keep sending across the expiry.
      for (let i = 0; i < 60; i++) {
        await sender.messages.send.mutate({ receiverId: 'erin', messageType: 'NOTIFICATION', title: `t${i}`, content: '' });
        await new Promise((r) => setTimeout(r, 80));
      }
      await eventually(() => app.messages.length >= 60, 'all 60 messages', 20_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(app.events.find((e) => e.type === 'ERROR')).toMatchObject({ appCode: 'AUTH_001' });
      expect(closeCodes).toEqual([4001]);
      expect(app.tokensIssued).toBeGreaterThanOrEqual(2);
      expect(titlesOf(app)).toEqual(expectedTitles('t', 60));
      // The refreshed connection serves the API too.
      expect((await app.client.messages.unreadCount.query()).total).toBe(60);
    } finally {
      await app.stop();
    }
  });
});
