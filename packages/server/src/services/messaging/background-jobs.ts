import { newTimeOrderedId } from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { SendPipeline } from './create-message.js';

export interface BackgroundJobOptions {
  /** Unique id of this instance (lock owner). */
  instanceId: string;
  schedulerIntervalMs: number;
  sweepIntervalMs: number;
  /** Expired messages are purged this long after they expire (they are invisible at once). */
  purgeAfterMs: number;
  /** More retention jobs run at the sweep interval (audit log, expired system notifications). */
  extraSweeps?: { name: string; run: () => Promise<number> }[];
}

const BATCH = 200;

/**
 * Fires scheduled messages that are due. The due list is in the store, so it survives restarts;
 * `markSent` is a compare-and-set, so an instance that races another fires each message once.
 * Returns how many this call fired.
 */
export async function fireDueMessages(deps: ServiceDeps, pipeline: SendPipeline = new SendPipeline(deps)): Promise<number> {
  let fired = 0;
  for (;;) {
    const now = deps.now();
    const due = await deps.store.messages.dueScheduled(now, BATCH);
    for (const message of due) {
      const seq = newTimeOrderedId(deps.now().getTime());
      if (await deps.store.messages.markSent(message.messageId, seq, deps.now())) {
        await pipeline.announceVisible({ ...message, status: 'SENT', seq });
        fired++;
      }
    }
    if (due.length < BATCH) return fired;
  }
}

/** Deletes messages that expired more than `purgeAfterMs` ago. Returns how many. */
export async function purgeExpiredMessages(deps: ServiceDeps, purgeAfterMs: number): Promise<number> {
  const before = new Date(deps.now().getTime() - purgeAfterMs);
  let total = 0;
  for (;;) {
    const n = await deps.store.messages.purgeExpired(before, 1000);
    total += n;
    if (n < 1000) return total;
  }
}

/**
 * Runs the scheduler and the expiry sweeper on a timer. Each job takes a bus lease first, so with
 * several instances only one runs it at a time. Returns a function that stops both and waits
 * for a run in progress.
 */
export function startBackgroundJobs(deps: ServiceDeps, opts: BackgroundJobOptions, pipeline: SendPipeline = new SendPipeline(deps)): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const every = (name: string, intervalMs: number, job: () => Promise<number>) => {
    const tick = async () => {
      if (stopped) return;
      try {
        if (!(await deps.bus.locks.acquire(`job:${name}`, opts.instanceId, Math.max(intervalMs * 3, 5000)))) return;
        const n = await job();
        if (n > 0) deps.logger.info({ job: name, count: n }, `${name} processed ${n}`);
      } catch (err) {
        deps.logger.error({ err, job: name }, `${name} run failed; will retry`);
      }
    };
    const timer = setInterval(() => {
      const run = tick();
      running.add(run);
      void run.finally(() => running.delete(run));
    }, intervalMs);
    timer.unref();
    return timer;
  };

  const timers = [
    every('scheduler', opts.schedulerIntervalMs, () => fireDueMessages(deps, pipeline)),
    every('expiry-sweeper', opts.sweepIntervalMs, () => purgeExpiredMessages(deps, opts.purgeAfterMs)),
    ...(opts.extraSweeps ?? []).map((job) => every(`sweep:${job.name}`, opts.sweepIntervalMs, job.run)),
  ];
  return async () => {
    stopped = true;
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
    const jobs = ['scheduler', 'expiry-sweeper', ...(opts.extraSweeps ?? []).map((j) => `sweep:${j.name}`)];
    await Promise.allSettled(jobs.map((name) => deps.bus.locks.release(`job:${name}`, opts.instanceId)));
  };
}
