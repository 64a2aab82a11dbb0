import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { pino } from 'pino';
import { expect } from 'vitest';
import { loadConfig, startMessageCenter } from '../../src/index.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';

/** A clock the test sets and moves by hand. */
export class SettableClock {
  constructor(private ms: number = Date.now()) {}
  readonly now = (): Date => new Date(this.ms);
  set(at: Date): void {
    this.ms = at.getTime();
  }
}

/** The real server (sqlite in a temp dir, in-process bus) on a free port, on `clock` (null = the system clock). */
export async function startRoutingServer(
  clock: SettableClock | null,
  env: Record<string, string> = {},
): Promise<TestServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-routing-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MC_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    MC_DATA_DIR: dir,
    MC_STORE: 'sqlite',
    MC_RATE_LIMIT_USER: '100000',
    MC_SCHEDULER_INTERVAL_MS: '50',
    MC_OUTBOX_INTERVAL_MS: '50',
    ...env,
  });
  const app = await startMessageCenter({
    config,
    logger: pino({ level: 'silent' }),
    ...(clock ? { now: clock.now } : {}),
  });
  return {
    app,
    dir,
    url: app.url,
    wsUrl: `${app.url.replace(/^http/, 'ws')}/trpc`,
    stop: async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The app code and field paths of a refused call. */
export async function refusal(
  call: Promise<unknown>,
): Promise<{
  code: string;
  appCode: string | undefined;
  fieldPaths: string[] | undefined;
  message: string;
}> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const e = error as TRPCClientError<never>;
  const data = e.data as unknown as { code: string; appCode?: string; fieldPaths?: string[] };
  return {
    code: data.code,
    appCode: data.appCode,
    fieldPaths: data.fieldPaths,
    message: e.message,
  };
}
