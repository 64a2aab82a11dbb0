/**
 * An open-loop HTTP load generator: requests are issued on a fixed schedule whatever the server's
 * speed, and each latency is measured from the request's scheduled time, not from when it could
 * be sent — so a stalled server (or a stalled generator) shows up in the percentiles instead of
 * slowing the load (no coordinated omission).
 *
 * Every request counts: a non-200 answer, a connection error or a request not answered within
 * `timeoutMs` of its scheduled time is an error, and its latency (up to the moment it failed)
 * stays in the percentiles. The generator also reports how late it sent (`maxSendLagMs`), so a
 * generator that could not keep up is visible rather than silently lowering the offered rate.
 */
import { Agent, request } from 'node:http';
import { quantile } from '../report.js';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Label for the per-kind percentiles (`list`, `unreadCount`, …). */
  kind?: string;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult extends Percentiles {
  sent: number;
  ok: number;
  errors: number;
  /** Errors by cause: `status 500`, `timeout`, `ECONNRESET`, … */
  errorCauses: Record<string, number>;
  /** Per request kind, over every request of that kind (errors included). */
  byKind: Record<string, Percentiles>;
  /** Largest delay between a request's scheduled time and the moment it was handed to the socket layer. */
  maxSendLagMs: number;
}

/** Sends `rate` requests/s for `seconds` to `base`, each built by `next(i)`. */
export async function openLoop(base: string, rate: number, seconds: number, next: (i: number) => OpenLoopRequest, timeoutMs = 10_000): Promise<OpenLoopResult> {
  // Enough sockets that the client never queues requests behind its own pool at the target rate.
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const all: number[] = [];
  const kinds = new Map<string, number[]>();
  const errorCauses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let issued = 0;
  let done = 0;
  let maxSendLagMs = 0;
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const fire = (i: number, scheduledAt: number) => {
      const r = next(i);
      const kind = r.kind ?? r.path;
      let finished = false;
      const finish = (cause: string | null) => {
        if (finished) return;
        finished = true;
        clearTimeout(deadline);
        const ms = performance.now() - scheduledAt;
        all.push(ms);
        let list = kinds.get(kind);
        if (!list) kinds.set(kind, (list = []));
        list.push(ms);
        if (cause === null) ok++;
        else {
          errors++;
          errorCauses[cause] = (errorCauses[cause] ?? 0) + 1;
        }
        if (++done === total) resolve();
      };
      // The deadline runs from the scheduled time, so time spent queued in the client counts too.
      const deadline = setTimeout(() => {
        finish('timeout');
        req.destroy();
      }, Math.max(0, scheduledAt + timeoutMs - performance.now()));
      const body = r.body ?? '';
      const headers = { ...r.headers, ...(r.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) };
      const req = request(`${base}${r.path}`, { method: r.method, agent, headers }, (res) => {
        res.resume();
        res.once('end', () => finish(res.statusCode === 200 ? null : `status ${res.statusCode}`));
        res.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
      });
      req.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
      req.end(body);
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduledAt);
    };
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      while (issued < due) {
        const i = issued++;
        fire(i, t0 + (i / rate) * 1000);
      }
      if (issued >= total) clearInterval(tick);
    }, 1);
  });
  agent.destroy();
  const byKind: Record<string, Percentiles> = {};
  for (const [k, v] of kinds) byKind[k] = percentiles(v);
  return { sent: total, ok, errors, errorCauses, byKind, maxSendLagMs: round(maxSendLagMs), ...percentiles(all) };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: values.length, p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), p99: round(quantile(sorted, 0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
