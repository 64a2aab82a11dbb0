import type { Bus } from '../../ports/bus.js';
import { createMemoryBusBackend, sweepExpired, type MemoryBusBackend } from './backend.js';
import { createMemoryLocks } from './locks.js';
import { createMemoryPresence } from './presence.js';
import { createMemoryRateLimiter } from './rate-limiter.js';

export { createMemoryBusBackend, type MemoryBusBackend } from './backend.js';

/** Options of {@link createMemoryBus}. */
export interface MemoryBusOptions {
  /**
   * State to share with other in-process buses (they then behave like instances on one Redis).
   * Default: a private backend.
   */
  backend?: MemoryBusBackend;
  /** How often expired sessions, idle buckets and expired locks are dropped. Default 30 000. */
  sweepIntervalMs?: number;
  /** Receives errors thrown by subscription handlers. Default: `console.error`. */
  onHandlerError?: (error: unknown, channel: string) => void;
}

/**
 * Creates the in-process bus: the default for a single instance. Publishes reach subscribers in
 * a later microtask, so a handler never runs inside the publisher's call stack.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const backend = options.backend ?? createMemoryBusBackend();
  const sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
  if (!Number.isFinite(sweepIntervalMs) || sweepIntervalMs <= 0) {
    throw new RangeError(`sweepIntervalMs must be a positive number, got ${sweepIntervalMs}`);
  }
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown, channel: string) =>
      console.error(`message-center: bus handler for channel "${channel}" threw`, error));

  let state: 'new' | 'started' | 'closed' = 'new';
  let sweepTimer: NodeJS.Timeout | undefined;
  /** This bus's subscriptions, so close() removes exactly these from the shared backend. */
  const ownSubscriptions = new Map<(payload: string) => void, string>();

  const assertStarted = (): void => {
    if (state === 'new') throw new Error('memory bus is not started; call start() first');
    if (state === 'closed') throw new Error('memory bus is closed');
  };

  const removeSubscription = (deliver: (payload: string) => void): void => {
    const channel = ownSubscriptions.get(deliver);
    if (channel === undefined) return;
    ownSubscriptions.delete(deliver);
    const subscribers = backend.channels.get(channel);
    subscribers?.delete(deliver);
    if (subscribers?.size === 0) backend.channels.delete(channel);
  };

  return {
    name: 'memory',

    async start() {
      if (state === 'closed') throw new Error('memory bus is closed and cannot be restarted');
      if (state === 'started') return;
      state = 'started';
      // unref: the sweeper only saves memory and must never keep the process alive.
      sweepTimer = setInterval(() => sweepExpired(backend, Date.now()), sweepIntervalMs).unref();
    },

    async close() {
      state = 'closed';
      clearInterval(sweepTimer);
      for (const deliver of [...ownSubscriptions.keys()]) removeSubscription(deliver);
    },

    isReady: () => state === 'started',

    async publish(channel, payload) {
      assertStarted();
      const subscribers = backend.channels.get(channel);
      if (!subscribers) return;
      const recipients = [...subscribers];
      queueMicrotask(() => {
        for (const deliver of recipients) deliver(payload);
      });
    },

    async subscribe(channel, handler) {
      assertStarted();
      const deliver = (payload: string): void => {
        // Unsubscribed between publish and delivery: the caller no longer expects anything.
        if (!ownSubscriptions.has(deliver)) return;
        try {
          handler(payload);
        } catch (error) {
          onHandlerError(error, channel);
        }
      };
      ownSubscriptions.set(deliver, channel);
      let subscribers = backend.channels.get(channel);
      if (!subscribers) backend.channels.set(channel, (subscribers = new Set()));
      subscribers.add(deliver);
      return async () => removeSubscription(deliver);
    },

    // Always connected: there is nothing to lose.
    onConnectionChange: () => () => undefined,

    presence: createMemoryPresence(backend),
    rateLimits: createMemoryRateLimiter(backend),
    locks: createMemoryLocks(backend),
  };
}
