import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsText } from './metrics-server.js';

/**
 * Metrics of a `serve --workers N` pool as one exposition: every scrape, wherever it lands, reads
 * the sum over all workers (counters, histograms and gauges such as `mc_ws_connections` added up;
 * Node.js process figures as prom-client aggregates them), not the registry of whichever worker
 * the connection happened to reach. The primary collects from the workers over the cluster IPC
 * channel (prom-client's `AggregatorRegistry`); a worker asked on the API port
 * (`MC_METRICS_TOKEN`) forwards the question to the primary.
 */

const ASK = 'mc:pool-metrics:ask';
const ANSWER = 'mc:pool-metrics:answer';

interface Ask {
  type: typeof ASK;
  id: number;
}
interface Answer {
  type: typeof ANSWER;
  id: number;
  contentType?: string;
  text?: string;
  error?: string;
}

const isAsk = (m: unknown): m is Ask => typeof m === 'object' && m !== null && (m as Ask).type === ASK && typeof (m as Ask).id === 'number';
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && (m as Answer).type === ANSWER && typeof (m as Answer).id === 'number';

/**
 * In the primary: collects the pool's metrics for its own listener (`MC_METRICS_PORT`) and answers
 * workers that were asked on the API port. Collection gives up after prom-client's 5 s.
 */
export function poolPrimaryMetrics(): MetricsText {
  const aggregator = new AggregatorRegistry();
  const collect = async () => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() });
  cluster.on('message', (worker, message: unknown) => {
    if (!isAsk(message)) return;
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...answer });
    };
    collect().then(reply, (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }));
  });
  return collect;
}

/**
 * In a worker: lets the primary read `registry`, and returns the metrics text for this worker's
 * API-port handler, which is the whole pool's, fetched from the primary (`timeoutMs` bounds the
 * wait; a pending question never outlives it).
 */
export function poolWorkerMetrics(registry: Registry, timeoutMs = 6_000): MetricsText {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one installs prom-client's listener that answers the primary's collection.
  new AggregatorRegistry();
  const pending = new Map<number, { resolve: (a: Answer) => void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isAnswer(message)) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    waiter.resolve(message);
  });
  return async () => {
    const id = nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the pool's metrics did not arrive from the primary within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      pending.set(id, { resolve, timer });
      process.send?.({ type: ASK, id } satisfies Ask);
    });
    if (answer.error !== undefined || answer.text === undefined || answer.contentType === undefined) {
      throw new Error(`collecting the pool's metrics failed: ${answer.error ?? 'empty answer'}`);
    }
    return { contentType: answer.contentType, text: answer.text };
  };
}
