import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { eventually, TEST_SECRET, tokenFor, wsClient } from '../support/server.js';
import { subscribeEvents, type EventLog } from './cluster.js';

const ORG = 'org-workers';
const SUBSCRIBERS = 8;
const METRICS_TOKEN = 'pool-metrics-token-0123456789';

/** `mc_ws_connections` in a Prometheus exposition. */
const wsConnections = (text: string) => Number(/^mc_ws_connections (\d+)$/m.exec(text)?.[1] ?? NaN);

interface PoolLine {
  msg: string;
  role?: string;
  slot?: number;
  pid?: number;
  port?: number;
}

/** The primary's JSON log lines about its workers. */
function poolLines(server: ServerProcess): PoolLine[] {
  return server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as PoolLine)
    .filter((l) => l.role === 'primary');
}
const listening = (server: ServerProcess) => poolLines(server).filter((l) => l.msg === 'worker listening');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('serve --workers 2 (node:cluster, one port, Redis bus)', () => {
  let redis: RedisServerHandle;
  let server: ServerProcess;
  let dataDir: string;
  const logs: EventLog[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    dataDir = mkdtempSync(join(tmpdir(), 'mc-workers-'));
    server = await spawnServer({ MC_DATA_DIR: dataDir, MC_JWT_SECRET: TEST_SECRET, REDIS_URL: redis.url, LOG_LEVEL: 'info', MC_METRICS_PORT: '0', MC_METRICS_TOKEN: METRICS_TOKEN }, undefined, ['--workers', '2']);
    await eventually(() => listening(server).length === 2, 'both workers listening', 20_000);
  }, 40_000);

  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    await server?.stop('SIGKILL');
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/trpc`;
  const broadcastThroughOneSocket = async (title: string) => {
    const admin = wsClient(wsUrl(), await tokenFor('org-admin', ORG, ['admin', 'sender']));
    try {
      return await admin.client.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title, content: 'from one worker' });
    } finally {
      await admin.close();
    }
  };

  it('starts each worker with the heap settings for many idle connections (see heap-tuning.ts)', () => {
    for (const { pid } of listening(server)) {
      const args = readFileSync(`/proc/${pid!}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=20', '--gc-memory-reducer-start-delay-ms=1000']));
    }
  });

  it('serves one port from two worker processes, and a broadcast sent on one socket reaches subscribers on both', async () => {
    const pids = listening(server).map((l) => l.pid);
    expect(new Set(pids).size).toBe(2);
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const log = subscribeEvents([wsUrl()], await tokenFor(`user-${i}`, ORG, ['user']));
      logs.push(log);
      await log.ready;
    }
    const sent = await broadcastThroughOneSocket('first');
    await eventually(() => logs.every((l) => l.count(sent.messageId) === 1), 'broadcast on every subscriber');
  }, 30_000);

  it('serves the whole pool in one exposition: the primary listener and /metrics on the shared port both count every worker', async () => {
    const port = poolLines(server).find((l) => l.msg === 'metrics listening (all workers)')?.port;
    expect(port).toBeGreaterThan(0);
    // The subscribers of the previous test are spread over both workers by round-robin.
    await eventually(async () => wsConnections(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()) === SUBSCRIBERS, 'the sum over both workers');
    // Each request on the shared port lands on either worker; every answer is the pool's.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(wsConnections(await res.text())).toBe(SUBSCRIBERS);
    }
  }, 20_000);

  it('restarts a killed worker; only the connections it held reconnect, and they get the next broadcast', async () => {
    const victim = listening(server)[0]!;
    process.kill(victim.pid!, 'SIGKILL');
    await eventually(() => listening(server).length === 3, 'the primary restarts the killed worker', 20_000);
    const lines = poolLines(server);
    expect(lines.some((l) => l.msg === 'worker exited unexpectedly; restarting it' && l.pid === victim.pid)).toBe(true);
    const restarted = listening(server)[2]!;
    expect(restarted.slot).toBe(victim.slot);
    expect(restarted.pid).not.toBe(victim.pid);
    // Round-robin spread the sockets over both workers: some were cut and reconnected, some never were.
    await eventually(() => logs.some((l) => l.connectedTo.length > 1), 'sockets of the killed worker reconnect');
    expect(logs.some((l) => l.connectedTo.length === 1)).toBe(true);
    const sent = await broadcastThroughOneSocket('after restart');
    await eventually(() => logs.every((l) => l.count(sent.messageId) === 1), 'broadcast after the restart on every subscriber');
  }, 40_000);

  it('stops the primary and every worker on SIGTERM, exiting 0', async () => {
    const pids = listening(server).map((l) => l.pid!);
    await Promise.all(logs.splice(0).map((l) => l.close()));
    expect(await server.stop('SIGTERM')).toBe(0);
    await eventually(() => pids.every((pid) => !isAlive(pid)), 'no worker left running');
    expect(poolLines(server).filter((l) => l.msg === 'worker stopped')).toHaveLength(2);
  }, 30_000);
});

describe('serve --workers 2 without REDIS_URL', () => {
  it('refuses to start, naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mc-workers-'));
    try {
      await expect(spawnServer({ MC_DATA_DIR: dataDir, MC_JWT_SECRET: TEST_SECRET, REDIS_URL: '' }, undefined, ['--workers', '2'])).rejects.toThrow(
        /server exited with 2:[\s\S]*REDIS_URL: is required when MC_WORKERS \(or --workers\) is more than 1/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
