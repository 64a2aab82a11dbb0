import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const CLIENT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = join(CLIENT_ROOT, '..', '..');
export const PACKAGES = { client: CLIENT_ROOT, templates: join(REPO_ROOT, 'packages', 'templates'), server: join(REPO_ROOT, 'packages', 'server') };
export const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const execFileAsync = promisify(execFile);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (never throws on a non-zero exit: the caller asserts on it). */
export async function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** Runs a command that must succeed; throws with its output otherwise. */
export async function mustRun(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Newest modification time of any file under `dir` (skipping node_modules). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first stderr/stdout text matching `pattern`; rejects if the process exits first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = pattern.exec(seen);
      if (m) finish(() => resolve(m[0]));
    };
    const onExit = (code: number | null) => finish(() => reject(new Error(`process exited (${code}) before printing ${pattern}:\n${seen}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern}:\n${seen}`))), timeoutMs);
    const finish = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Starts a long-running command (e.g. a server) with piped output. */
export function start(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Builds the client into a staging copy of the package and packs that (leaving dist/ alone, so
 * tests running side by side do not race on it). Returns the tarball's path.
 */
export async function packClient(workDir: string): Promise<string> {
  const staging = join(workDir, 'client-staging');
  mkdirSync(staging, { recursive: true });
  await mustRun(process.execPath, ['scripts/build.mjs', '--out', join(staging, 'dist')], { cwd: CLIENT_ROOT });
  for (const f of ['package.json', 'README.md', 'LICENSE']) cpSync(join(CLIENT_ROOT, f), join(staging, f));
  const { stdout } = await mustRun('npm', ['pack', '--pack-destination', workDir, '--loglevel=error', '--ignore-scripts'], { cwd: staging });
  return join(workDir, stdout.trim().split('\n').at(-1)!);
}
