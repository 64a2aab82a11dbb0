import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Options of `createRedisBus`. */
export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). Required. */
  url: string;
  /** Prefix of every key and channel, so several deployments can share one Redis. Default `mc:`. */
  keyPrefix?: string;
  /** Names this instance in Redis `CLIENT LIST` and in the bus name. Default `<hostname>-<random>`. */
  instanceId?: string;
  /** Upper bound of the reconnect backoff (100 ms doubling up to this). Default 2 000. */
  maxReconnectDelayMs?: number;
  /** A command without a reply after this long rejects (hung, half-open socket). Default 5 000. */
  commandTimeoutMs?: number;
  /** Receives errors thrown by subscription handlers. Default: `console.error`. */
  onHandlerError?: (error: unknown, channel: string) => void;
  /** Receives connection errors (each failed reconnect attempt, too). Default: ignored. */
  onConnectionError?: (error: Error) => void;
}

/** Options after validation, with defaults applied. */
export interface ResolvedRedisBusOptions extends Required<RedisBusOptions> {
  /** `host:port` for names and error messages; never contains credentials. */
  readonly address: string;
}

/** Validates options up front so a bad `REDIS_URL` stops start-up with a clear message. */
export function resolveRedisBusOptions(options: RedisBusOptions): ResolvedRedisBusOptions {
  const { url } = options;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new TypeError('createRedisBus: `url` is required, e.g. redis://127.0.0.1:6379');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('createRedisBus: `url` is not a valid URL (expected redis://host:port)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new TypeError(
      `createRedisBus: \`url\` must start with redis:// or rediss://, got ${parsed.protocol}//`,
    );
  }
  if (parsed.hostname === '') throw new TypeError('createRedisBus: `url` has no host');

  const keyPrefix = options.keyPrefix ?? 'mc:';
  // A brace in the prefix would become the Redis Cluster hash tag of every key.
  if (/[{}]/.test(keyPrefix)) {
    throw new TypeError('createRedisBus: `keyPrefix` must not contain { or }');
  }
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 5000;
  for (const [name, value] of Object.entries({ maxReconnectDelayMs, commandTimeoutMs })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`createRedisBus: \`${name}\` must be a positive number, got ${value}`);
    }
  }
  return {
    url,
    keyPrefix,
    instanceId: options.instanceId ?? `${hostname()}-${randomUUID().slice(0, 8)}`,
    maxReconnectDelayMs,
    commandTimeoutMs,
    onHandlerError:
      options.onHandlerError ??
      ((error, channel) =>
        console.error(`message-center: bus handler for channel "${channel}" threw`, error)),
    onConnectionError: options.onConnectionError ?? (() => undefined),
    address: `${parsed.hostname}:${parsed.port || '6379'}`,
  };
}
