import { ChannelError, type Channel, type Delivery } from '../../domain/index.js';
import type { DeliveryOutcome } from '../../ports/store-routing.js';
import type { ChannelAdapter } from '../../ports/channel.js';
import type { ServiceDeps } from '../deps.js';

/** How the outbox worker runs. */
export interface OutboxWorkerOptions {
  /** Lease owner name of this instance. */
  instanceId: string;
  /** How often the outbox is polled. */
  intervalMs: number;
  /** How long a claimed job is this instance's; after that another instance may take it. */
  leaseMs: number;
  /** Budget of each external call. */
  callTimeoutMs: number;
  /** Jobs claimed per poll (and run at once). */
  batch: number;
}

/**
 * The delay before attempt `attempt + 1`: `backoffMs · 2^(attempt−1)`, with jitter that takes up
 * to a quarter off, so retries of many jobs spread out while each job's delays still grow.
 */
export function retryDelayMs(
  backoffMs: number,
  attempt: number,
  random: () => number = Math.random,
): number {
  const full = backoffMs * 2 ** Math.min(attempt - 1, 20);
  return Math.round(full * (0.75 + 0.25 * random()));
}

/** What an attempt's error means for the job. */
export function outcomeOf(job: Delivery, err: unknown, now: Date): DeliveryOutcome {
  const error = err instanceof Error ? err.message : String(err);
  if (err instanceof ChannelError && err.kind === 'CIRCUIT_OPEN')
    return {
      status: 'DEFERRED',
      nextAttemptAt: new Date(now.getTime() + (err.retryAfterMs ?? 1000)),
      error,
    };
  if ((err instanceof ChannelError && err.kind === 'PERMANENT') || job.attempts >= job.maxAttempts)
    return { status: 'FAILED', error };
  return {
    status: 'PENDING',
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(job.backoffMs, job.attempts)),
    error,
  };
}

/** Runs one claimed job through its channel and records the outcome (if the lease still holds). */
export async function runDelivery(
  deps: ServiceDeps,
  channels: Partial<Record<Channel, ChannelAdapter>>,
  job: Delivery,
  callTimeoutMs: number,
): Promise<DeliveryOutcome> {
  const log = {
    messageId: job.messageId,
    deliveryId: job.deliveryId,
    channel: job.channel,
    attempt: job.attempts,
  };
  const adapter = channels[job.channel];
  const started = performance.now();
  let outcome: DeliveryOutcome;
  const stale = await whyNotDeliverable(deps, job);
  if (stale) {
    outcome = { status: 'FAILED', error: stale };
  } else if (!adapter) {
    outcome = {
      status: 'FAILED',
      error: `the ${job.channel} channel is not configured on this server`,
    };
  } else {
    try {
      await adapter.send(job, {
        attempt: job.attempts,
        signal: AbortSignal.timeout(callTimeoutMs),
      });
      outcome = { status: 'DELIVERED' };
    } catch (err) {
      outcome = outcomeOf(job, err, deps.now());
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const metric =
    outcome.status === 'DELIVERED'
      ? 'delivered'
      : outcome.status === 'FAILED'
        ? 'failed'
        : outcome.status === 'DEFERRED'
          ? 'short_circuit'
          : 'retry';
  deps.telemetry?.channelAttempt?.(job.channel, metric, seconds);
  const isMine =
    job.leaseToken !== null &&
    (await deps.store.outbox.complete(job.deliveryId, job.leaseToken, outcome, deps.now()));
  const detail = {
    ...log,
    outcome: outcome.status,
    ms: Math.round(seconds * 1000),
    ...('error' in outcome ? { error: outcome.error } : {}),
  };
  if (!isMine)
    deps.logger.warn(
      detail,
      'delivery attempt finished after its lease was taken over; result dropped',
    );
  else if (outcome.status === 'FAILED')
    deps.logger.error(detail, 'external delivery failed for good');
  else if (outcome.status === 'DELIVERED') deps.logger.info(detail, 'external delivery sent');
  else deps.logger.warn(detail, 'external delivery attempt failed; will retry');
  return outcome;
}

/** A job may wait (retries, quiet hours): by then its message may be gone, cancelled or expired. */
async function whyNotDeliverable(deps: ServiceDeps, job: Delivery): Promise<string | null> {
  const message = await deps.store.messages.get(job.orgId, job.messageId);
  if (!message) return 'the message no longer exists';
  if (message.status === 'CANCELLED') return 'the message was cancelled';
  if (message.expireTime && message.expireTime.getTime() <= deps.now().getTime())
    return `the message expired at ${message.expireTime.toISOString()} before it could be delivered`;
  return null;
}

/**
 * Polls the outbox and delivers due jobs through the channels. Several instances share the
 * work through leases; a job whose holder died is taken over when its lease runs out. Returns
 * a function that stops polling and waits for the attempts in flight.
 */
export function startOutboxWorker(
  deps: ServiceDeps,
  channels: Partial<Record<Channel, ChannelAdapter>>,
  opts: OutboxWorkerOptions,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const poll = async () => {
    const jobs = await deps.store.outbox.claimDue(
      deps.now(),
      opts.instanceId,
      opts.leaseMs,
      opts.batch,
    );
    await Promise.all(jobs.map((job) => runDelivery(deps, channels, job, opts.callTimeoutMs)));
  };
  const timer = setInterval(() => {
    // One poll at a time: a slow batch delays the next poll instead of piling up.
    if (stopped || running) return;
    running = poll()
      .catch((err: unknown) => deps.logger.error({ err }, 'outbox poll failed; will retry'))
      .finally(() => (running = null));
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
