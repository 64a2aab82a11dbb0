import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SlowConsumerDisconnect } from '../../src/realtime/realtime-service.js';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';

const CAP = 256 * 1024;

describe('slow consumers', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_WS_MAX_BUFFERED_BYTES: String(CAP), MC_RATE_LIMIT_USER: '100000', MC_RATE_LIMIT_ORG: '100000' });
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('a client that stops reading is disconnected before the server buffers past the cap', async () => {
    const drops: SlowConsumerDisconnect[] = [];
    server.app.realtime.onSlowConsumer((d) => drops.push(d));

    // A raw tRPC WebSocket client, so the test controls reading at the TCP level.
    const ws = new WebSocket(`${server.wsUrl}?connectionParams=1`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let started = false;
    let closed = false;
    ws.on('message', (data: Buffer) => {
      if (data.toString().includes('"started"')) started = true;
    });
    ws.on('close', () => (closed = true));
    ws.send(JSON.stringify({ method: 'connectionParams', data: { token: await tokenFor('sloane', 'acme', ['user']) } }));
    ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'realtime.events', input: { json: {} } } }));
    await eventually(() => started, 'subscription started');
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    const content = '慢'.repeat(20_000); // ~60 KB of UTF-8 per event
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    while (drops.length === 0 && sent < 2000) {
      await sender.messages.send.mutate({ receiverId: 'sloane', messageType: 'NOTIFICATION', title: `big${sent}`, content });
      sent += 1;
    }
    expect(drops).toHaveLength(1);
    const oneMessage = Buffer.byteLength(content) + 4096;
    expect(drops[0]!.bufferedAmount).toBeGreaterThan(CAP);
    expect(drops[0]!.bufferedAmount).toBeLessThanOrEqual(CAP + oneMessage);
    // Memory did not follow the sends: nothing is kept for the dropped socket.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await eventually(() => closed, 'client sees the socket closed');
    expect(sent).toBeGreaterThan(4);
  });
});
