/**
 * An open-loop HTTP load generator: requests are issued on a fixed schedule whatever the server's
 * speed, and each latency is measured from the request's scheduled time, not from when it could
 * be sent — so a stalled server shows up in the percentiles instead of slowing the load
 * (no coordinated omission).
 */
import { Agent, request } from 'node:http';
import { quantile } from '../report.js';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Sends `rate` requests/s for `seconds` to `base`, each built by `next(i)`. */
export async function openLoop(base: string, rate: number, seconds: number, next: (i: number) => OpenLoopRequest, timeoutMs = 10_000): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let issued = 0;
  let done = 0;
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const fire = (i: number, scheduledAt: number) => {
      const r = next(i);
      const body = r.body ?? '';
      const req = request(`${base}${r.path}`, { method: r.method, agent, timeout: timeoutMs, headers: { ...r.headers, ...(r.body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
        res.resume();
        res.once('end', () => finish(res.statusCode === 200, scheduledAt));
      });
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => finish(false, scheduledAt));
      req.end(body);
    };
    const finish = (isOk: boolean, scheduledAt: number) => {
      latencies.push(performance.now() - scheduledAt);
      if (isOk) ok++;
      else errors++;
      if (++done === total) resolve();
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
  return { sent: total, ok, errors, p50: round(quantile(latencies, 0.5)), p95: round(quantile(latencies, 0.95)), p99: round(quantile(latencies, 0.99)) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
