import CircuitBreaker from 'opossum';
import { ChannelError, type Delivery } from '../domain/index.js';
import type { ChannelAdapter, ChannelAttempt } from '../ports/channel.js';

/** When a breaker opens and how long it stays open. */
export interface BreakerOptions {
  /** Failures in the rolling window before the breaker may open. Default 5. */
  volumeThreshold?: number;
  /** Share of failed calls (percent) that opens it. Default 50. */
  errorThresholdPercentage?: number;
  /** How long it stays open before one probe is let through (half-open). Default 30 s. */
  resetTimeoutMs?: number;
  /** Rolling window of the failure count. Default 60 s. */
  rollingWindowMs?: number;
  /** Called when a breaker changes state (for logs). */
  onStateChange?: (endpoint: string, state: 'open' | 'halfOpen' | 'close') => void;
}

const MAX_ENDPOINTS = 1000;

/**
 * Wraps a channel with one circuit breaker (opossum) per endpoint. While a breaker is open, calls
 * fail at once with `ChannelError` kind `CIRCUIT_OPEN` and reach nothing; after `resetTimeoutMs`
 * one probe goes through: success closes the breaker, failure opens it again. Failures that a
 * retry cannot fix (PERMANENT) do not count. Timeouts are the adapter's (its abort signal).
 */
export function withCircuitBreakers(
  adapter: ChannelAdapter,
  options: BreakerOptions = {},
): ChannelAdapter & { stateOf(endpoint: string): 'open' | 'halfOpen' | 'closed' } {
  const breakers = new Map<string, CircuitBreaker<[Delivery, ChannelAttempt], void>>();
  const resetTimeout = options.resetTimeoutMs ?? 30_000;
  const breakerFor = (endpoint: string) => {
    let b = breakers.get(endpoint);
    if (b) return b;
    // Bounded: endpoints come from rules (capped per org); a flood of new ones resets the oldest.
    if (breakers.size >= MAX_ENDPOINTS) {
      const oldest = breakers.keys().next().value;
      if (oldest !== undefined) {
        breakers.get(oldest)?.shutdown();
        breakers.delete(oldest);
      }
    }
    b = new CircuitBreaker((d: Delivery, a: ChannelAttempt) => adapter.send(d, a), {
      timeout: false,
      resetTimeout,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      rollingCountTimeout: options.rollingWindowMs ?? 60_000,
      errorFilter: (err: unknown) => err instanceof ChannelError && err.kind === 'PERMANENT',
    });
    b.on('open', () => options.onStateChange?.(endpoint, 'open'));
    b.on('halfOpen', () => options.onStateChange?.(endpoint, 'halfOpen'));
    b.on('close', () => options.onStateChange?.(endpoint, 'close'));
    breakers.set(endpoint, b);
    return b;
  };

  return {
    channel: adapter.channel,
    endpointOf: (d) => adapter.endpointOf(d),
    async send(d, attempt) {
      const endpoint = adapter.endpointOf(d);
      try {
        await breakerFor(endpoint).fire(d, attempt);
      } catch (err) {
        if ((err as { code?: string }).code === 'EOPENBREAKER')
          throw new ChannelError(`circuit open for ${endpoint}`, 'CIRCUIT_OPEN', resetTimeout);
        throw err;
      }
    },
    stateOf(endpoint) {
      const b = breakers.get(endpoint);
      return !b ? 'closed' : b.opened ? 'open' : b.halfOpen ? 'halfOpen' : 'closed';
    },
    async close() {
      for (const b of breakers.values()) b.shutdown();
      breakers.clear();
      await adapter.close?.();
    },
  };
}
