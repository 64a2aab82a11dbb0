import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createTokenIssuer, createTokenVerifier } from '../auth/jwt.js';
import { resolveJwtSecret } from '../auth/secret.js';
import type { Config } from '../config.js';
import type { Bus } from '../ports/bus.js';
import type { Directory } from '../ports/directory.js';
import type { Store } from '../ports/store.js';
import { BusEventPublisher } from '../realtime/bus-events.js';
import { RealtimeService } from '../realtime/realtime-service.js';
import { createBuiltInDirectory, createServices, startBackgroundJobs, startOutboxWorker, type Services } from '../services/index.js';
import { busFromConfig, storeFromConfig } from './adapters.js';
import { createContextFactory } from './context.js';
import { createHttpServer, type SlowConsumerEvent } from '../transport/http-server.js';
import { createLogger } from './logger.js';
import { createMetrics, telemetryOf, type Metrics } from './metrics.js';
import { channelsFromConfig } from './channels.js';
import type { Channel } from '../domain/index.js';
import type { ChannelAdapter } from '../ports/channel.js';
import { startMetricsListener, tokenProtectedMetrics, type MetricsText } from './metrics-server.js';
import { poolWorkerMetrics } from './pool-metrics.js';

export interface MessageCenterOptions {
  config: Config;
  /** Overrides the configured store (embedding hosts, tests). */
  store?: Store;
  /** Overrides the configured bus. */
  bus?: Bus;
  /** A host platform's directory; default: built-in groups and seen users. */
  directory?: Directory;
  logger?: Logger;
  /** The clock every service uses (default: the system clock); tests substitute a controlled one. */
  now?: () => Date;
  /** External channels (default: from the environment, see `channelsFromConfig`). */
  channels?: Partial<Record<Channel, ChannelAdapter>>;
  /** Which WebSocket handler serves `/trpc` (benchmarks compare tRPC's stock adapter); default the transport's own. */
  webSocketHandler?: 'message-center' | 'trpc-stock';
}

export interface RunningMessageCenter {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  services: Services;
  /** Real-time delivery on this instance (streams, presence heartbeats, live statistics). */
  realtime: RealtimeService;
  metrics: Metrics;
  /** Calls `listener` whenever a WebSocket is dropped for reading too slowly. Returns a remover. */
  onSlowConsumer(listener: (e: SlowConsumerEvent) => void): () => void;
  /** Port of the separate metrics listener (`MC_METRICS_PORT`), null when there is none. */
  metricsPort: number | null;
  /** The HS256 secret in use (for issuing tokens), when not on JWKS. */
  jwtSecret: string | null;
  /** Graceful stop: refuse new work, close sockets, finish jobs, close adapters. */
  stop(): Promise<void>;
}

/**
 * Starts a complete Message Center: adapters, services, background jobs and the HTTP + WebSocket
 * server on one port.
 */
export async function startMessageCenter(opts: MessageCenterOptions): Promise<RunningMessageCenter> {
  const { config } = opts;
  const instanceId = randomUUID();
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, { instanceId });
  const store = opts.store ?? (await storeFromConfig(config));
  const bus = opts.bus ?? (await busFromConfig(config, instanceId));

  const secretInfo = config.MC_JWT_JWKS_URL && !config.MC_JWT_SECRET ? null : resolveJwtSecret(config.MC_JWT_SECRET, config.MC_DATA_DIR);
  if (secretInfo?.generated) logger.info({ file: secretInfo.file }, 'generated a JWT secret for this data directory');
  const verify = createTokenVerifier({
    secret: secretInfo?.secret,
    jwksUrl: config.MC_JWT_JWKS_URL,
    issuer: config.MC_JWT_ISSUER,
    audience: config.MC_JWT_AUDIENCE,
    maxLifetimeSeconds: config.MC_JWT_MAX_LIFETIME_SECONDS,
  });

  await store.start();
  await bus.start();
  const metrics = createMetrics();
  // In a `serve --workers N` pool the primary owns the metrics listener and every scrape reads
  // the whole pool (server/pool-metrics.ts).
  const inPool = cluster.isWorker && config.MC_WORKERS > 1;
  const metricsText: MetricsText = inPool
    ? poolWorkerMetrics(metrics.registry)
    : async () => ({ contentType: metrics.registry.contentType, text: await metrics.registry.metrics() });
  const deps = {
    store,
    bus,
    directory: opts.directory ?? createBuiltInDirectory(store, { receiverAllowList: config.MC_RECEIVER_ALLOWLIST }),
    events: new BusEventPublisher(bus),
    logger,
    now: opts.now ?? (() => new Date()),
    limits: {
      sendsPerUserPerMinute: config.rateLimits.perUserPerMinute,
      sendsPerOrgPerMinute: config.rateLimits.perOrgPerMinute,
      templateMaxOperations: config.MC_TEMPLATE_MAX_OPERATIONS,
      templateMaxValueChars: config.MC_TEMPLATE_MAX_VALUE_CHARS,
      templateReaderMaxOperations: config.MC_TEMPLATE_READER_MAX_OPERATIONS,
      readsPerUserPerMinute: config.rateLimits.readsPerUserPerMinute,
      urlSchemes: config.MC_URL_SCHEMES,
    },
    timeZone: config.MC_TIME_ZONE,
    telemetry: telemetryOf(metrics),
    strictReceivers: config.MC_STRICT_RECEIVERS,
    auditRetentionDays: config.MC_AUDIT_RETENTION_DAYS,
  };
  const services = createServices(deps, instanceId, {
    isDevAuthEnabled: config.MC_DEV_AUTH,
    tokens: secretInfo ? createTokenIssuer(secretInfo.secret, { issuer: config.MC_JWT_ISSUER, audience: config.MC_JWT_AUDIENCE }) : null,
  });
  const realtime = new RealtimeService(deps, services.inbox, services.presence, services.renderer, { instanceId, minResumeOverlapMs: config.MC_RESUME_OVERLAP_MS, hooks: { deliveries: services.deliveries, notices: services.system } });
  if (config.MC_DEV_AUTH) logger.warn('MC_DEV_AUTH is on: anyone can sign in as anyone. Never enable it in production.');
  const http = createHttpServer({
    contexts: createContextFactory(services, realtime, verify),
    telemetry: deps.telemetry,
    serveMetrics: tokenProtectedMetrics(config.MC_METRICS_TOKEN, metricsText),
    maxBatchSize: config.MC_HTTP_MAX_BATCH,
    logger,
    allowedOrigins: config.MC_ALLOWED_ORIGINS,
    corsOrigins: config.MC_CORS_ORIGINS,
    maxBodyBytes: config.MC_MAX_BODY_BYTES,
    keepAliveMs: config.MC_HTTP_KEEP_ALIVE_MS,
    wsHandler: opts.webSocketHandler,
    wsLimits: {
      maxBufferedBytes: config.MC_WS_MAX_BUFFERED_BYTES,
      stallTimeoutMs: config.MC_WS_STALL_TIMEOUT_MS,
      maxSubscriptionsPerSocket: config.MC_WS_MAX_SUBSCRIPTIONS,
      maxOperationsPerFrame: config.MC_WS_MAX_BATCH,
      maxConnectionsPerUser: config.MC_WS_MAX_CONNECTIONS_PER_USER,
      maxMessagesPerSecond: config.MC_WS_MESSAGES_PER_SECOND,
    },
    readiness: async () => {
      const checks = { store: await store.isReady().catch(() => false), bus: bus.isReady() };
      return { isReady: checks.store && checks.bus, checks };
    },
  });
  const stopJobs = startBackgroundJobs(deps, {
    instanceId,
    schedulerIntervalMs: config.MC_SCHEDULER_INTERVAL_MS,
    sweepIntervalMs: config.MC_SWEEP_INTERVAL_MS,
    purgeAfterMs: config.MC_PURGE_AFTER_MS,
    extraSweeps: [
      { name: 'audit-retention', run: () => services.audit.purge() },
      { name: 'system-notices', run: () => services.system.purgeExpired(new Date(deps.now().getTime() - config.MC_PURGE_AFTER_MS)) },
    ],
  });

  const channels = opts.channels ?? channelsFromConfig(config, logger, deps.now);
  const stopOutbox = startOutboxWorker(deps, channels, {
    instanceId,
    intervalMs: config.MC_OUTBOX_INTERVAL_MS,
    leaseMs: config.MC_OUTBOX_LEASE_MS,
    callTimeoutMs: config.MC_CHANNEL_TIMEOUT_MS,
    batch: config.MC_OUTBOX_BATCH,
  });

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (http.server.address() as AddressInfo).port;
  const metricsListener =
    config.MC_METRICS_PORT === undefined || inPool ? null : await startMetricsListener({ host: config.MC_METRICS_HOST, port: config.MC_METRICS_PORT, metricsText });
  if (metricsListener) logger.info({ host: config.MC_METRICS_HOST, port: metricsListener.port }, 'metrics listening');
  else if (!config.MC_METRICS_TOKEN && !inPool) logger.info('metrics are off: set MC_METRICS_PORT (own loopback listener) or MC_METRICS_TOKEN (bearer on the API port)');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host}:${port}`;
  logger.info({ url, store: store.name, bus: bus.name }, 'message center listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    services,
    realtime,
    metrics,
    onSlowConsumer: (listener) => http.onSlowConsumer(listener),
    metricsPort: metricsListener?.port ?? null,
    jwtSecret: secretInfo?.secret ?? null,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down');
        await metricsListener?.close();
        await http.closeWebSockets();
        await new Promise<void>((resolve) => {
          http.server.close(() => resolve());
          http.server.closeAllConnections();
        });
        await stopJobs();
        await stopOutbox();
        await Promise.allSettled(Object.values(channels).map(async (c) => c.close?.()));
        await realtime.close();
        await services.deliveries.close();
        await bus.close();
        await store.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
