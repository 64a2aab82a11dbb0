import { Redis, type RedisOptions } from 'ioredis';
import type { ResolvedRedisBusOptions } from './options.js';

/**
 * The two connections of a Redis bus (a connection in subscriber mode cannot run other
 * commands) and the single connected/disconnected signal derived from both.
 */
export interface RedisConnections {
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** Opens both; rejects (and leaves nothing running) when Redis cannot be reached. */
  open(): Promise<void>;
  /** Closes both; resolves once they are down. */
  close(): Promise<void>;
  isConnected(): boolean;
  onConnectionChange(listener: (isConnected: boolean) => void): () => void;
}

/**
 * Failure behaviour, chosen so callers never hang on a lost Redis:
 * - `enableOfflineQueue: false` — a command sent while disconnected rejects at once instead of
 *   waiting in memory for a reconnect that may be minutes away;
 * - `maxRetriesPerRequest: 0` — a command in flight when the connection drops rejects instead
 *   of being re-sent later (a late re-sent publish would arrive out of order);
 * - `commandTimeout` — a command on a half-open socket rejects after `commandTimeoutMs`;
 * - reconnects forever with a backoff of 100 ms doubling up to `maxReconnectDelayMs`.
 * Subscriptions are restored by ioredis (`autoResubscribe`) on every reconnect.
 */
function connectionOptions(options: ResolvedRedisBusOptions, role: string): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: true,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (attempt) =>
      Math.min(100 * 2 ** Math.min(attempt - 1, 10), options.maxReconnectDelayMs),
    connectionName: `message-center:${options.instanceId}:${role}`,
  };
}

export function createRedisConnections(options: ResolvedRedisBusOptions): RedisConnections {
  const commands = new Redis(options.url, connectionOptions(options, 'commands'));
  const subscriber = new Redis(options.url, connectionOptions(options, 'subscriber'));
  const listeners = new Set<(isConnected: boolean) => void>();
  let lastError: Error | undefined;
  let isOpen = false;
  /** Last state told to listeners. */
  let reported = false;
  /** The subscriber has re-sent its SUBSCRIBEs since it last connected, and Redis confirmed them. */
  let isSubscriberSynced = false;

  const isConnected = (): boolean =>
    isOpen && commands.status === 'ready' && subscriber.status === 'ready' && isSubscriberSynced;

  const reportChange = (): void => {
    const now = isConnected();
    if (!isOpen || now === reported) return;
    reported = now;
    for (const listener of [...listeners]) listener(now);
  };

  for (const connection of [commands, subscriber]) {
    connection.on('error', (error: Error) => {
      lastError = error;
      options.onConnectionError(error);
    });
    connection.on('close', reportChange);
    connection.on('end', reportChange);
  }
  commands.on('ready', reportChange);
  subscriber.on('close', () => (isSubscriberSynced = false));
  subscriber.on('ready', () => {
    // ioredis writes the re-SUBSCRIBEs before it emits 'ready'; Redis answers in order, so once
    // this PING returns every channel is live again and "connected" is true for subscribers too.
    subscriber.ping().then(
      () => {
        isSubscriberSynced = subscriber.status === 'ready';
        reportChange();
      },
      () => undefined,
    );
  });

  const disconnectBoth = async (): Promise<void> => {
    await Promise.all([commands, subscriber].map(closeConnection));
  };

  return {
    commands,
    subscriber,
    async open() {
      try {
        await Promise.all([commands.connect(), subscriber.connect()]);
        await subscriber.ping();
      } catch (error) {
        await disconnectBoth();
        const cause = lastError ?? error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new Error(`cannot connect to Redis at ${options.address}: ${reason}`, { cause });
      }
      isSubscriberSynced = true;
      isOpen = true;
      reported = true;
    },
    async close() {
      isOpen = false;
      listeners.clear();
      await disconnectBoth();
    },
    isConnected,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Closes one connection: politely (QUIT) when it is up, and without hanging when it is not. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status === 'ready') await connection.quit().catch(() => undefined);
  const status: string = connection.status; // QUIT may have ended it meanwhile
  // Waiting for a reconnect timer there is no socket to close: disconnect() just cancels it.
  if (status === 'reconnecting' || status === 'end') {
    connection.disconnect();
    return;
  }
  const ended = new Promise<void>((resolve) => {
    // Bounded: close() must never hang on a connection in a state ioredis does not end from.
    const timer = setTimeout(resolve, 2000).unref();
    connection.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  connection.disconnect();
  await ended;
}
