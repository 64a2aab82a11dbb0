/**
 * `direct`: direct messages offered at a fixed rate (default 10,000/s for 20 s) to online users,
 * each persisted and pushed; achieved rate and push latency (send stamp → receipt in the client
 * process). The sender is this process, the clients another, the server a third.
 */
import { Agent, request } from 'node:http';
import type { ScenarioArgs } from '../run.js';
import { median, quantile, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { ask, BENCH_SECRET, cpuMsOf, startClients, startProductServer } from '../lib/processes.js';

/**
 * One POST over a pool of keep-alive connections. `fetch` would open a connection per request in
 * flight (up to 2,000) and costs the sending process more per call than the server spends.
 */
function post(agent: Agent, url: URL, token: string, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
    });
    req.once('error', () => resolve(false));
    req.end(body);
  });
}

export default async function direct(args: ScenarioArgs): Promise<void> {
  const rate = Number(args.flags.rate ?? 10_000);
  const seconds = Number(args.flags.seconds ?? 20);
  const users = Number(args.flags.users ?? 1_000);
  const results: { achieved: number; p50: number; p99: number; failed: number; cpuUsPerMessage: number }[] = [];
  for (let run = 0; run < args.runs; run++) {
    const server = await startProductServer(process.env.MC_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : []);
    const clients = startClients();
    try {
      await ask(clients, { type: 'open', url: `ws://127.0.0.1:${server.port}/trpc`, mode: 'mc', count: users }, 'opened');
      const token = await signToken(BENCH_SECRET, { userId: 'bench-sender', orgId: 'bench', roles: ['sender'] }, { ttl: '1h' });
      const url = new URL(`http://127.0.0.1:${server.port}/trpc/messages.send`);
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      let ok = 0;
      let failed = 0;
      let inFlight = 0;
      const started = Date.now();
      const total = rate * seconds;
      let offered = 0;
      const pid = server.child.pid!;
      const cpuBefore = cpuMsOf(pid);
      // Open-loop offer: each 10 ms tick sends what the schedule says is due, capped in flight.
      await new Promise<void>((resolve) => {
        const tick = setInterval(() => {
          const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
          while (offered < due && inFlight < 2_000) {
            const i = offered++;
            inFlight++;
            void post(agent, url, token, JSON.stringify({ json: { receiverId: `u${i % users}`, messageType: 'NOTIFICATION', title: `t:${Date.now()}`, content: 'Device 7 went offline' } })).then((isOk) => {
              if (isOk) ok++;
              else failed++;
              inFlight--;
            });
          }
          if (offered >= total || Date.now() - started > seconds * 1000 + 30_000) {
            clearInterval(tick);
            const wait = setInterval(() => inFlight === 0 && (clearInterval(wait), resolve()), 50);
          }
        }, 10);
      });
      const elapsed = (Date.now() - started) / 1000;
      // Server CPU per accepted message: the cost that bounds throughput, less sensitive than the
      // rate to what else the machine is running.
      const cpuUsPerMessage = Math.round(((cpuMsOf(pid) - cpuBefore) * 1000) / Math.max(1, ok));
      agent.destroy();
      await new Promise((r) => setTimeout(r, 2000));
      const taken = await ask<{ latencies: number[] }>(clients, { type: 'take' }, 'taken');
      const r = { achieved: Math.round(ok / elapsed), p50: quantile(taken.latencies, 0.5), p99: quantile(taken.latencies, 0.99), failed, cpuUsPerMessage };
      results.push(r);
      console.log(`run ${run + 1}: offered ${offered} in ${elapsed.toFixed(1)} s; ${r.achieved}/s accepted, ${failed} failed; push p50 ${r.p50} ms p99 ${r.p99} ms (${taken.latencies.length} receipts); server CPU ${cpuUsPerMessage} µs/message`);
    } finally {
      clients.kill('SIGKILL');
      await server.stop();
    }
  }
  const achieved = median(results.map((r) => r.achieved));
  const p99 = median(results.map((r) => r.p99));
  writeSection(
    'direct',
    `direct: ${rate.toLocaleString('en')} messages/s offered for ${seconds} s to ${users.toLocaleString('en')} online users`,
    `${table(
      ['offered', 'achieved (persisted + pushed)', 'push p50', 'push p99', 'server CPU per message', 'goal'],
      [[`${rate}/s`, `${achieved}/s`, `${median(results.map((r) => r.p50))} ms`, `${p99} ms`, `${median(results.map((r) => r.cpuUsPerMessage))} µs`, `keeps up, p99 ≤ 100 ms — ${achieved >= rate * 0.95 && p99 <= 100 ? 'met' : 'missed'}`]],
    )}\n\nMedian of ${args.runs} runs. One HTTP request per message (\`messages.send\`, no batching) over 64 keep-alive connections, at most 2,000 in flight; latency from the send stamp (taken just before the request) to receipt in the client process. Failed sends (median): ${median(results.map((r) => r.failed))}. Server CPU per message is the server process's user + system time during the send phase divided by accepted sends; one core's worth is 1,000,000 µs/s, so it bounds the rate one instance can reach.`,
  );
}
