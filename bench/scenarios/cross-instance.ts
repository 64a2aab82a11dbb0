/**
 * Cross-instance delivery: two `message-center serve` processes sharing one SQLite file and one
 * redis-server. A user is connected to instance A; a sender posts through A (same instance) or
 * through B (cross instance), alternating, one message at a time. Latency is from the send
 * request to the MESSAGE event at the receiver, so both include HTTP, persistence and the Redis
 * hop; the difference is which process stores and publishes the message.
 */
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken, type AppRouter } from '../../packages/server/src/index.js';
import { spawnServer, type ServerProcess } from '../../packages/server/test/support/process.js';
import { startRedisServer } from '../../packages/server/test/support/redis-server.js';
import { median, quantile, table, writeSection } from '../report.js';
import type { ScenarioArgs } from '../run.js';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const ORG = 'bench-org';

export default async function crossInstance(args: ScenarioArgs): Promise<void> {
  const perKind = Number(args.flags.messages ?? 300);
  const redis = await startRedisServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-bench-x-'));
  const env = { MC_DATA_DIR: dataDir, MC_JWT_SECRET: SECRET, REDIS_URL: redis.url, MC_RATE_LIMIT_USER: '1000000', MC_RATE_LIMIT_ORG: '1000000', LOG_LEVEL: 'warn' };
  const instances: ServerProcess[] = [];
  try {
    instances.push(await spawnServer(env));
    instances.push(await spawnServer(env));
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const senderToken = await signToken(SECRET, { userId: 'bench-sender', orgId: ORG, roles: ['sender'] }, { ttl: '1h' });
    const send = (p: ServerProcess) =>
      createTRPCClient<AppRouter>({ links: [httpLink({ url: `${p.url}/trpc`, transformer: superjson, headers: { authorization: `Bearer ${senderToken}` } })] });
    const viaA = send(a);
    const viaB = send(b);

    const receiverToken = await signToken(SECRET, { userId: 'bench-receiver', orgId: ORG, roles: ['user'] }, { ttl: '1h' });
    const ws = createWSClient({ url: `${a.url.replace(/^http/, 'ws')}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, connectionParams: () => ({ token: receiverToken }) });
    const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
    const waiting = new Map<string, () => void>();
    let markReady!: () => void;
    const ready = new Promise<void>((r) => (markReady = r));
    const sub = trpc.realtime.events.subscribe({}, {
      onData(e) {
        markReady();
        if (e.data.type === 'MESSAGE') waiting.get(e.data.message.title)?.();
      },
    });
    await ready;

    const rows: { run: number; same: number[]; cross: number[] }[] = [];
    for (let run = 0; run < args.runs; run++) {
      const same: number[] = [];
      const cross: number[] = [];
      for (let i = 0; i < perKind * 2; i++) {
        const isCross = i % 2 === 1;
        const title = `run${run}-${i}`;
        const received = new Promise<void>((resolve) => waiting.set(title, resolve));
        const started = performance.now();
        await (isCross ? viaB : viaA).messages.send.mutate({ receiverId: 'bench-receiver', messageType: 'BUSINESS', title, content: 'latency probe' });
        await received;
        waiting.delete(title);
        (isCross ? cross : same).push(performance.now() - started);
      }
      rows.push({ run, same, cross });
      console.log(`run ${run + 1}: same p50 ${median(same).toFixed(2)} ms, cross p50 ${median(cross).toFixed(2)} ms`);
    }
    sub.unsubscribe();
    await ws.close();

    const fmt = (n: number) => n.toFixed(2);
    const stat = (pick: (r: (typeof rows)[number]) => number[], q: number) => median(rows.map((r) => quantile(pick(r), q)));
    const sameP50 = stat((r) => r.same, 0.5);
    const crossP50 = stat((r) => r.cross, 0.5);
    const sameP99 = stat((r) => r.same, 0.99);
    const crossP99 = stat((r) => r.cross, 0.99);
    writeSection(
      'cross-instance',
      'Cross-instance delivery (two instances, one SQLite file, one Redis)',
      `${perKind} messages per path per run, sent one at a time, ${args.runs} runs; send request → MESSAGE event at a user connected to instance A. Figures are medians over runs.\n\n` +
        table(
          ['path', 'p50 (ms)', 'p99 (ms)'],
          [
            ['same instance (send via A)', fmt(sameP50), fmt(sameP99)],
            ['cross instance (send via B)', fmt(crossP50), fmt(crossP99)],
            ['ratio cross / same', (crossP50 / sameP50).toFixed(2), (crossP99 / sameP99).toFixed(2)],
          ],
        ),
      [
        {
          metric: 'send → receive across two instances (Redis bus), p99',
          product: `${fmt(crossP99)} ms`,
          baseline: `${fmt(sameP99)} ms (same instance)`,
          ratio: `${(crossP99 / sameP99).toFixed(2)}×`,
          goal: 'p99 < 100 ms',
          met: crossP99 < 100,
        },
      ],
    );
  } finally {
    await Promise.all(instances.map((p) => p.stop()));
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
