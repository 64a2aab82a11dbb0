import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** How the primary process of `serve --workers N` runs its workers. */
export interface WorkerPoolOptions {
  /** Worker processes to keep running (each a complete server on the shared port). */
  workers: number;
  logger: Logger;
  /** First restart delay after a crash; doubles per crash in a row (default 500 ms). */
  minRestartDelayMs?: number;
  /** Node.js flags of every worker (default: this process's own, see `heap-tuning.ts`). */
  execArgv?: string[];
  /** Longest restart delay (default 30 s). */
  maxRestartDelayMs?: number;
  /** A worker that ran this long before dying resets the backoff (default 60 s). */
  stableAfterMs?: number;
}

/**
 * Runs the primary process: forks `workers` copies of this program with `node:cluster`, which
 * re-runs the same command line in each; their `listen()` calls share one listening socket owned
 * here, so connections are spread over the workers. Workers start one after the other, so the
 * first one creates the store schema and the JWT secret file before the others open them.
 *
 * A worker that dies is restarted with exponential backoff. SIGTERM/SIGINT are passed on to every
 * worker (graceful stop); a second signal kills them. Resolves with the exit code once all
 * workers have stopped: 0 after a requested stop, 1 when the first worker could not start.
 */
export async function runWorkerPool(opts: WorkerPoolOptions): Promise<number> {
  const { logger } = opts;
  const minDelay = opts.minRestartDelayMs ?? 500;
  const maxDelay = opts.maxRestartDelayMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 60_000;
  const live = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let crashesInARow = 0;
  if (opts.execArgv) cluster.setupPrimary({ execArgv: opts.execArgv });
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const checkDone = (code: number) => {
    if (stopping && live.size === 0 && restarts.size === 0) finish(code);
  };

  /** Forks one worker; resolves when it listens, rejects if it exits first. */
  const fork = (slot: number): Promise<Worker> => {
    const worker = cluster.fork({ MC_WORKER_SLOT: String(slot) });
    const startedAt = Date.now();
    live.add(worker);
    logger.info({ slot, pid: worker.process.pid }, 'worker started');
    const listening = new Promise<Worker>((resolve, reject) => {
      worker.once('listening', () => {
        logger.info({ slot, pid: worker.process.pid }, 'worker listening');
        resolve(worker);
      });
      worker.once('exit', (code, signal) => reject(new Error(`worker ${slot} exited with ${signal ?? code} before listening`)));
    });
    listening.catch(() => undefined);
    worker.once('exit', (code: number | null, signal: string | null) => {
      live.delete(worker);
      if (stopping) {
        logger.info({ slot, pid: worker.process.pid, code, signal }, 'worker stopped');
        return checkDone(0);
      }
      crashesInARow = Date.now() - startedAt >= stableAfter ? 1 : crashesInARow + 1;
      const delay = Math.min(maxDelay, minDelay * 2 ** (crashesInARow - 1));
      logger.error({ slot, pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker exited unexpectedly; restarting it');
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!stopping) {
          void fork(slot).catch((error: unknown) => {
            if (!stopping) logger.error({ slot, err: error }, 'restarted worker did not start');
          });
        }
        checkDone(0);
      }, delay);
      restarts.add(timer);
    });
    return listening;
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: killing the workers');
      for (const w of live) w.process.kill('SIGKILL');
      return;
    }
    stopping = true;
    logger.info({ signal, workers: live.size }, 'stopping workers');
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    for (const w of live) w.process.kill('SIGTERM');
    checkDone(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    for (let slot = 0; slot < opts.workers && !stopping; slot++) await fork(slot);
  } catch (error) {
    logger.error({ err: error }, 'a worker failed to start; stopping');
    stop('SIGTERM');
    await finished;
    return 1;
  }
  if (!stopping) logger.info({ workers: opts.workers }, 'all workers listening');
  return finished;
}
