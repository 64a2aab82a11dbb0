#!/usr/bin/env node
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { signToken } from './auth/jwt.js';
import { resolveJwtSecret } from './auth/secret.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { Role } from './domain/index.js';
import { createLogger } from './server/logger.js';
import { runWorkerPool } from './server/workers.js';
import { workerExecArgv } from './server/heap-tuning.js';

const USAGE = `Usage:
  message-center [serve] [--workers N]        start the server (configuration from the environment);
                                              --workers N (or MC_WORKERS) runs N processes on one port,
                                              which needs REDIS_URL when N > 1
  message-center token --user U --org O --role R [--role R2] [--name N] [--ttl 1h]
                                              print a JWT signed with the configured secret
Roles: ${Role.options.join(', ')}. See the README for environment variables.`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  let overrides: Record<string, string> = {};
  if (command === 'serve') {
    try {
      const { values } = parseArgs({ args: rest, options: { workers: { type: 'string' } }, strict: true });
      if (values.workers !== undefined) overrides = { MC_WORKERS: values.workers };
    } catch (err) {
      console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
      return 2;
    }
  }
  let config: Config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (command === 'serve') return serve(config);
  if (command === 'token') return token(config, rest);
  console.error(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

async function serve(config: Config): Promise<number> {
  // node:cluster re-runs this command line in every worker; only the primary manages them.
  if (config.MC_WORKERS > 1 && cluster.isPrimary) {
    const logger = createLogger(config.LOG_LEVEL, { role: 'primary' });
    // The pool's one metrics listener, summing every worker's registry (server/pool-metrics.ts).
    const { poolPrimaryMetrics } = await import('./server/pool-metrics.js');
    const { startMetricsListener } = await import('./server/metrics-server.js');
    const metricsText = poolPrimaryMetrics();
    const listener = config.MC_METRICS_PORT === undefined ? null : await startMetricsListener({ host: config.MC_METRICS_HOST, port: config.MC_METRICS_PORT, metricsText });
    if (listener) logger.info({ host: config.MC_METRICS_HOST, port: listener.port }, 'metrics listening (all workers)');
    try {
      return await runWorkerPool({ workers: config.MC_WORKERS, logger, execArgv: workerExecArgv(process.env) });
    } finally {
      await listener?.close();
    }
  }
  // Loaded here, not at the top: the primary of a worker pool never runs a server, and
  // skipping the whole application graph keeps its memory small.
  const { startMessageCenter } = await import('./server/app.js');
  const app = await startMessageCenter({ config });
  if (!config.MC_JWT_SECRET && app.jwtSecret) {
    console.error(
      `\nMessage Center is running at ${app.url} (tRPC at ${app.url}/trpc).\n` +
        `No MC_JWT_SECRET is set, so tokens are signed with the secret stored in ${config.MC_DATA_DIR}/jwt-secret.\n` +
        `Get a token with:\n  npx message-center token --user alice --org acme --role admin\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      console.error(`received ${signal}, shutting down`);
      void app.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  // A worker's IPC channel to the primary would keep it alive after the server stopped.
  if (cluster.isWorker) process.disconnect();
  return 0;
}

async function token(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      user: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
    },
    strict: true,
  });
  const roles = (values.role ?? ['user']).map((r) => Role.safeParse(r));
  const bad = roles.find((r) => !r.success);
  if (!values.user || !values.org || bad) {
    console.error(`${!values.user || !values.org ? '--user and --org are required' : 'unknown role'}\n\n${USAGE}`);
    return 2;
  }
  if (!/^\d+[smhdw]$/.test(values.ttl)) {
    console.error('--ttl must look like 30m, 1h, 7d');
    return 2;
  }
  const { secret } = resolveJwtSecret(config.MC_JWT_SECRET, config.MC_DATA_DIR);
  const jwt = await signToken(
    secret,
    { userId: values.user, orgId: values.org, roles: roles.map((r) => r.data!), ...(values.name ? { name: values.name } : {}) },
    { ttl: values.ttl, issuer: config.MC_JWT_ISSUER, audience: config.MC_JWT_AUDIENCE },
  );
  process.stdout.write(`${jwt}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
