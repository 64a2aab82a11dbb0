/**
 * `broadcast`: an org broadcast to N online users, time from send to receipt, vs a raw `ws`
 * server looping `send` over the same number of sockets with a payload of the same shape.
 */
import type { ScenarioArgs } from '../run.js';
import { median, quantile, table, writeSection } from '../report.js';
import { signToken } from '../../packages/server/src/auth/jwt.js';
import { ask, BENCH_SECRET, startClients, startProductServer, startRawServer, type WsHandlerKind } from '../lib/processes.js';

const ROUNDS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Receipts of one path: latencies (ms) and the bytes of the frames that carried them. */
interface Receipts {
  latencies: number[];
  bytes: number;
}

async function collect(clients: ReturnType<typeof startClients>, expected: number, into: Receipts): Promise<void> {
  const deadline = Date.now() + 30_000;
  let got = 0;
  while (Date.now() < deadline) {
    await sleep(500);
    const taken = await ask<{ latencies: number[]; bytes: number }>(clients, { type: 'take' }, 'taken');
    for (const l of taken.latencies) into.latencies.push(l);
    into.bytes += taken.bytes;
    got += taken.latencies.length;
    if (got >= expected) break;
  }
}

const bytesPerFrame = (r: Receipts): number => Math.round(r.bytes / Math.max(1, r.latencies.length));

async function runMessageCenter(count: number, handler: WsHandlerKind): Promise<Receipts> {
  const server = await startProductServer(process.env.MC_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : [], handler);
  const clients = startClients();
  try {
    await ask(clients, { type: 'open', url: `ws://127.0.0.1:${server.port}/trpc`, mode: 'mc', count }, 'opened');
    const token = await signToken(BENCH_SECRET, { userId: 'bench-admin', orgId: 'bench', roles: ['admin'] }, { ttl: '1h' });
    const receipts: Receipts = { latencies: [], bytes: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const res = await fetch(`http://127.0.0.1:${server.port}/trpc/messages.broadcast`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ json: { scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: `t:${Date.now()}`, content: 'Scheduled maintenance tonight 22:00–23:00' } }),
      });
      if (!res.ok) throw new Error(`broadcast failed: ${res.status} ${await res.text()}`);
      await collect(clients, count, receipts);
      await sleep(300);
    }
    return receipts;
  } finally {
    clients.kill('SIGKILL');
    await server.stop();
  }
}

async function runRaw(count: number): Promise<Receipts> {
  const server = await startRawServer();
  const clients = startClients();
  try {
    await ask(clients, { type: 'open', url: `ws://127.0.0.1:${server.port}`, mode: 'raw', count }, 'opened');
    const receipts: Receipts = { latencies: [], bytes: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      // The frame Message Center writes for this broadcast, field for field (ids of the same length).
      const id = `01K${String(i).padStart(23, '0')}`;
      const now = new Date().toISOString();
      const message = { messageId: `msg_${id}`, orgId: 'bench', senderId: 'bench-admin', senderName: 'bench-admin', receiverType: 'ORGANIZATION', receiverId: 'bench', messageType: 'ANNOUNCEMENT', title: `t:${Date.now()}`, content: 'Scheduled maintenance tonight 22:00–23:00', priority: 'NORMAL', category: 'GENERAL', metadata: {}, status: 'SENT', deliverAt: null, expireTime: null, createTime: now, updateTime: now, seq: id, state: 'UNREAD', archived: false };
      const payload = JSON.stringify({ json: { id, data: { type: 'MESSAGE', message } }, meta: { values: { 'data.message.createTime': ['Date'], 'data.message.updateTime': ['Date'] }, v: 1 } });
      await ask(server.child, { type: 'broadcast', payload }, 'sent');
      await collect(clients, count, receipts);
      await sleep(300);
    }
    return receipts;
  } finally {
    clients.kill('SIGKILL');
    await server.stop();
  }
}

const EMPTY: Receipts = { latencies: [], bytes: 0 };

export default async function broadcast(args: ScenarioArgs): Promise<void> {
  const count = Number(args.flags.clients ?? 10_000);
  // `--paths raw,mc` measures only some paths (profiling); `--write no` leaves BENCHMARKS.md alone.
  const paths = new Set((args.flags.paths ?? 'raw,mc,stock').split(','));
  const runs: { mc50: number; mc99: number; st50: number; st99: number; raw50: number; raw99: number; mcMissing: number; stMissing: number; rawBytes: number; mcBytes: number; stBytes: number }[] = [];
  for (let run = 0; run < args.runs; run++) {
    // The raw loop reads the payload shape from the frame, so both carry the same bytes per client.
    const raw = paths.has('raw') ? await runRaw(count) : EMPTY;
    const mc = paths.has('mc') ? await runMessageCenter(count, 'custom') : EMPTY;
    const st = paths.has('stock') ? await runMessageCenter(count, 'stock') : EMPTY;
    const r = {
      mc50: quantile(mc.latencies, 0.5), mc99: quantile(mc.latencies, 0.99), st50: quantile(st.latencies, 0.5), st99: quantile(st.latencies, 0.99), raw50: quantile(raw.latencies, 0.5), raw99: quantile(raw.latencies, 0.99),
      mcMissing: count * ROUNDS - mc.latencies.length, stMissing: count * ROUNDS - st.latencies.length,
      rawBytes: bytesPerFrame(raw), mcBytes: bytesPerFrame(mc), stBytes: bytesPerFrame(st),
    };
    runs.push(r);
    console.log(`run ${run + 1}: message center p50 ${r.mc50} ms p99 ${r.mc99} ms (${mc.latencies.length} receipts, ${r.mcBytes} B/frame); stock tRPC handler p50 ${r.st50} ms p99 ${r.st99} ms (${st.latencies.length} receipts, ${r.stBytes} B/frame); raw ws p50 ${r.raw50} ms p99 ${r.raw99} ms (${r.rawBytes} B/frame); p50/raw ${(r.mc50 / Math.max(1, r.raw50)).toFixed(2)} p99/raw ${(r.mc99 / Math.max(1, r.raw99)).toFixed(2)}`);
  }
  if (args.flags.write === 'no') return;
  const st50 = median(runs.map((r) => r.st50));
  const st99 = median(runs.map((r) => r.st99));
  const stRatios = runs.map((r) => r.st99 / Math.max(1, r.raw99));
  const vsStock = runs.map((r) => r.mc99 / Math.max(1, r.st99));
  const mc50 = median(runs.map((r) => r.mc50));
  const mc99 = median(runs.map((r) => r.mc99));
  const raw50 = median(runs.map((r) => r.raw50));
  const raw99 = median(runs.map((r) => r.raw99));
  // Each run is compared with the baseline of the same run (the machine's load drifts between runs).
  const ratios = runs.map((r) => r.mc99 / Math.max(1, r.raw99));
  const ratio = median(ratios);
  const p50Ratios = runs.map((r) => r.mc50 / Math.max(1, r.raw50));
  writeSection(
    'broadcast',
    `broadcast: one org message to ${count.toLocaleString('en')} online users`,
    `${table(
      ['path', 'bytes per frame', 'p50', 'p99', 'p99 ratio', 'goal'],
      [
        ['raw `ws` loop', `${median(runs.map((r) => r.rawBytes))}`, `${raw50} ms`, `${raw99} ms`, '1.00×', ''],
        ['same, with `@trpc/server` `applyWSSHandler` (keep-alive on)', `${median(runs.map((r) => r.stBytes))}`, `${st50} ms`, `${st99} ms`, `${median(stRatios).toFixed(2)}× (median of per-run ratios ${stRatios.map((r) => r.toFixed(2)).join(', ')})`, ''],
        ['Message Center `messages.broadcast` → `realtime.events`', `${median(runs.map((r) => r.mcBytes))}`, `${mc50} ms`, `${mc99} ms`, `${ratio.toFixed(2)}× (median of per-run ratios ${ratios.map((r) => r.toFixed(2)).join(', ')})`, `p99 ≤ 1.5× — ${ratio <= 1.5 ? 'met' : 'missed'}`],
      ],
    )}\n\nMedian of ${args.runs} runs × ${ROUNDS} broadcasts. Latency = receipt time in the client process minus the send time stamped in the title (Message Center: before the HTTP call, so it includes auth, persistence and the bus; raw: before the IPC request to the loop). Clients do the same work on every path: \`JSON.parse\` of each frame, nothing else (no superjson revive). Bytes per frame = the mean size of the frames that carried a broadcast. Message Center p50 / raw p50, per run: ${p50Ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(p50Ratios).toFixed(2)}×). Missing receipts (median): ${median(runs.map((r) => r.mcMissing))} (stock handler ${median(runs.map((r) => r.stMissing))}). Own handler p99 / stock handler p99, per run: ${vsStock.map((r) => r.toFixed(2)).join(', ')} (median ${median(vsStock).toFixed(2)}×).`,
    [
      {
        metric: `broadcast to ${count.toLocaleString('en')} online users, p99 receive (${median(runs.map((r) => r.mcBytes))} B frames both sides)`,
        product: `${mc99} ms`,
        baseline: `${raw99} ms (raw \`ws\` loop)`,
        ratio: `${ratio.toFixed(2)}×`,
        goal: '≤ 1.5×',
        met: ratio <= 1.5,
      },
    ],
  );
}
