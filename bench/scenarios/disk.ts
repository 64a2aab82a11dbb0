/**
 * Storage cost per message: N messages of the inbox-scale mix (see lib/fill-inbox.ts: ~95 %
 * direct, ~4.9 % to groups of 100, ~0.1 % org broadcasts, short CJK + Latin text) written through
 * the Store port into a fresh SQLite file. Reports, per run:
 * - bytes on disk per message after a WAL checkpoint (TRUNCATE: the file a running deployment
 *   has) and after VACUUM (the smallest the same data can be), with the biggest tables/indexes;
 * - insert throughput (bursts of `--burst` concurrent inserts, one group commit each);
 * - commit cost of single-message commits: WAL pages written and wall time per commit;
 * - accept → durable latency of an open-loop insert load (`--rate` per second for `--seconds`);
 * - search latency p50/p99 for a few inbox and org-admin queries.
 * Baseline in the same run: the same messages as plain JSON rows in a one-table SQLite file
 * (no indexes), so the ratio is the storage overhead of the product's layout.
 *
 *   npm run bench -- disk [--runs 3] [--messages 100000] [--burst 100] [--rate 5000] [--seconds 5]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  audienceKeysOf,
  audienceOf,
  inboxUserKey,
  indexTokens,
  newMessageId,
  newTimeOrderedId,
  type ReceiverType,
  type StoredMessage,
} from '../../packages/server/src/domain/index.js';
import type { Store } from '../../packages/server/src/ports/store.js';
import { createSqliteStore } from '../../packages/server/src/store/sqlite/index.js';
import { median, quantile, table, writeSection } from '../report.js';
import type { ScenarioArgs } from '../run.js';

const ORG = 'bench';
const GROUP_SIZE = 100;
const START = Date.parse('2026-01-01T00:00:00Z');

/** Message `i` of the inbox-scale mix, `users` users, created `i` ms after START. */
function messageAt(i: number, users: number): StoredMessage {
  const groups = Math.max(1, Math.floor(users / GROUP_SIZE));
  const [receiverType, receiverId]: [ReceiverType, string] =
    i % 1000 === 999 ? ['ORGANIZATION', ORG] : i % 20 === 19 ? ['USER_GROUP', `g${i % groups}`] : ['USER', `u${i % users}`];
  const title = `设备 ${i % 997} 离线告警 device offline`;
  const content = `Device ${i % 997} in hall ${i % 13} went offline at step ${i}`;
  const time = START + i;
  return {
    messageId: newMessageId(time),
    orgId: ORG,
    senderId: 'bench-admin',
    senderName: 'bench-admin',
    receiverType,
    receiverId,
    messageType: 'NOTIFICATION',
    title,
    content,
    priority: 'NORMAL',
    category: 'GENERAL',
    metadata: {},
    status: 'SENT',
    deliverAt: null,
    expireTime: null,
    createTime: new Date(time),
    updateTime: new Date(time),
    audience: audienceOf(ORG, receiverType, receiverId),
    seq: newTimeOrderedId(time),
    tokens: indexTokens(`${title} ${content}`),
    recipientCount: receiverType === 'USER' ? 1 : receiverType === 'USER_GROUP' ? GROUP_SIZE : users,
    readCount: 0,
  };
}

/** Size of a SQLite file plus its WAL, in bytes. */
function fileBytes(file: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return size(file) + size(`${file}-wal`);
}

/** Checkpoints (TRUNCATE) and returns the file size; then VACUUMs and returns that size too. */
function settle(file: string): { checkpointed: number; vacuumed: number; top: string } {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointed = fileBytes(file);
  const rows = db
    .prepare<[], { name: string; bytes: number }>('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 4')
    .all();
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const top = rows.map((r) => `${r.name} ${(r.bytes / 2 ** 20).toFixed(1)} MiB`).join(', ');
  return { checkpointed, vacuumed: fileBytes(file), top };
}

/** Which search layout the store created (the schema version tells the migrations apart). */
function layoutOf(file: string): string {
  const db = new Database(file, { readonly: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
  db.close();
  const search = tables.includes('message_tokens') ? 'token table' : tables.includes('message_search') ? 'FTS5' : 'unknown';
  return `schema v${version}, ${search}`;
}

async function fillStore(store: Store, total: number, users: number, burst: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i += burst) {
    const n = Math.min(burst, total - i);
    await Promise.all(Array.from({ length: n }, (_, k) => store.messages.insert(messageAt(i + k, users))));
  }
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

function fillBaseline(file: string, total: number, users: number, burst: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE docs (body TEXT NOT NULL)');
  const insert = db.prepare<[string]>('INSERT INTO docs (body) VALUES (?)');
  const batch = db.transaction((from: number, n: number) => {
    for (let k = 0; k < n; k++) insert.run(JSON.stringify(messageAt(from + k, users)));
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i += burst) batch(i, Math.min(burst, total - i));
  const rate = total / (Number(process.hrtime.bigint() - started) / 1e9);
  db.close();
  return rate;
}

/**
 * WAL frames (pages) written and wall time per message, for commits of `size` messages (1: one
 * commit per insert; more: concurrent inserts that share one group commit). A second connection
 * checkpoints (TRUNCATE) before every commit and reads the WAL's frame count after it, so the
 * store's own auto-checkpoint (which restarts the WAL) can never hide frames.
 */
async function commitCost(store: Store, file: string, from: number, users: number, size: number): Promise<{ pages: number; micros: number }> {
  const observer = new Database(file);
  let frames = 0;
  let nanos = 0n;
  let written = 0;
  const commits = size === 1 ? 200 : 8;
  for (let c = 0; c < commits; c++) {
    observer.pragma('wal_checkpoint(TRUNCATE)');
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: size }, (_, k) => store.messages.insert(messageAt(from + written + k, users))));
    nanos += process.hrtime.bigint() - t0;
    written += size;
    const [row] = observer.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    frames += row?.log ?? 0;
  }
  observer.close();
  return { pages: frames / written, micros: Number(nanos) / 1e3 / written };
}

/** Open-loop inserts at `rate`/s for `seconds`: latency from the scheduled time to the commit. */
async function durableLatency(store: Store, from: number, users: number, rate: number, seconds: number): Promise<{ p50: number; p99: number; accepted: number }> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    for (; issued < due; issued++) {
      const scheduled = t0 + (issued / rate) * 1000;
      pending.push(store.messages.insert(messageAt(from + issued, users)).then(() => void latencies.push(performance.now() - scheduled)));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), accepted: total / ((performance.now() - t0) / 1000) };
}

const QUERIES = ['离线告警', 'device offline', '设备 42', 'step 4242', 'hal'];

async function searchLatency(store: Store, users: number): Promise<Record<string, { p50: number; p99: number; hits: number }>> {
  const out: Record<string, { p50: number; p99: number; hits: number }> = {};
  const groups = Math.max(1, Math.floor(users / GROUP_SIZE));
  for (const q of [...QUERIES, 'admin: step 4242']) {
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < 40; r++) {
      const u = (r * 37) % users;
      const t = performance.now();
      if (q.startsWith('admin: ')) {
        hits = (await store.messages.listByOrg({ orgId: ORG, q: q.slice(7), limit: 20, offset: 0 })).total;
      } else {
        const audiences = audienceKeysOf(ORG, `u${u}`, [`g${u % groups}`]);
        hits = (await store.inbox.search({ userId: inboxUserKey(ORG, `u${u}`), audiences, now: new Date(START + 1e9), q, limit: 20, offset: 0 })).total;
      }
      times.push(performance.now() - t);
    }
    out[q] = { p50: quantile(times, 0.5), p99: quantile(times, 0.99), hits };
  }
  return out;
}

interface RunResult {
  layout: string;
  storeBytes: number;
  storeVacuumed: number;
  baseBytes: number;
  storeRate: number;
  baseRate: number;
  pages: number;
  commitMicros: number;
  groupedPages: number;
  groupedMicros: number;
  durable: { p50: number; p99: number; accepted: number };
  search: Record<string, { p50: number; p99: number; hits: number }>;
  top: string;
}

async function oneRun(total: number, burst: number, rate: number, seconds: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-disk-'));
  try {
    const users = Math.max(GROUP_SIZE, Math.round(total / 100));
    const file = join(dir, 'message-center.db');
    const store = createSqliteStore({ file });
    await store.start();
    const storeRate = await fillStore(store, total, users, burst);
    const search = await searchLatency(store, users);
    await store.close();
    const sizes = settle(file);
    const layout = layoutOf(file);
    // Commit cost and latency add messages: measured after the sizes are taken.
    await store.start();
    const cost = await commitCost(store, file, total, users, 1);
    const grouped = await commitCost(store, file, total + 1000, users, 100);
    const durable = await durableLatency(store, total + 10_000, users, rate, seconds);
    await store.close();
    const baseFile = join(dir, 'baseline.db');
    const baseRate = fillBaseline(baseFile, total, users, burst);
    const base = settle(baseFile);
    return {
      layout,
      storeBytes: sizes.checkpointed / total,
      storeVacuumed: sizes.vacuumed / total,
      baseBytes: base.checkpointed / total,
      storeRate,
      baseRate,
      pages: cost.pages,
      commitMicros: cost.micros,
      groupedPages: grouped.pages,
      groupedMicros: grouped.micros,
      durable,
      search,
      top: sizes.top,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of the existing block measured on another layout, kept so before/after sit side by side. */
function otherLayoutRows(layout: string): string[] {
  const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
  if (!existsSync(file)) return [];
  const block = /<!-- bench:disk:start -->([\s\S]*?)<!-- bench:disk:end -->/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  return block.split('\n').filter((l) => l.startsWith('| schema v') && !l.startsWith(`| ${layout} |`));
}

export default async function disk({ runs, flags }: ScenarioArgs): Promise<void> {
  const total = Number(flags.messages ?? 100_000);
  const burst = Number(flags.burst ?? 100);
  const rate = Number(flags.rate ?? 5000);
  const seconds = Number(flags.seconds ?? 5);
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) {
    const res = await oneRun(total, burst, rate, seconds);
    console.log(`run ${r + 1}/${runs}: ${JSON.stringify(res)}`);
    results.push(res);
  }
  const m = (f: (r: RunResult) => number, digits = 0) => median(results.map(f)).toFixed(digits);
  const layout = results[0]!.layout;
  const sizeRow = [
    layout,
    m((r) => r.storeBytes),
    m((r) => r.storeVacuumed),
    m((r) => r.baseBytes),
    `${m((r) => r.storeBytes / r.baseBytes, 2)}×`,
    m((r) => r.storeRate),
    m((r) => r.baseRate),
    m((r) => r.pages, 1),
    m((r) => r.commitMicros),
    m((r) => r.groupedPages, 2),
    m((r) => r.groupedMicros),
    `${m((r) => r.durable.p50, 1)} / ${m((r) => r.durable.p99, 1)} (${m((r) => r.durable.accepted)}/s)`,
  ];
  const sizeHeader = ['layout', 'B/msg checkpointed', 'B/msg after VACUUM', 'baseline B/msg (JSON rows)', 'ratio', 'inserts/s (burst)', 'baseline inserts/s', 'WAL pages / 1-msg commit', 'µs / 1-msg commit', 'WAL pages / msg in 100-msg commits', 'µs / msg in 100-msg commits', `durable ms p50 / p99 at ${rate}/s`];
  const queries = Object.keys(results[0]!.search);
  const searchRows = queries.map((q) => [
    `\`${q}\``,
    results[0]!.search[q]!.hits,
    m((r) => r.search[q]!.p50, 2),
    m((r) => r.search[q]!.p99, 2),
  ]);
  const md = `${total.toLocaleString('en')} messages (inbox-scale mix, ${Math.max(GROUP_SIZE, Math.round(total / 100)).toLocaleString('en')} users), medians of ${runs} run(s). Baseline: the same messages as JSON rows in a one-table SQLite file without indexes, same run. Sizes are the main file after \`wal_checkpoint(TRUNCATE)\` (what a running deployment keeps; no VACUUM) and after VACUUM.

${table(sizeHeader, [...otherLayoutRows(layout).map((l) => l.slice(2, -2).split(' | ')), sizeRow])}

Largest objects (${layout}, last run, before VACUUM): ${results.at(-1)!.top}.

Search on ${layout} (reader: one user + one group + org; \`admin:\` = org-wide admin listing), ms:

${table(['query', 'matches', 'p50', 'p99'], searchRows)}

\`npm run bench -- disk --runs ${runs} --messages ${total}\``;
  writeSection('disk', 'disk — bytes per stored message, commit cost, search latency', md, [
    {
      metric: `bytes on disk per stored message, search intact (${layout}, ${total.toLocaleString('en')} messages)`,
      product: `${m((r) => r.storeBytes)} B`,
      baseline: `${m((r) => r.baseBytes)} B (the same messages as plain JSON rows)`,
      ratio: `${m((r) => r.storeBytes / r.baseBytes, 2)}×`,
      goal: '≤ 1 KB per message',
      met: Number(m((r) => r.storeBytes)) <= 1024,
    },
    {
      metric: `accept → durable at ${rate.toLocaleString('en')}/s offered through the store: p99`,
      product: `${m((r) => r.durable.p99, 1)} ms (${m((r) => r.durable.accepted)}/s accepted)`,
      baseline: '—',
      ratio: '',
      goal: 'p99 ≤ 50 ms',
      met: Number(m((r) => r.durable.p99, 1)) <= 50,
    },
  ]);
}
