import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { eventually, httpClient, tokenFor, TEST_SECRET } from '../support/server.js';
import { connectApp, expectedTitles, titlesOf, type AppUnderTest } from './support.js';
import { stockClient, type StockClient } from '../transport/support.js';

describe('real-time delivery across a server process restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-rt-restart-'));
  const env = { MC_DATA_DIR: dataDir, MC_STORE: 'sqlite', MC_JWT_SECRET: TEST_SECRET, MC_RATE_LIMIT_USER: '100000', MC_RATE_LIMIT_ORG: '100000' };
  let server: ServerProcess | null = null;
  let app: AppUnderTest | null = null;
  let stock: StockClient | null = null;
  afterAll(async () => {
    await app?.stop();
    await stock?.close();
    await server?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} in the middle of 1,000 messages: the app sees each exactly once, in order`, async () => {
      server ??= await spawnServer(env);
      const port = server.port;
      const wsUrl = `ws://127.0.0.1:${port}/trpc`;
      const userId = `rex-${signal.toLowerCase()}`;
      app = await connectApp(wsUrl, userId);
      const live = app;
      await eventually(() => live.events.some((e) => e.type === 'UNREAD_COUNT'), 'stream live', 20_000);

      const token = await tokenFor('svc', 'acme', ['sender']);
      let sent = 0;
      // The sender retries with an idempotency key, so a send the crash interrupted is not doubled.
      const sending = (async () => {
        while (sent < 1000) {
          const sender = httpClient(`http://127.0.0.1:${port}`, token);
          try {
            await sender.messages.send.mutate({ receiverId: userId, messageType: 'NOTIFICATION', title: `m${sent}`, content: '', idempotencyKey: `${userId}-${sent}` });
            sent += 1;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      })();
      await eventually(() => live.messages.length >= 300, '300 messages before the restart', 60_000);
      expect(await server.stop(signal)).toBe(signal === 'SIGTERM' ? 0 : null);
      server = await spawnServer(env, port);
      await sending;
      await eventually(() => live.messages.length >= 1000, 'all 1000 messages after the restart', 60_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(titlesOf(live)).toEqual(expectedTitles('m', 1000));
      expect(live.sockets.length).toBeGreaterThanOrEqual(2);
      await live.stop();
      app = null;
    }, 120_000);
  }

  it('SIGKILL in the middle of 300 messages: a stock @trpc/client subscriber (no SDK dedupe) gets each exactly once', async () => {
    server ??= await spawnServer(env);
    const port = server.port;
    const userId = 'rex-stock';
    const client = stockClient(`ws://127.0.0.1:${port}/trpc`, () => tokenFor(userId, 'acme', ['user']));
    stock = client;
    const titles: string[] = [];
    let isLive = false;
    client.client.realtime.events.subscribe(undefined, {
      onData: ({ data }) => {
        isLive = true;
        if (data.type === 'MESSAGE') titles.push(data.message.title);
      },
    });
    await eventually(() => isLive, 'stream live', 20_000);
    const token = await tokenFor('svc', 'acme', ['sender']);
    let sent = 0;
    const sending = (async () => {
      while (sent < 300) {
        try {
          await httpClient(`http://127.0.0.1:${port}`, token).messages.send.mutate({ receiverId: userId, messageType: 'NOTIFICATION', title: `s${sent}`, content: '', idempotencyKey: `${userId}-${sent}` });
          sent += 1;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    await eventually(() => titles.length >= 150, '150 messages before the kill', 60_000);
    expect(await server.stop('SIGKILL')).toBeNull();
    server = await spawnServer(env, port);
    await sending;
    await eventually(() => titles.length >= 300, 'all 300 messages after the restart', 60_000);
    // Anything re-sent would arrive right behind the rest; give it the chance to.
    await new Promise((r) => setTimeout(r, 500));
    expect(titles).toEqual(expectedTitles('s', 300));
    expect(client.sockets.length).toBeGreaterThanOrEqual(2);
    await client.close();
    stock = null;
  }, 120_000);
});
