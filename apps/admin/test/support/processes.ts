import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = join(ADMIN_ROOT, '..', '..');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  url: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs `cmd` until it exits, failing with its output on a non-zero exit. */
export async function run(cmd: string, args: string[], cwd: string): Promise<void> {
  let out = '';
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out.slice(-4000)}`);
}

/** Builds the console (and, through turbo, the packages it depends on) unless a build exists. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(ADMIN_ROOT, '.next', 'BUILD_ID'))) return;
  await run(
    'npx',
    ['turbo', 'run', 'build', '--filter=@message-center/admin', '--output-logs=errors-only'],
    REPO_ROOT,
  );
}

async function waitUntilUp(
  url: string,
  child: ChildProcess,
  output: () => string,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not answer ${url} within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startProcess(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  cleanup: () => void = () => {},
) {
  let out = '';
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      cleanup();
    },
  };
}

/** The reference server from source, dev auth on, with its own temporary data directory. */
export async function startServer(): Promise<RunningProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-admin-e2e-'));
  const proc = startProcess(
    process.execPath,
    ['--conditions=@message-center/source', '--import', 'tsx', join(REPO_ROOT, 'packages', 'server', 'src', 'cli.ts'), 'serve'],
    join(REPO_ROOT, 'packages', 'server'),
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      MC_DEV_AUTH: '1',
      MC_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MC_STORE: 'sqlite',
    },
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/healthz`, proc.child, proc.output, 'server');
  return { url, port, output: proc.output, stop: proc.stop };
}

/** `next start` of the production build, forwarding `/trpc` to `serverUrl`. */
export async function startConsole(serverUrl: string): Promise<RunningProcess> {
  const port = await freePort();
  const nextBin = join(REPO_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const proc = startProcess(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    ADMIN_ROOT,
    {
      MC_SERVER_URL: serverUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/signin`, proc.child, proc.output, 'console');
  return { url, port, output: proc.output, stop: proc.stop };
}
