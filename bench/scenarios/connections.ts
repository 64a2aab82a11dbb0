/**
 * `connections`: server memory per authenticated, subscribed `realtime.events` connection vs a
 * raw `ws` server holding the same number of plain sockets, then one broadcast to all of them.
 * Clients run in separate processes (`CLIENTS_PER_PROCESS` sockets each) spread over loopback
 * source addresses. The product runs with its own WebSocket handler and, up to 10,000 clients,
 * also with `@trpc/server`'s stock `applyWSSHandler` (keep-alive on), everything else identical.
 *
 * `--clients N` (default 10,000). Runs past 10,000 clients write their own block
 * (`connections-large`), so the default block stays comparable.
 *
 * `--workers N` runs the product as `serve --workers N` (node:cluster, one port) with a
 * redis-server for the bus, and measures RSS as the sum over the primary and its workers. One
 * process may hold only as many sockets as its open-files limit allows, so the raw `ws` baseline
 * (one process) then holds at most that many; its per-connection figure is the baseline. Such
 * runs write `connections-50k` (50,000 clients or more) or `connections-workers`.
 */
import type { ScenarioArgs } from '../run.js';
import { median, quantile, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { startRedisServer } from '../../packages/server/test/support/redis-server.js';
import { ask, BENCH_SECRET, ensureServerBuilt, fdLimitOf, rssByProcess, rssOfTree, startClientFleet, startProductServer, startRawServer, type ClientFleet, type Started } from '../lib/processes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Files a server holds besides its sockets (data files, pipes, listeners), with room to spare. */
const OTHER_FILES = 64;

interface Measured {
  connections: number;
  rssBefore: number;
  rssAfter: number;
  perConnection: number;
  openMs: number;
  received: number;
  p50: number;
  p99: number;
  /** RSS of each server process (primary first, then workers) with all connected, in bytes. */
  rssEach: number[];
  /** The open-files limit of one server process: the most connections it can hold. */
  fdLimit: number;
}

/** How a measurement treats the open-files limit: `processes` server processes share the sockets; `cap` shrinks `count` to fit. */
interface Capacity {
  processes: number;
  cap: boolean;
}

/** Sends one broadcast (the product: `messages.broadcast`; raw: its send loop) and collects receipts. */
async function broadcastOnce(server: Started, mode: 'mc' | 'raw', fleet: ClientFleet, expected: number): Promise<{ received: number; latencies: number[] }> {
  const title = `t:${Date.now()}`;
  if (mode === 'mc') {
    const token = await signToken(BENCH_SECRET, { userId: 'bench-admin', orgId: 'bench', roles: ['admin'] }, { ttl: '1h' });
    const res = await fetch(`http://127.0.0.1:${server.port}/trpc/messages.broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ json: { scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title, content: 'Scheduled maintenance tonight 22:00–23:00' } }),
    });
    if (!res.ok) throw new Error(`broadcast failed: ${res.status} ${await res.text()}`);
  } else {
    const payload = JSON.stringify({ json: { id: '01K0000000000000000000000', data: { type: 'MESSAGE', message: { title, content: 'Scheduled maintenance tonight 22:00–23:00' } } } });
    await ask(server.child, { type: 'broadcast', payload }, 'sent');
  }
  const deadline = Date.now() + 30_000 + expected;
  let latencies: number[] = [];
  let received = 0;
  while (received < expected && Date.now() < deadline) {
    await sleep(500);
    const taken = await fleet.take();
    latencies = latencies.concat(taken.latencies);
    received += taken.received;
  }
  return { received, latencies };
}

async function measure(start: () => Promise<Started>, mode: 'mc' | 'raw', wanted: number, capacity: Capacity = { processes: 1, cap: false }): Promise<Measured> {
  const server = await start();
  const limit = fdLimitOf(server.child.pid!);
  // Round-robin spreads sockets about evenly; 5 % headroom for the unevenness.
  const fits = Math.floor(((limit - OTHER_FILES) * capacity.processes) / (capacity.processes > 1 ? 1.05 : 1));
  const count = capacity.cap ? Math.min(wanted, fits) : wanted;
  if (count > fits) {
    await server.stop();
    throw new Error(`The server process may hold ${limit} open files (RLIMIT_NOFILE), too few for ${count} connections over ${capacity.processes} process(es). Raise the hard limit (needs CAP_SYS_RESOURCE), add --workers, or run with --clients ${fits} or fewer.`);
  }
  const fleet = startClientFleet(count);
  try {
    await sleep(1500);
    const before = rssOfTree(server.child.pid!);
    const opened = await fleet.open(`ws://127.0.0.1:${server.port}${mode === 'mc' ? '/trpc' : ''}`, mode, count);
    await sleep(3000);
    const each = rssByProcess(server.child.pid!);
    const after = each.reduce((sum, p) => sum + p.rss, 0);
    const { received, latencies } = await broadcastOnce(server, mode, fleet, opened.count);
    return { connections: opened.count, rssBefore: before, rssAfter: after, perConnection: (after - before) / opened.count, openMs: opened.ms, received, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), rssEach: each.map((p) => p.rss), fdLimit: limit };
  } finally {
    // The server closes first, so the TIME_WAIT sockets sit on its port, not on the clients' source ports.
    await server.stop();
    fleet.kill();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export default async function connections(args: ScenarioArgs): Promise<void> {
  const count = Number(args.flags.clients ?? 10_000);
  const workers = Number(args.flags.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer');
  const withStock = count <= 10_000 && workers === 1;
  ensureServerBuilt();
  const redis = workers > 1 ? await startRedisServer() : null;
  const rows: { mc: Measured; raw: Measured; stock: Measured | null }[] = [];
  try {
    for (let run = 0; run < args.runs; run++) {
      const raw = await measure(() => startRawServer(), 'raw', count, { processes: 1, cap: workers > 1 });
      const mc = redis
        ? await measure(() => startProductServer([], 'custom', { workers, env: { REDIS_URL: redis.url } }), 'mc', count, { processes: workers, cap: false })
        : await measure(() => startProductServer(), 'mc', count);
      const stock = withStock ? await measure(() => startProductServer([], 'stock'), 'mc', count) : null;
      rows.push({ mc, raw, stock });
      const line = (name: string, m: Measured) => `${name} ${kib(m.perConnection)}/conn, RSS ${mib(m.rssAfter)}, connect ${s(m.openMs)}, broadcast ${m.received}/${m.connections} p50 ${m.p50} ms p99 ${m.p99} ms${m.rssEach.length > 1 ? ` (RSS per process: ${m.rssEach.map(mib).join(' + ')})` : ''}`;
      console.log(`run ${run + 1}: ${line(workers > 1 ? `message center (${workers} workers)` : 'message center', mc)}; ${stock ? `${line('stock tRPC handler', stock)}; ` : ''}${line('raw ws', raw)}`);
    }
  } finally {
    await redis?.stop();
  }
  const med = (pick: (r: (typeof rows)[number]) => number) => median(rows.map(pick));
  // Each run is compared with the baseline of the same run.
  const ratios = rows.map((r) => r.mc.perConnection / r.raw.perConnection);
  const ratio = median(ratios);
  const stockRatios = withStock ? rows.map((r) => r.stock!.perConnection / r.raw.perConnection) : [];
  const row = (name: string, pick: (r: (typeof rows)[number]) => Measured, ratioCell: string, goal: string) => [
    name,
    mib(med((r) => pick(r).rssAfter)),
    kib(med((r) => pick(r).perConnection)),
    ratioCell,
    s(med((r) => pick(r).openMs)),
    `${med((r) => pick(r).received).toLocaleString('en')} / ${med((r) => pick(r).connections).toLocaleString('en')}`,
    `${med((r) => pick(r).p50)} ms / ${med((r) => pick(r).p99)} ms`,
    goal,
  ];
  const perRun = (values: number[]) => `${median(values).toFixed(2)}× (median of per-run ratios ${values.map((v) => v.toFixed(2)).join(', ')})`;
  const mcRss = med((r) => r.mc.rssAfter);
  const allReached = rows.every((r) => r.mc.received === r.mc.connections);
  const goals = [`≤ 2× — ${ratio <= 2 ? 'met' : 'missed'}`, count >= 50_000 ? `RSS ≤ 1 GiB — ${mcRss <= 2 ** 30 ? 'met' : 'missed'}` : '', `all reached — ${allReached ? 'yes' : 'no'}`].filter(Boolean).join('; ');
  const large = count > 10_000;
  const block = workers > 1 ? (count >= 50_000 ? 'connections-50k' : 'connections-workers') : large ? 'connections-large' : 'connections';
  const rawCount = med((r) => r.raw.connections);
  const workersNote =
    workers > 1
      ? ` Product: \`message-center serve --workers ${workers}\` (node:cluster, one port; the built bin, as deployed, where the single-process rows elsewhere run from source through tsx) with a redis-server for the bus and one SQLite file, its workers on the V8 heap settings the primary gives them (\`--max-semi-space-size=4 --heap-growing-percent=20 --gc-memory-reducer-start-delay-ms=1000\`, see \`packages/server/src/server/heap-tuning.ts\`); its RSS is the sum of VmRSS over the primary and all workers (pages shared between them count once per process, so an upper bound; redis-server not included). RSS per process (primary, then workers), per run: ${rows.map((r) => r.mc.rssEach.map(mib).join(' + ')).join('; ')}. Baseline: the raw \`ws\` server is one process, so it ${rawCount < count ? `held ${rawCount.toLocaleString('en')} sockets, the most its open-files limit allows; its RSS per connection at that size is the baseline of the ratio, its RSS column is not comparable` : 'held every socket'}.`
      : '';
  writeSection(
    block,
    `connections${workers > 1 ? ` (${workers} workers)` : large ? ' (large)' : ''}: ${count.toLocaleString('en')} subscribed clients`,
    `${table(
      ['server', 'RSS with all connected', 'RSS per connection', 'ratio', 'connect all', 'broadcast received', 'broadcast p50 / p99', 'goal'],
      [
        row('raw `ws` (plain sockets)', (r) => r.raw, '1.00×', ''),
        ...(withStock ? [row('Message Center with `@trpc/server` `applyWSSHandler` (keep-alive on)', (r) => r.stock!, perRun(stockRatios), '')] : []),
        row('Message Center (JWT auth + `realtime.events` subscription)', (r) => r.mc, perRun(ratios), goals),
      ],
    )}\n\nMedian of ${args.runs} run${args.runs === 1 ? '' : 's'}. RSS per connection: RSS of the server process after all clients are connected (and 3 s idle) minus before, divided by the connections. Clients: ${Math.ceil(count / 12_500)} separate process(es), sockets spread over loopback source addresses 127.0.0.2… (10,000 per address). Connect all: wall time until every socket is open (product: authenticated and its subscription started). Broadcast: one org broadcast (product: \`messages.broadcast\` over HTTP, so auth, persistence and the bus are included; raw: the loop sending one frame per socket), latency from the send time stamped in the title to receipt in the client process.${withStock ? ` Own handler / stock handler RSS per connection, per run: ${rows.map((r) => (r.mc.perConnection / r.stock!.perConnection).toFixed(2)).join(', ')}.` : ''} Open-files limit (RLIMIT_NOFILE) of the server process: ${med((r) => r.mc.fdLimit).toLocaleString('en')}, which caps the connections one process can hold.${workersNote}`,
    [
      {
        metric: `memory per subscribed connection, ${count.toLocaleString('en')} connections${workers > 1 ? ` on \`serve --workers ${workers}\`` : ''} (broadcast reached ${allReached ? 'all' : 'not all'})`,
        product: kib(med((r) => r.mc.perConnection)),
        baseline: `${kib(med((r) => r.raw.perConnection))} (raw \`ws\`)`,
        ratio: `${ratio.toFixed(2)}×`,
        goal: '≤ 2×',
        met: ratio <= 2,
      },
      ...(count >= 50_000
        ? [{ metric: `RSS with ${count.toLocaleString('en')} subscribed connections${workers > 1 ? ` (sum over the ${workers} workers and the primary)` : ''}`, product: mib(mcRss), baseline: 'none: one raw `ws` process cannot hold them (open-files limit)', ratio: '', goal: '≤ 1 GiB', met: mcRss <= 2 ** 30 }]
        : []),
    ],
  );
}
