/** Child processes for the real-time scenarios: the product server, a raw `ws` server, a client fleet. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/**
 * Resident set size of a process and all its descendants (e.g. a `--workers` primary and its
 * workers), in bytes (Linux). Shared pages count once per process, so this is an upper bound.
 */
export function rssOfTree(pid: number): number {
  return rssByProcess(pid).reduce((sum, p) => sum + p.rss, 0);
}

/** `pid` and all of its descendants (Linux). */
export function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited while we looked
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parentOf) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return [...tree];
}

/** Resident set size of `pid` and of each of its descendants, in bytes (Linux). */
export function rssByProcess(pid: number): { pid: number; rss: number }[] {
  const out: { pid: number; rss: number }[] = [];
  for (const p of processTree(pid)) {
    try {
      out.push({ pid: p, rss: rssOf(p) });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** CPU time (user + system) used so far by `pid` and its descendants, in ms (Linux). */
export function cpuMsOfTree(pid: number): number {
  let ms = 0;
  for (const p of processTree(pid)) {
    try {
      ms += cpuMsOf(p);
    } catch {
      // exited while we looked
    }
  }
  return ms;
}

/** CPU time (user + system) a process has used so far, in ms (Linux, 100 ticks per second). */
export function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces) start at field 3; utime, stime are 14, 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The open-files limit (RLIMIT_NOFILE, soft) of a process (Linux). */
export function fdLimitOf(pid: number): number {
  const m = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * Runs a TypeScript file under tsx with a raised open-files limit and an IPC channel. Raising
 * the hard limit needs CAP_SYS_RESOURCE; where the machine refuses it the soft limit is raised
 * to the hard one (see `fdLimitOf`).
 */
export function runTs(file: string, env: Record<string, string>, nodeArgs: string[] = [], opts: { args?: string[]; stdout?: 'inherit' | 'pipe'; tsx?: boolean } = {}): ChildProcess {
  const loader = opts.tsx === false ? '' : '--import tsx';
  const cmd = `ulimit -n 200000 2>/dev/null || ulimit -n $(ulimit -Hn) 2>/dev/null; exec "${process.execPath}" ${nodeArgs.join(' ')} ${loader} "${file}" ${(opts.args ?? []).join(' ')}`;
  return spawn('bash', ['-c', cmd], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit', 'ipc'] });
}

/** Sends `msg` to a child and waits for its reply of type `replyType`. */
export function ask<T>(child: ChildProcess, msg: Record<string, unknown>, replyType: string, timeoutMs = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${replyType} reply within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== replyType) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    if (Object.keys(msg).length) child.send(msg);
  });
}

export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Started {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Which WebSocket handler the product server runs: its own, or `@trpc/server`'s stock adapter. */
export type WsHandlerKind = 'custom' | 'stock';

/**
 * The reference server (SQLite in a temp dir, in-process bus) as its own process. `dataDir`
 * serves an existing data directory instead (removed on stop, like the temp one). It runs the
 * built `message-center` bin (`serve`, or `serve --workers N`), as `npm start` and a deployment
 * do: compiled JavaScript, no TypeScript loader (tsx wraps named functions, which cost about
 * 10 µs per message on the send path). The server is built once per benchmark process.
 */
export async function startProductServer(extraNodeArgs: string[] = [], handler: WsHandlerKind = 'custom', opts: { dataDir?: string; env?: Record<string, string>; workers?: number } = {}): Promise<Started> {
  ensureServerBuilt();
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const workers = opts.workers ?? 1;
  const entry = handler === 'stock' ? 'bench/lib/stock-server.mjs' : 'packages/server/bin/message-center.js';
  const args = handler === 'stock' ? [] : workers > 1 ? ['serve', '--workers', String(workers)] : ['serve'];
  const child = runTs(join(ROOT, entry), {
    PORT: String(port), HOST: '127.0.0.1', MC_DATA_DIR: dataDir, MC_JWT_SECRET: BENCH_SECRET, LOG_LEVEL: workers > 1 ? 'info' : 'warn',
    MC_RATE_LIMIT_USER: '100000000', MC_RATE_LIMIT_ORG: '100000000', MC_READ_RATE_LIMIT_USER: '100000000',
    ...opts.env,
  }, extraNodeArgs, { args, stdout: workers > 1 ? 'pipe' : 'inherit', tsx: false });
  if (workers > 1) await workersListening(child, workers);
  await waitForHealth(`http://127.0.0.1:${port}`);
  return { child, port, stop: async () => { await stopChild(child); rmSync(dataDir, { recursive: true, force: true }); } };
}

let isServerBuilt = false;
/** Builds the server's dist/ once per benchmark process, so a run never measures stale code. */
export function ensureServerBuilt(): void {
  if (isServerBuilt) return;
  buildServer();
  isServerBuilt = true;
}

/** Compiles the server package to dist/ (what the `message-center` bin runs). */
export function buildServer(): void {
  const r = spawnSync('npm', ['run', 'build', '-w', '@message-center/server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`building the server failed (exit ${r.status})`);
}

/**
 * Resolves once the primary of `serve --workers N` logged N "worker listening" lines (it logs at
 * info level). Passes on lines at warn level or above, drops the rest.
 */
function workersListening(child: ChildProcess, workers: number, timeoutMs = 180_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`only ${seen} of ${workers} workers listened within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before its workers listened`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"msg":"worker listening"') && ++seen === workers) {
          clearTimeout(timer);
          resolve();
        }
        if (/"level":[456]0/.test(line)) process.stderr.write(`${line}\n`);
      }
    });
  });
}

/** The HTTP baseline: a plain `node:http` server answering every request with `body`. */
export async function startRawJsonServer(body: string): Promise<Started> {
  const port = await freePort();
  const child = runTs(join(ROOT, 'bench/lib/raw-json-server.ts'), { PORT: String(port), BODY: body });
  await ask(child, {}, 'listening');
  return { child, port, stop: () => stopChild(child) };
}

/** The baseline: a raw `ws` server that broadcasts what it is told to. */
export async function startRawServer(): Promise<Started> {
  const port = await freePort();
  const child = runTs(join(ROOT, 'bench/lib/raw-ws-server.ts'), { PORT: String(port) });
  await ask(child, {}, 'listening');
  return { child, port, stop: () => stopChild(child) };
}

/** A fleet of WebSocket clients in its own process (see `load-clients.ts`). */
export function startClients(): ChildProcess {
  return runTs(join(ROOT, 'bench/lib/load-clients.ts'), { MC_BENCH_SECRET: BENCH_SECRET });
}

/** Sockets one client process opens at most (its open-files limit must hold them). */
export const CLIENTS_PER_PROCESS = 12_500;
/** Client sockets bound to one loopback source address (28,000 ephemeral ports each here). */
export const CLIENTS_PER_SOURCE_ADDRESS = 10_000;

/** Several client processes (see `load-clients.ts`) acting as one fleet. */
export interface ClientFleet {
  processes: ChildProcess[];
  /** Opens `count` sockets over the processes; resolves when all are open, with the wall time. */
  open(url: string, mode: 'mc' | 'raw', count: number): Promise<{ count: number; ms: number }>;
  /** Latencies and receipt counts recorded since the last call, over every process. */
  take(): Promise<{ latencies: number[]; received: number }>;
  kill(): void;
}

/**
 * A fleet of `ceil(count / CLIENTS_PER_PROCESS)` client processes. Client `n` binds to
 * 127.0.0.(2 + floor(n / CLIENTS_PER_SOURCE_ADDRESS)), so no source address runs out of ports.
 */
export function startClientFleet(count: number): ClientFleet {
  const processes = Array.from({ length: Math.max(1, Math.ceil(count / CLIENTS_PER_PROCESS)) }, () => startClients());
  const sourceAddresses = Array.from({ length: Math.ceil(count / CLIENTS_PER_SOURCE_ADDRESS) }, (_, i) => `127.0.0.${2 + i}`);
  return {
    processes,
    async open(url, mode, total) {
      const started = Date.now();
      const per = Math.ceil(total / processes.length);
      const opened = await Promise.all(processes.map((child, p) => ask<{ count: number }>(child, { type: 'open', url, mode, count: Math.max(0, Math.min(per, total - p * per)), first: p * per, sourceAddresses, perSourceAddress: CLIENTS_PER_SOURCE_ADDRESS }, 'opened')));
      return { count: opened.reduce((n, o) => n + o.count, 0), ms: Date.now() - started };
    },
    async take() {
      const taken = await Promise.all(processes.map((child) => ask<{ latencies: number[]; received: number }>(child, { type: 'take' }, 'taken')));
      return { latencies: taken.flatMap((t) => t.latencies), received: taken.reduce((n, t) => n + t.received, 0) };
    },
    kill() {
      for (const child of processes) child.kill('SIGKILL');
    },
  };
}
