import { freePort, stopProcess } from './ports.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** A real `redis-server` process owned by a test. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL if it lingers). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server and starts a fresh, empty one on the same port (fault tests). */
  restart(): Promise<void>;
}

const startTimeoutMs = 10_000;

/**
 * Spawns the `redis-server` binary (Debian package `redis-server`) on a free local port with
 * persistence off, and resolves once it answers PING.
 */
export async function startRedisServer(): Promise<RedisServerHandle> {
  const { port, child: first } = await spawnOnFreePort();
  let child: ChildProcess | undefined = first;

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await stopProcess(running);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await spawnRedis(port);
    },
  };
}

/** Another process may grab the probed port before redis-server binds it: try a few ports. */
async function spawnOnFreePort(): Promise<{ port: number; child: ChildProcess }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return { port, child: await spawnRedis(port) };
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message.startsWith('cannot run')) break;
    }
  }
  throw lastError;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'ENOENT' ? ' (install it: apt-get install -y redis-server)' : '';
      reject(new Error(`cannot run redis-server${hint}: ${error.message}`));
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${stderr}`)));
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPong(port), exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

async function waitForPong(port: number): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${startTimeoutMs} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const finish = (isPong: boolean) => {
      socket.destroy();
      resolve(isPong);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}


