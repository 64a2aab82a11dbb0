/**
 * `direct`: direct messages offered at a fixed rate (default 10,000/s for 20 s) to online users,
 * each persisted and pushed; achieved rate and push latency (send stamp → receipt in the client
 * process), against a raw `ws` baseline taking the same HTTP sends and pushing one frame each.
 * The sender is this process, the clients another, the server a third.
 *
 * `MC_BENCH_CPU_PROF=1 npm run bench -- direct [--batch 100] --runs 1 --seconds 10` also profiles
 * the server (`node --cpu-prof`, into bench/results) and prints its time per accepted message by
 * layer and by function; the profiler slows the server, so take rates from runs without it.
 */
import { Agent, request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { ScenarioArgs } from '../run.js';
import { median, quantile, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatProfileSummary, summariseProfile } from '../lib/cpu-profile.js';
import { ask, BENCH_SECRET, cpuMsOf, startClients, startProductServer, startRawServer, type Started } from '../lib/processes.js';

interface Load { rate: number; seconds: number; users: number; /** Messages per request (1 = `send`, more = `sendMany`). */ batch: number }
interface Result { achieved: number; p50: number; p99: number; failed: number; cpuUsPerMessage: number; /** Request → response (durable before acknowledged), p99 in ms. */ ackP99: number }

/**
 * One POST over a pool of keep-alive connections. `fetch` would open a connection per request in
 * flight (up to 2,000) and costs the sending process more per call than the server spends.
 */
function post(agent: Agent, url: URL, token: string, body: string, ackMs: number[]): Promise<boolean> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => {
        ackMs.push(performance.now() - sentAt);
        resolve(res.statusCode === 200);
      });
    });
    req.once('error', () => resolve(false));
    req.end(body);
  });
}

/** Offers the load open-loop to `url`, then collects the clients' receipts; the same for both servers. */
async function offer(server: Started, clients: ChildProcess, url: URL, load: Load): Promise<Result & { offered: number; accepted: number; elapsed: number; receipts: number }> {
  const token = await signToken(BENCH_SECRET, { userId: 'bench-sender', orgId: 'bench', roles: ['sender'] }, { ttl: '1h' });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let ok = 0;
  let failed = 0;
  let inFlight = 0;
  const started = Date.now();
  const total = load.rate * load.seconds;
  let offered = 0;
  const pid = server.child.pid!;
  const ackMs: number[] = [];
  const item = (i: number) => ({ receiverId: `u${i % load.users}`, messageType: 'NOTIFICATION', title: `t:${Date.now()}`, content: 'Device 7 went offline' });
  const cpuBefore = cpuMsOf(pid);
  // Open-loop offer: each 10 ms tick sends what the schedule says is due, capped in flight.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * load.rate));
      while (offered < due && inFlight < Math.max(16, Math.floor(2_000 / load.batch))) {
        const first = offered;
        const n = Math.min(load.batch, total - offered);
        offered += n;
        inFlight++;
        const body = load.batch === 1 ? { json: item(first) } : { json: { items: Array.from({ length: n }, (_, k) => item(first + k)) } };
        void post(agent, url, token, JSON.stringify(body), ackMs).then((isOk) => {
          if (isOk) ok += n;
          else failed += n;
          inFlight--;
        });
      }
      if (offered >= total || Date.now() - started > load.seconds * 1000 + 30_000) {
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
  return { achieved: Math.round(ok / elapsed), p50: quantile(taken.latencies, 0.5), p99: quantile(taken.latencies, 0.99), failed, cpuUsPerMessage, ackP99: Math.round(quantile(ackMs, 0.99)), offered, accepted: ok, elapsed, receipts: taken.latencies.length };
}

/** One measurement against the product (`mc`) or the raw `ws` baseline (`raw`). */
async function measure(kind: 'mc' | 'raw', load: Load): Promise<Result> {
  const profiling = kind === 'mc' && Boolean(process.env.MC_BENCH_CPU_PROF);
  const server = kind === 'mc' ? await startProductServer(profiling ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []) : await startRawServer();
  const clients = startClients();
  let accepted = 0;
  try {
    const wsUrl = kind === 'mc' ? `ws://127.0.0.1:${server.port}/trpc` : `ws://127.0.0.1:${server.port}`;
    await ask(clients, { type: 'open', url: wsUrl, mode: kind, count: load.users }, 'opened');
    const sendUrl = new URL(kind === 'mc' ? `http://127.0.0.1:${server.port}/trpc/messages.${load.batch === 1 ? 'send' : 'sendMany'}` : `http://127.0.0.1:${server.port}/send`);
    const r = await offer(server, clients, sendUrl, load);
    console.log(`${kind === 'mc' ? 'message center' : 'raw ws'}: offered ${r.offered} in ${r.elapsed.toFixed(1)} s; ${r.achieved}/s accepted, ${r.failed} failed; push p50 ${r.p50} ms p99 ${r.p99} ms (${r.receipts} receipts); server CPU ${r.cpuUsPerMessage} µs/message; request → durable ack p99 ${r.ackP99} ms`);
    accepted = r.accepted;
    return r;
  } finally {
    clients.kill('SIGKILL');
    await server.stop();
    if (profiling) printProfile(server.child.pid!, accepted);
  }
}

const PROFILE_DIR = 'bench/results';

/** With MC_BENCH_CPU_PROF set: where the server's main thread spent its time, per accepted message. */
function printProfile(pid: number, accepted: number): void {
  // node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main one.
  const file = readdirSync(PROFILE_DIR).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.0.`));
  if (!file) return console.log(`no CPU profile of server ${pid} in ${PROFILE_DIR}`);
  console.log(`CPU profile ${PROFILE_DIR}/${file}:\n${formatProfileSummary(summariseProfile(join(PROFILE_DIR, file)), accepted)}`);
}

/** The median of the per-run ratios of `pick` (Message Center / raw), with the runs' values. */
function ratio(runs: readonly { mc: Result; raw: Result }[], pick: (r: Result) => number): string {
  const ratios = runs.map((r) => pick(r.mc) / Math.max(1, pick(r.raw)));
  return `${median(ratios).toFixed(2)}× (${ratios.map((x) => x.toFixed(2)).join(', ')})`;
}

export default async function direct(args: ScenarioArgs): Promise<void> {
  const load: Load = { rate: Number(args.flags.rate ?? 10_000), seconds: Number(args.flags.seconds ?? 20), users: Number(args.flags.users ?? 1_000), batch: Math.max(1, Number(args.flags.batch ?? 1)) };
  const section = load.batch === 1 ? 'direct' : 'direct-batch';
  const via = load.batch === 1 ? '`messages.send`' : `\`messages.sendMany\` (${load.batch} per request)`;
  const runs: { mc: Result; raw: Result }[] = [];
  for (let run = 0; run < args.runs; run++) {
    console.log(`run ${run + 1}:`);
    const raw = await measure('raw', load);
    const mc = await measure('mc', load);
    runs.push({ mc, raw });
  }
  const row = (path: string, results: Result[], ratios: string, goal: string) => {
    const achieved = median(results.map((r) => r.achieved));
    return [path, `${load.rate}/s`, `${achieved}/s`, `${median(results.map((r) => r.p50))} ms`, `${median(results.map((r) => r.p99))} ms`, `${median(results.map((r) => r.ackP99))} ms`, `${median(results.map((r) => r.cpuUsPerMessage))} µs`, ratios, goal];
  };
  const mc = runs.map((r) => r.mc);
  const mcAchieved = median(mc.map((r) => r.achieved));
  const mcP99 = median(mc.map((r) => r.p99));
  const ackP99 = median(mc.map((r) => r.ackP99));
  writeSection(
    section,
    `${section}: ${load.rate.toLocaleString('en')} messages/s offered for ${load.seconds} s to ${load.users.toLocaleString('en')} online users via ${via}`,
    `${table(
      ['path', 'offered', 'achieved (persisted + pushed)', 'push p50', 'push p99', 'request → durable ack p99', 'server CPU per message', 'ratio MC / raw (achieved; p50; p99; CPU)', 'goal'],
      [
        row('raw `ws` + `node:http` POST, same body and frame size', runs.map((r) => r.raw), '1.00×', ''),
        row(`Message Center ${via} → \`realtime.events\``, mc, [ratio(runs, (r) => r.achieved), ratio(runs, (r) => r.p50), ratio(runs, (r) => r.p99), ratio(runs, (r) => r.cpuUsPerMessage)].join('; '), `keeps up, push p99 ≤ 100 ms, durable p99 ≤ 50 ms — ${mcAchieved >= load.rate * 0.95 && mcP99 <= 100 && ackP99 <= 50 ? 'met' : 'missed'}`),
      ],
    )}\n\nMedian of ${args.runs} runs; each ratio is the median of per-run ratios (raw measured just before Message Center in the same run), per-run values in brackets. ${load.batch === 1 ? 'One HTTP request per message (no batching)' : `${load.batch} messages per HTTP request`} over 64 keep-alive connections from the same sender code, at most 2,000 in flight; latency from the send stamp (taken just before the request) to receipt in the same client fleet process. The raw baseline has no auth, no persistence and no bus: a plain \`node:http\` POST handler parses the body and pushes one frame of the product's event shape to the addressed socket, so it shows the floor set by HTTP, \`ws\` and this machine. Failed sends (median): Message Center ${median(mc.map((r) => r.failed))}, raw ${median(runs.map((r) => r.raw.failed))}. Server CPU per message is the server process's user + system time during the send phase divided by accepted sends; one core's worth is 1,000,000 µs/s, so it bounds the rate one instance can reach.`,
    [
      {
        metric: `${load.batch === 1 ? 'direct sends, one per request' : `direct sends via sendMany (${load.batch} per request)`}, ${load.rate.toLocaleString('en')}/s offered: accepted`,
        product: `${mcAchieved}/s (push p99 ${mcP99} ms, durable p99 ${ackP99} ms)`,
        baseline: `${median(runs.map((r) => r.raw.achieved))}/s (raw \`ws\` + \`node:http\`)`,
        ratio: ratio(runs, (r) => r.achieved).split(' ')[0]!,
        goal: load.batch === 1 ? '≥ 3,000/s' : '10,000/s, push p99 ≤ 100 ms',
        met: load.batch === 1 ? mcAchieved >= 3_000 : mcAchieved >= load.rate * 0.99 && mcP99 <= 100,
      },
      {
        metric: `${load.batch === 1 ? 'direct sends' : `sendMany (${load.batch} per request)`}: server CPU per message`,
        product: `${median(mc.map((r) => r.cpuUsPerMessage))} µs`,
        baseline: `${median(runs.map((r) => r.raw.cpuUsPerMessage))} µs (raw)`,
        ratio: ratio(runs, (r) => r.cpuUsPerMessage).split(' ')[0]!,
        goal: '≤ 250 µs',
        met: median(mc.map((r) => r.cpuUsPerMessage)) <= 250,
      },
    ],
  );
}
