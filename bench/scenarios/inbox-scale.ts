/**
 * `inbox-scale`: `list`, `unreadCount` and `markRead` against a store holding 1,000,000 messages
 * over 10,000 users (see `lib/fill-inbox.ts`), driven open-loop at a fixed rate (default
 * 1,000 req/s for 20 s: 60 % list, 30 % unreadCount, 10 % markRead, random users), with
 * p50/p95/p99 from each request's scheduled time. Baseline in the same run: a plain
 * `node:http` server answering a real inbox page of the same size at the same rate.
 * Flags: --messages N --users N --rate R --seconds S.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ScenarioArgs } from '../run.js';
import { median, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { BENCH_SECRET, startProductServer, startRawJsonServer } from '../lib/processes.js';
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
    if (kind < 0.6) return { method: 'GET', path: `/trpc/messages.list?input=${input({ size: 20 })}`, headers };
    if (kind < 0.9) return { method: 'GET', path: '/trpc/messages.unreadCount', headers };
    const id = data.unreadIds[u]?.find((m) => !used.has(m));
    if (id) used.add(id);
    return { method: 'POST', path: '/trpc/messages.markRead', headers, body: JSON.stringify({ json: { messageId: id ?? data.unreadIds[u]?.[0] ?? 'msg_none' } }) };
  };
}

export default async function inboxScale(args: ScenarioArgs): Promise<void> {
  const messages = Number(args.flags.messages ?? 1_000_000);
  const users = Number(args.flags.users ?? 10_000);
  const rate = Number(args.flags.rate ?? 1_000);
  const seconds = Number(args.flags.seconds ?? 20);
  const { dir, data } = await inboxDataSet(messages, users);
  const tokens = await Promise.all(Array.from({ length: users }, (_, u) => signToken(BENCH_SECRET, { userId: `u${u}`, orgId: 'bench', roles: ['user'] }, { ttl: '2h' })));
  const runs: { mc: OpenLoopResult; raw: OpenLoopResult }[] = [];
  for (let run = 0; run < args.runs; run++) {
    const copy = join(tmpdir(), `mc-bench-inbox-run-${process.pid}`);
    copyDataDir(dir, copy);
    const mcServer = await startProductServer([], 'custom', { dataDir: copy });
    let mc: OpenLoopResult;
    let page: string;
    try {
      const base = `http://127.0.0.1:${mcServer.port}`;
      page = await (await fetch(`${base}/trpc/messages.list?input=${input({ size: 20 })}`, { headers: { authorization: `Bearer ${tokens[0]!}` } })).text();
      // Warm-up (caches, JIT), not measured.
      await openLoop(base, rate, 3, mix(data, tokens));
      mc = await openLoop(base, rate, seconds, mix(data, tokens));
    } finally {
      await mcServer.stop();
    }
    const rawServer = await startRawJsonServer(page);
    let raw: OpenLoopResult;
    try {
      const base = `http://127.0.0.1:${rawServer.port}`;
      await openLoop(base, rate, 3, mix(data, tokens));
      raw = await openLoop(base, rate, seconds, mix(data, tokens));
    } finally {
      await rawServer.stop();
    }
    console.log(`run ${run + 1}: message center p50 ${mc.p50} p95 ${mc.p95} p99 ${mc.p99} ms (${mc.errors} errors); raw p50 ${raw.p50} p95 ${raw.p95} p99 ${raw.p99} ms (${raw.errors} errors); page ${page.length} bytes`);
    runs.push({ mc, raw });
  }
  const med = (pick: (r: OpenLoopResult) => number, side: 'mc' | 'raw') => median(runs.map((r) => pick(r[side])));
  const p95Ratio = median(runs.map((r) => r.mc.p95 / Math.max(0.1, r.raw.p95)));
  writeSection(
    'inbox-scale',
    `inbox-scale: list / unreadCount / markRead at ${rate.toLocaleString('en')} req/s with ${messages.toLocaleString('en')} stored messages`,
    `${table(
      ['server', 'p50', 'p95', 'p99', 'errors', 'p95 ratio', 'goal'],
      [
        ['raw `node:http`, a real inbox page of the same size', `${med((r) => r.p50, 'raw')} ms`, `${med((r) => r.p95, 'raw')} ms`, `${med((r) => r.p99, 'raw')} ms`, med((r) => r.errors, 'raw'), '1.00×', ''],
        ['Message Center over HTTP (tRPC), SQLite', `${med((r) => r.p50, 'mc')} ms`, `${med((r) => r.p95, 'mc')} ms`, `${med((r) => r.p99, 'mc')} ms`, med((r) => r.errors, 'mc'), `${p95Ratio.toFixed(2)}×`, `p95 ≤ 20 ms — ${med((r) => r.p95, 'mc') <= 20 ? 'met' : 'missed'}`],
      ],
    )}\n\nMedian of ${args.runs} runs of ${seconds} s each after a 3 s warm-up. ${users.toLocaleString('en')} users of one org; about 95 % direct messages, 4.9 % to groups of 100, 0.1 % org broadcasts, spread over 30 days, 20 % of direct messages read (\`bench/lib/fill-inbox.ts\`, built once through the services and copied per run). Requests: 60 % \`messages.list\` (first page of 20), 30 % \`messages.unreadCount\`, 10 % \`messages.markRead\`, for random users, each with its own token; open-loop: latency from each request's scheduled time, so a stall counts against the percentiles.`,
  );
}
