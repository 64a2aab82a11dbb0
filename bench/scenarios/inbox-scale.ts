/**
 * `inbox-scale`: `list`, `unreadCount` and `markRead` against a store holding 1,000,000 messages
 * over 10,000 users (see `lib/fill-inbox.ts`), driven open-loop at a fixed rate (default
 * 1,000 req/s for 20 s: 60 % list, 30 % unreadCount, 10 % markRead, random users), with
 * p50/p95/p99 from each request's scheduled time. Baseline in the same run: a plain
 * `node:http` server answering a real inbox page of the same size at the same rate.
 * Flags: --messages N --users N --rate R --seconds S, and --workers N to run the product as
 * `serve --workers N` (one port, a redis-server for the bus, the same SQLite file).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ScenarioArgs } from '../run.js';
import { median, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { startRedisServer } from '../../packages/server/test/support/redis-server.js';
import { BENCH_SECRET, ensureServerBuilt, cpuMsOfTree, startProductServer, startRawJsonServer } from '../lib/processes.js';
import { copyDataDir, inboxDataSet, type InboxDataSet } from '../lib/fill-inbox.js';
import { openLoop, type OpenLoopRequest, type OpenLoopResult } from '../lib/open-loop.js';

const input = (v: unknown) => encodeURIComponent(JSON.stringify({ json: v }));

function mix(data: InboxDataSet, tokens: string[]): (i: number) => OpenLoopRequest {
  // A fixed pseudo-random sequence, so every run and both servers see the same requests.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const used = new Set<string>();
  return () => {
    const u = Math.floor(rnd() * data.users);
    const headers = { authorization: `Bearer ${tokens[u]!}` };
    const kind = rnd();
    if (kind < 0.6) return { kind: 'list', method: 'GET', path: `/trpc/messages.list?input=${input({ size: 20 })}`, headers };
    if (kind < 0.9) return { kind: 'unreadCount', method: 'GET', path: '/trpc/messages.unreadCount', headers };
    // markRead goes to a user who still has an unread direct message (the next one from `u`),
    // so every markRead names a real message of its caller.
    let r = u;
    for (let k = 0; k < data.users && !data.unreadIds[r]?.some((m) => !used.has(m)); k++) r = (r + 1) % data.users;
    const id = data.unreadIds[r]?.find((m) => !used.has(m));
    if (id) used.add(id);
    return { kind: 'markRead', method: 'POST', path: '/trpc/messages.markRead', headers: { authorization: `Bearer ${tokens[r]!}` }, body: JSON.stringify({ json: { messageId: id ?? data.unreadIds[r]?.[0] ?? 'msg_none' } }) };
  };
}

/** One line per run: percentiles, errors by cause, and how late the generator sent. */
/** An open-loop result with the server's CPU time per answered request (whole process tree). */
type Measured = OpenLoopResult & { cpuUsPerRequest: number };

/** Runs the measured open loop and reads the server's CPU time around it. */
async function measured(base: string, pid: number, rate: number, seconds: number, requests: (i: number) => OpenLoopRequest): Promise<Measured> {
  const cpuBefore = cpuMsOfTree(pid);
  const r = await openLoop(base, rate, seconds, requests);
  return { ...r, cpuUsPerRequest: Math.round(((cpuMsOfTree(pid) - cpuBefore) * 1000) / Math.max(1, r.ok)) };
}

function describe(name: string, r: Measured): string {
  const causes = Object.entries(r.errorCauses).map(([k, v]) => `${k}: ${v}`).join(', ');
  const kinds = Object.entries(r.byKind).map(([k, v]) => `${k} p95 ${v.p95}`).join(', ');
  return `${name} p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} max ${r.max} ms, server CPU ${r.cpuUsPerRequest} µs/request, ${r.ok}/${r.sent} ok, ${r.errors} errors${causes ? ` (${causes})` : ''}; ${kinds}; generator lag ≤ ${r.maxSendLagMs} ms`;
}

export default async function inboxScale(args: ScenarioArgs): Promise<void> {
  const messages = Number(args.flags.messages ?? 1_000_000);
  const users = Number(args.flags.users ?? 10_000);
  const rate = Number(args.flags.rate ?? 1_000);
  const seconds = Number(args.flags.seconds ?? 20);
  // `--raw no` skips the baseline (profiling runs only; reported figures always have it).
  const withRaw = args.flags.raw !== 'no';
  // What the server runs with: the environment it inherits, else the product's default.
  const readThreads = loadConfig({ MC_SQLITE_READ_WORKERS: process.env.MC_SQLITE_READ_WORKERS }).MC_SQLITE_READ_WORKERS;
  const workers = Number(args.flags.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer');
  ensureServerBuilt();
  const { dir, data } = await inboxDataSet(messages, users);
  const tokens = await Promise.all(Array.from({ length: users }, (_, u) => signToken(BENCH_SECRET, { userId: `u${u}`, orgId: 'bench', roles: ['user'] }, { ttl: '2h' })));
  // MC_BENCH_CPU_PROF=1 writes a CPU profile of the server into bench/results (ignored by git).
  const profile = process.env.MC_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : [];
  const runs: { mc: Measured; raw: Measured }[] = [];
  for (let run = 0; run < args.runs; run++) {
    const copy = join(tmpdir(), `mc-bench-inbox-run-${process.pid}`);
    copyDataDir(dir, copy);
    const redis = workers > 1 ? await startRedisServer() : null;
    const mcServer = redis
      ? await startProductServer(profile, 'custom', { dataDir: copy, workers, env: { REDIS_URL: redis.url } })
      : await startProductServer(profile, 'custom', { dataDir: copy });
    let mc: Measured;
    let page: string;
    try {
      const base = `http://127.0.0.1:${mcServer.port}`;
      page = await (await fetch(`${base}/trpc/messages.list?input=${input({ size: 20 })}`, { headers: { authorization: `Bearer ${tokens[0]!}` } })).text();
      // Warm-up (caches, JIT), not measured; the measured run continues the same request sequence.
      const requests = mix(data, tokens);
      await openLoop(base, rate, 3, requests);
      mc = await measured(base, mcServer.child.pid!, rate, seconds, requests);
    } finally {
      await mcServer.stop();
      await redis?.stop();
    }
    let raw: Measured = mc;
    if (withRaw) {
      const rawServer = await startRawJsonServer(page);
      try {
        const base = `http://127.0.0.1:${rawServer.port}`;
        const requests = mix(data, tokens);
        await openLoop(base, rate, 3, requests);
        raw = await measured(base, rawServer.child.pid!, rate, seconds, requests);
      } finally {
        await rawServer.stop();
      }
    }
    console.log(`run ${run + 1}: ${describe('message center', mc)}`);
    if (withRaw) console.log(`run ${run + 1}: ${describe('raw', raw)}; page ${page.length} bytes`);
    runs.push({ mc, raw });
  }
  if (!withRaw) return;
  const med = (pick: (r: Measured) => number, side: 'mc' | 'raw') => median(runs.map((r) => pick(r[side])));
  const ratio = (pick: (r: Measured) => number) => `${median(runs.map((r) => pick(r.mc) / Math.max(0.1, pick(r.raw)))).toFixed(2)}×`;
  const row = (name: string, side: 'mc' | 'raw', ratios: string[], goal: string) => [
    name,
    `${med((r) => r.p50, side)} ms`,
    `${med((r) => r.p95, side)} ms`,
    `${med((r) => r.p99, side)} ms`,
    `${med((r) => r.errors, side)} of ${med((r) => r.sent, side)}`,
    `${med((r) => r.cpuUsPerRequest, side)} µs`,
    ...ratios,
    goal,
  ];
  const kinds = Object.keys(runs[0]?.mc.byKind ?? {});
  const kindRows = kinds.map((k) => [`\`messages.${k}\``, `${median(runs.map((r) => r.mc.byKind[k]?.p50 ?? Number.NaN))} ms`, `${median(runs.map((r) => r.mc.byKind[k]?.p95 ?? Number.NaN))} ms`, `${median(runs.map((r) => r.mc.byKind[k]?.p99 ?? Number.NaN))} ms`]);
  const product = workers > 1 ? `, \`serve --workers ${workers}\` + Redis bus` : '';
  writeSection(
    workers > 1 ? 'inbox-scale-workers' : 'inbox-scale',
    `inbox-scale: list / unreadCount / markRead at ${rate.toLocaleString('en')} req/s with ${messages.toLocaleString('en')} stored messages${workers > 1 ? ` (${workers} workers)` : ''}`,
    `${table(
      ['server', 'p50', 'p95', 'p99', 'errors', 'server CPU per request', 'p50 ratio', 'p95 ratio', 'p99 ratio', 'goal'],
      [
        row('raw `node:http`, a real inbox page of the same size', 'raw', ['1.00×', '1.00×', '1.00×'], ''),
        row(`Message Center over HTTP (tRPC), SQLite${product}`, 'mc', [ratio((r) => r.p50), ratio((r) => r.p95), ratio((r) => r.p99)], `p95 ≤ 20 ms — ${med((r) => r.p95, 'mc') <= 20 ? 'met' : 'missed'}`),
      ],
    )}\n\nMessage Center per procedure (medians of the runs):\n\n${table(['procedure', 'p50', 'p95', 'p99'], kindRows)}\n\nMedian of ${args.runs} runs of ${seconds} s each after a 3 s warm-up. ${users.toLocaleString('en')} users of one org; about 95 % direct messages, 4.9 % to groups of 100, 0.1 % org broadcasts, spread over 30 days, 20 % of direct messages read (\`bench/lib/fill-inbox.ts\`, built once through the services and copied per run). As the generator assigns them, group messages land on 5 of the 100 groups and the read messages belong to every fifth user, so most readers see about 1,100 messages and 500 of them about 10,900. The product runs with its default settings: inbox reads on ${readThreads} read thread(s) (\`MC_SQLITE_READ_WORKERS\`), 64 MiB SQLite cache. Requests: 60 % \`messages.list\` (first page of 20), 30 % \`messages.unreadCount\`, 10 % \`messages.markRead\`, for random users, each with its own token; the same sequence for both servers. Server CPU per request: user + system time of the server's processes (all of them, with workers) during the measured window, divided by the requests answered. Open-loop (\`bench/lib/open-loop.ts\`): latency from each request's scheduled time, so a stall counts against the percentiles; a non-200 answer, a connection error or no answer within 10 s of the scheduled time is an error and stays in the percentiles.`,
    [
      {
        metric: `list / unreadCount / markRead at ${rate.toLocaleString('en')} req/s, ${messages.toLocaleString('en')} stored messages${product}: p95`,
        product: `${med((r) => r.p95, 'mc')} ms (${med((r) => r.errors, 'mc')} errors of ${med((r) => r.sent, 'mc')})`,
        baseline: `${med((r) => r.p95, 'raw')} ms (raw \`node:http\`, same page)`,
        ratio: ratio((r) => r.p95),
        goal: 'p95 ≤ 20 ms',
        met: med((r) => r.p95, 'mc') <= 20,
      },
    ],
  );
}
