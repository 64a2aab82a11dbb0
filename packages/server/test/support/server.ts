import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, createWSClient, httpBatchLink, httpLink, wsLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { pino } from 'pino';
import { loadConfig, signToken, startMessageCenter, type AppRouter, type RunningMessageCenter, type Role } from '../../src/index.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A backend the end-to-end suite can run on: extra environment, and cleanup. */
export interface BackendUnderTest {
  name: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** The embedded SQLite backend in a fresh temp data directory. */
export async function sqliteBackend(): Promise<BackendUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-e2e-'));
  return { name: `sqlite (${dir})`, env: { MC_DATA_DIR: dir, MC_STORE: 'sqlite' }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  app: RunningMessageCenter;
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

/** Starts the real server in this process on a free port. */
export async function startTestServer(env: Record<string, string>): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MC_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    MC_SCHEDULER_INTERVAL_MS: '200',
    MC_SWEEP_INTERVAL_MS: '500',
    // Metrics on their own loopback listener, on a free port.
    MC_METRICS_PORT: '0',
    // Read threads load the TypeScript sources through tsx here (about 1.5 s each); suites that
    // test them turn them on.
    MC_SQLITE_READ_WORKERS: '0',
    ...env,
  });
  const app = await startMessageCenter({ config, logger: pino({ level: 'silent' }) });
  return { app, url: app.url, wsUrl: `${app.url.replace(/^http/, 'ws')}/trpc`, stop: () => app.stop() };
}

/** A signed token for a test identity. */
export function tokenFor(userId: string, orgId: string, roles: Role[], opts: { ttl?: string; secret?: string; name?: string } = {}): Promise<string> {
  return signToken(opts.secret ?? TEST_SECRET, { userId, orgId, roles, name: opts.name ?? `User ${userId}` }, { ttl: opts.ttl ?? '1h' });
}

export type Client = TRPCClient<AppRouter>;

/** A typed tRPC client over HTTP (batching) for `token` (or none). */
export function httpClient(url: string, token: string | null, opts: { batch?: boolean } = {}): Client {
  const link = (opts.batch ?? true) ? httpBatchLink : httpLink;
  return createTRPCClient<AppRouter>({
    links: [link({ url: `${url}/trpc`, transformer: superjson, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

/** A typed tRPC client over one WebSocket; `close()` when done. */
export function wsClient(wsUrl: string, token: string | null): { client: Client; close: () => Promise<void> } {
  const ws = createWSClient({
    url: wsUrl,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => (token ? { token } : {}),
    retryDelayMs: () => 200,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
  return { client, close: () => ws.close() };
}

/** Waits until `check` returns true (polling), or fails with `what` after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
