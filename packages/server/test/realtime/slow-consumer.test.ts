import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SlowConsumerEvent } from '../../src/index.js';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';

const CAP = 256 * 1024;
const STALL_MS = 1_500;
const content = '慢'.repeat(20_000); // ~60 KB of UTF-8 per event

/** A raw tRPC WebSocket client subscribed to `realtime.events`, so a test controls reading at the TCP level. */
async function rawSubscriber(wsUrl: string, userId: string) {
  const ws = new WebSocket(`${wsUrl}?connectionParams=1`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const state = { started: false, closed: false, titles: [] as string[] };
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.includes('"started"')) state.started = true;
    const title = /"title":"([^"]+)"/.exec(text)?.[1];
    if (title) state.titles.push(title);
  });
  ws.on('close', () => (state.closed = true));
  ws.send(JSON.stringify({ method: 'connectionParams', data: { token: await tokenFor(userId, 'acme', ['user']) } }));
  ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'realtime.events', input: { json: {} } } }));
  await eventually(() => state.started, 'subscription started');
  const tcp = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return { ws, state, pause: () => tcp.pause(), resume: () => tcp.resume() };
}

/** A server with a small buffer cap and the given stall timeout. */
function serverWithStallTimeout(stallMs: number) {
  const ctx = { backend: null as BackendUnderTest | null, server: null as TestServer | null };
  beforeAll(async () => {
    ctx.backend = await sqliteBackend();
    ctx.server = await startTestServer({ ...ctx.backend.env, MC_WS_MAX_BUFFERED_BYTES: String(CAP), MC_WS_STALL_TIMEOUT_MS: String(stallMs), MC_RATE_LIMIT_USER: '100000', MC_RATE_LIMIT_ORG: '100000' });
  });
  afterAll(async () => {
    await ctx.server?.stop();
    await ctx.backend?.cleanup();
  });
  return ctx;
}

describe('slow consumers: backpressure', () => {
  const ctx = serverWithStallTimeout(60_000);

  it('a reader that falls behind is paused, not dropped, and gets everything in order once it reads again', async () => {
    const server = ctx.server!;
    const drops: SlowConsumerEvent[] = [];
    const off = server.app.onSlowConsumer((d) => drops.push(d));
    const sub = await rawSubscriber(server.wsUrl, 'paula');
    sub.pause();
    const sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    // ~6 MB: more than the kernel's socket buffers hold, so the server's own buffer fills.
    const count = 300;
    const bulky = 'x'.repeat(20_000);
    for (let i = 0; i < count; i++) await sender.messages.send.mutate({ receiverId: 'paula', messageType: 'NOTIFICATION', title: `p${i}`, content: bulky });
    sub.resume();
    await eventually(() => sub.state.titles.length >= count, 'every message after resuming', 30_000);
    expect(sub.state.titles).toEqual(Array.from({ length: count }, (_, i) => `p${i}`));
    expect(drops).toEqual([]);
    expect(sub.state.closed).toBe(false);
    off();
    sub.ws.close();
  });

});

describe('slow consumers: stalled readers', () => {
  const ctx = serverWithStallTimeout(STALL_MS);

  it('a client that stops reading is dropped after the stall timeout, its buffer held under the cap', async () => {
    const server = ctx.server!;
    const drops: SlowConsumerEvent[] = [];
    const off = server.app.onSlowConsumer((d) => drops.push(d));
    const sub = await rawSubscriber(server.wsUrl, 'sloane');
    sub.pause();
    const sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    const started = Date.now();
    while (drops.length === 0 && sent < 2000) {
      await sender.messages.send.mutate({ receiverId: 'sloane', messageType: 'NOTIFICATION', title: `big${sent}`, content });
      sent += 1;
    }
    expect(drops).toHaveLength(1);
    expect(drops[0]!.reason).toBe('stalled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(STALL_MS);
    // Streams stop pulling above half the cap: the buffer never got near the cap itself.
    const oneMessage = Buffer.byteLength(content) + 4096;
    expect(drops[0]!.bufferedAmount).toBeGreaterThan(CAP / 2);
    expect(drops[0]!.bufferedAmount).toBeLessThanOrEqual(CAP / 2 + oneMessage);
    // Memory did not follow the sends: what waits for the socket is bounded.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    sub.resume();
    await eventually(() => sub.state.closed, 'client sees the socket closed');
    expect(sent).toBeGreaterThan(4);
    off();
  });
});
