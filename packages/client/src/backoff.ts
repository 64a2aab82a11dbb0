/** Reconnect delays: exponential growth with full jitter. */
export interface BackoffOptions {
  /** First ceiling, in ms (default 500). */
  baseMs?: number;
  /** Largest ceiling, in ms (default 30 000). */
  maxMs?: number;
}

/**
 * The delay before reconnect attempt `attempt` (0-based): a uniformly random value between 0 and
 * `min(maxMs, baseMs × 2^attempt)` ("full jitter"). Without jitter, every client of a restarted
 * server comes back in the same millisecond.
 */
export function jitteredBackoff(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
