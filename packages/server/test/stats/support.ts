import { pino } from 'pino';
import { loadConfig, startMessageCenter } from '../../src/index.js';
import { TEST_SECRET, type TestServer } from '../support/server.js';

/**
 * A clock the test moves by hand: it stands still between `advance` calls, so a measured read
 * delay is exactly the advance and not the test's own run time.
 */
export class ControlledClock {
  private ms = Date.now();
  readonly now = (): Date => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** The real server (sqlite, in-process bus) on a free port, on `clock`. */
export async function startClockedServer(
  dataDir: string,
  clock: ControlledClock,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MC_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    MC_DATA_DIR: dataDir,
    MC_STORE: 'sqlite',
    MC_RATE_LIMIT_USER: '100000',
    ...env,
  });
  const app = await startMessageCenter({
    config,
    logger: pino({ level: 'silent' }),
    now: clock.now,
  });
  return {
    app,
    url: app.url,
    wsUrl: `${app.url.replace(/^http/, 'ws')}/trpc`,
    stop: () => app.stop(),
  };
}

/** `YYYY-MM-DD` of a date in UTC (the statistics day). */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
