import { z } from 'zod';

/**
 * Configuration: the only module that reads `process.env`. Every variable is validated by zod;
 * a bad value stops start-up with a message naming the variable (SPEC §7).
 */

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    MC_DATA_DIR: z.string().min(1).default('./data'),
    MC_STORE: z.enum(['sqlite', 'mongo']).default('sqlite'),
    MC_SQLITE_CACHE_MIB: z.coerce.number().int().min(1).max(65_536).default(64),
    MC_SQLITE_MMAP_MIB: z.coerce.number().int().min(0).max(1_048_576).default(0),
    MC_SQLITE_READ_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
    MONGODB_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL').optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
    MC_REDIS_PREFIX: z.string().min(1).default('mc:'),
    MC_JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 needs 256 bits)').optional(),
    MC_JWT_JWKS_URL: z.url().optional(),
    MC_JWT_ISSUER: z.string().min(1).optional(),
    MC_JWT_AUDIENCE: z.string().min(1).optional(),
    MC_ALLOWED_ORIGINS: commaList.default([]),
    /** Origins allowed to call the REST API from a browser (CORS); `*` allows any. */
    MC_CORS_ORIGINS: commaList.default([]),
    MC_DEV_AUTH: bool.default(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    MC_RATE_LIMIT_USER: positiveInt.default(600),
    MC_RATE_LIMIT_ORG: positiveInt.default(20_000),
    MC_MAX_BODY_BYTES: positiveInt.default(1_048_576),
    MC_WS_MAX_BUFFERED_BYTES: positiveInt.default(4_194_304),
    MC_WS_STALL_TIMEOUT_MS: positiveInt.default(30_000),
    MC_WS_MAX_SUBSCRIPTIONS: positiveInt.default(10),
    MC_WS_MAX_BATCH: positiveInt.default(50),
    MC_WS_MAX_CONNECTIONS_PER_USER: positiveInt.default(20),
    MC_WS_MESSAGES_PER_SECOND: positiveInt.default(100),
    MC_RESUME_OVERLAP_MS: z.coerce.number().int().nonnegative().default(0),
    MC_SCHEDULER_INTERVAL_MS: positiveInt.default(1000),
    MC_SWEEP_INTERVAL_MS: positiveInt.default(60_000),
    MC_PURGE_AFTER_MS: z.coerce.number().int().nonnegative().default(86_400_000),
    MC_TIME_ZONE: z.string().min(1).default('UTC'),
    MC_TEMPLATE_MAX_OPERATIONS: positiveInt.default(1_000_000),
    MC_TEMPLATE_MAX_VALUE_CHARS: positiveInt.default(100_000),
    MC_TEMPLATE_READER_MAX_OPERATIONS: positiveInt.default(50_000),
    /** Longest validity a JWT may claim (`exp` − `iat`), in seconds; unset = no maximum. */
    MC_JWT_MAX_LIFETIME_SECONDS: positiveInt.optional(),
    /** Inbox reads (list, search, get, unread count) per minute per user. */
    MC_READ_RATE_LIMIT_USER: positiveInt.default(1_200),
    /** Most calls one HTTP batch request may carry. */
    MC_HTTP_MAX_BATCH: positiveInt.default(50),
    /** How long an idle keep-alive HTTP connection stays open (longer than a load balancer's idle timeout). */
    MC_HTTP_KEEP_ALIVE_MS: z.coerce.number().int().min(1_000).max(600_000).default(65_000),
    /** Schemes allowed in message links (`metadata.actionUrl`, `attachments[].url`). */
    MC_URL_SCHEMES: commaList.pipe(z.array(z.string().regex(/^[a-z][a-z0-9+.-]*$/, 'must be lower-case URL schemes such as http,https')).min(1)).default(['http', 'https']),
    /** Port of the separate metrics listener; unset = no listener (metrics only with MC_METRICS_TOKEN). */
    MC_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Address the metrics listener binds to; loopback unless deliberately exposed. */
    MC_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Bearer token that unlocks `GET /metrics` on the API port; unset = not served there. */
    MC_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    MC_STRICT_RECEIVERS: bool.default(false),
    MC_RECEIVER_ALLOWLIST: commaList.default([]),
    MC_AUDIT_RETENTION_DAYS: positiveInt.default(180),
    MC_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
    MC_EMAIL_FROM: z.string().min(3).max(254).optional(),
    MC_SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    MC_SMS_GATEWAY_AUTH: z.string().min(1).optional(),
    MC_SMS_BODY_TEMPLATE: z.string().min(2).max(4096).optional(),
    MC_SMS_MAX_LENGTH: z.coerce.number().int().min(10).max(1600).default(160),
    MC_OUTBOX_INTERVAL_MS: positiveInt.default(1000),
    MC_OUTBOX_LEASE_MS: positiveInt.default(60_000),
    MC_OUTBOX_BATCH: z.coerce.number().int().min(1).max(500).default(20),
    MC_CHANNEL_TIMEOUT_MS: positiveInt.default(10_000),
    MC_CIRCUIT_RESET_MS: positiveInt.default(30_000),
    MC_CIRCUIT_VOLUME: positiveInt.default(5),
    /** Server processes sharing the port (`serve --workers N`); more than 1 needs `REDIS_URL`. */
    MC_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  })
  .superRefine((env, ctx) => {
    if (env.MC_SMTP_URL && !env.MC_EMAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['MC_EMAIL_FROM'], message: 'is required when MC_SMTP_URL is set (the sender address of emails)' });
    }
    if (env.MC_OUTBOX_LEASE_MS <= env.MC_CHANNEL_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['MC_OUTBOX_LEASE_MS'], message: 'must be longer than MC_CHANNEL_TIMEOUT_MS, or a slow call could be taken over while still running' });
    }
    if (env.MC_STORE === 'mongo' && !env.MONGODB_URL) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'is required when MC_STORE=mongo' });
    }
    if (env.MC_WORKERS > 1 && !env.REDIS_URL) {
      // The in-process bus reaches only its own process: events would miss users on other workers.
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: `is required when MC_WORKERS (or --workers) is more than 1 (got ${env.MC_WORKERS}): workers pass real-time events to each other through Redis` });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

/** Resolved configuration used by the server. */
export interface Config extends Env {
  /** Sends per minute per sender (`MC_RATE_LIMIT_USER`) and per org (`MC_RATE_LIMIT_ORG`). */
  rateLimits: { perUserPerMinute: number; perOrgPerMinute: number; readsPerUserPerMinute: number };
}

/** Thrown when the environment is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses configuration from `env` (default `process.env`). Empty strings count as unset.
 * `overrides` (command-line flags such as `--workers`) win over `env` and are validated alike.
 * @throws ConfigError naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Env, string>> = {}): Config {
  const cleaned = Object.fromEntries(Object.entries({ ...env, ...overrides }).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}${describeValue(cleaned, i.path)}`),
    );
  }
  const e = parsed.data;
  return { ...e, rateLimits: { perUserPerMinute: e.MC_RATE_LIMIT_USER, perOrgPerMinute: e.MC_RATE_LIMIT_ORG, readsPerUserPerMinute: e.MC_READ_RATE_LIMIT_USER } };
}

function describeValue(env: Record<string, unknown>, path: PropertyKey[]): string {
  const key = String(path[0] ?? '');
  // Never echo secrets back into logs.
  if (!key || /SECRET|PASSWORD|TOKEN/.test(key) || /_URL$/.test(key)) return '';
  const v = env[key];
  return v === undefined ? '' : ` (got ${JSON.stringify(v)})`;
}
