import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/index.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { TEST_SECRET } from '../support/server.js';

/** Several `message-center serve` processes sharing one SQLite file (WAL) and one redis-server. */
export interface Cluster {
  redis: RedisServerHandle;
  dataDir: string;
  instances: ServerProcess[];
  /** `ws://…/trpc` of instance `i`. */
  wsUrl(i: number): string;
  stop(): Promise<void>;
}

/** Starts redis-server, then `count` instances one after the other (the first creates the schema). */
export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const redis = await startRedisServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-scale-'));
  const instances: ServerProcess[] = [];
  const shared = {
    MC_DATA_DIR: dataDir,
    MC_STORE: 'sqlite',
    MC_JWT_SECRET: TEST_SECRET,
    REDIS_URL: redis.url,
    MC_SCHEDULER_INTERVAL_MS: '200',
    ...env,
  };
  try {
    for (let i = 0; i < count; i++) instances.push(await spawnServer(shared));
  } catch (error) {
    await Promise.all(instances.map((p) => p.stop('SIGKILL')));
    await redis.stop();
    throw error;
  }
  return {
    redis,
    dataDir,
    instances,
    wsUrl: (i) => `${instances[i]!.url.replace(/^http/, 'ws')}/trpc`,
    async stop() {
      await Promise.all(instances.map((p) => p.stop()));
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What one subscriber of `realtime.events` has received so far. */
export interface EventLog {
  /** Message ids of MESSAGE events, in arrival order (repeats kept, to catch duplicates). */
  readonly messageIds: string[];
  /** URLs the client connected to, in order (a failover shows up as a second URL). */
  readonly connectedTo: string[];
  /** Errors that ended the subscription (the wsLink only resubscribes after a lost socket). */
  readonly errors: unknown[];
  /** Resolves once the server attached the stream (its first event arrived). */
  readonly ready: Promise<void>;
  /** How many times `messageId` arrived. */
  count(messageId: string): number;
  close(): Promise<void>;
}

/**
 * Subscribes to `realtime.events` through the tRPC WebSocket client, trying `urls` in turn on each
 * (re)connect. On reconnect the client resends the last event id it saw, so the server resumes
 * the stream after it, which is what a load-balanced or multi-URL client does after a failover.
 */
export function subscribeEvents(urls: readonly string[], token: string): EventLog {
  const messageIds: string[] = [];
  const connectedTo: string[] = [];
  const errors: unknown[] = [];
  let attempt = 0;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const ws = createWSClient({
    url: () => {
      const url = urls[attempt++ % urls.length]!;
      connectedTo.push(url);
      return url;
    },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
    retryDelayMs: () => 200,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
  const sub = client.realtime.events.subscribe(
    {},
    {
      onData(envelope) {
        markReady();
        if (envelope.data.type === 'MESSAGE') messageIds.push(envelope.data.message.messageId);
      },
      onError(error) {
        errors.push(error);
      },
    },
  );
  return {
    messageIds,
    connectedTo,
    errors,
    ready,
    count: (id) => messageIds.filter((m) => m === id).length,
    async close() {
      sub.unsubscribe();
      await ws.close();
    },
  };
}

/** Ids that occur more than once in `ids`. */
export function duplicatesIn(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
