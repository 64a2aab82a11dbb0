import { freePort, stopProcess } from './ports.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';

/** The FerretDB release the tests build and run (see `scripts/ensure-ferretdb.sh`). */
export const FERRETDB_VERSION = 'v1.24.2';

/** A MongoDB-compatible server for one test file. */
export interface MongoForTests {
  /** Connection string, ending in a database name no other caller uses. */
  readonly url: string;
  /** That database name. */
  readonly dbName: string;
  /** What the server is, for test titles: `FerretDB v1.24.2 …` or `MongoDB from MONGODB_URL …`. */
  readonly description: string;
  /** The FerretDB process when the tests started one (null for an external `MONGODB_URL`). */
  readonly ferretdb: FerretDbProcess | null;
  /** A connection string for another fresh database on the same server. */
  newDatabaseUrl(): { url: string; dbName: string };
  /** Drops a database made by `newDatabaseUrl` (or this one). */
  dropDatabase(dbName: string): Promise<void>;
  /** Drops the databases made here and stops the server if it was started here. Safe to call twice. */
  stop(): Promise<void>;
}

/** A FerretDB process the tests own, which fault tests may stop and start again. */
export interface FerretDbProcess {
  readonly port: number;
  readonly dataDir: string;
  /** Stops the process, keeping its data. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data directory, and waits until it answers. */
  resume(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/**
 * The server Mongo tests run against. With `MONGODB_URL` set, that server is used (each call
 * gets its own database, dropped by `stop()`); otherwise a FerretDB 1.x process (SQLite
 * backend) is started on a free port with a temporary data directory, and removed by `stop()`.
 * @throws when the FerretDB binary is missing, saying how to build it. Tests never skip silently.
 */
export async function startMongoForTests(): Promise<MongoForTests> {
  const external = process.env.MONGODB_URL?.trim();
  if (external) return useExternal(external);
  return startFerretDb();
}

function uniqueDbName(): string {
  return `mc_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** `base` with its database path replaced by `dbName`, query options kept. */
function withDatabase(base: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(base);
  if (!match) throw new Error(`MONGODB_URL is not a mongodb:// URL: ${redact(base)}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}

const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

function databases(
  baseUrl: string,
  description: string,
  ferretdb: FerretDbProcess | null,
  shutdown: () => Promise<void>,
): MongoForTests {
  const made = new Set<string>();
  const newDatabaseUrl = () => {
    const dbName = uniqueDbName();
    made.add(dbName);
    return { url: withDatabase(baseUrl, dbName), dbName };
  };
  const dropDatabase = async (dbName: string) => {
    const client = new mongoose.mongo.MongoClient(withDatabase(baseUrl, dbName), {
      serverSelectionTimeoutMS: 5000,
    });
    try {
      await client.connect();
      await client.db(dbName).dropDatabase();
      made.delete(dbName);
    } finally {
      await client.close();
    }
  };
  const first = newDatabaseUrl();
  let stopped = false;
  return {
    url: first.url,
    dbName: first.dbName,
    description,
    ferretdb,
    newDatabaseUrl,
    dropDatabase,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const dbName of [...made]) await dropDatabase(dbName).catch(() => undefined);
      await shutdown();
    },
  };
}

async function useExternal(url: string): Promise<MongoForTests> {
  await waitUntilAnswering(url, START_TIMEOUT_MS, null);
  const host = redact(url)
    .replace(/^mongodb(?:\+srv)?:\/\//, '')
    .split(/[/?]/)[0];
  return databases(url, `MongoDB from MONGODB_URL (${host})`, null, async () => undefined);
}

/** Where the binary is: `FERRETDB_BIN`, else the cache `scripts/ensure-ferretdb.sh` builds into. */
export function ferretDbBinary(): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'message-center', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

async function startFerretDb(): Promise<MongoForTests> {
  const binary = ferretDbBinary();
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(
      `FerretDB binary not found at ${binary}. The MongoDB store tests need a real server: ` +
        `build FerretDB ${FERRETDB_VERSION} once with \`scripts/ensure-ferretdb.sh\` (needs Go and the Go module proxy), ` +
        `or set FERRETDB_BIN to a FerretDB 1.x binary, or set MONGODB_URL to a MongoDB server.`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'mc-ferretdb-'));
  await mkdir(join(dir, 'data'));
  let child: ChildProcess | null = null;
  let port = 0;
  let lastError: unknown;
  // Another process may take the probed port before FerretDB binds it: try a few.
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    try {
      child = await spawnFerretDb(binary, port, dir);
    } catch (error) {
      lastError = error;
      if (!String(error).includes('address already in use')) break;
    }
  }
  if (!child) {
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }
  let running: ChildProcess | null = child;
  // A test run that dies without calling stop() must not leave a server behind.
  const killOnExit = () => running?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const process_: FerretDbProcess = {
    port,
    dataDir: join(dir, 'data'),
    async pause() {
      const c = running;
      running = null;
      if (c) await stopProcess(c);
    },
    async resume() {
      if (running) return;
      running = await spawnFerretDb(binary, port, dir);
    },
  };
  const description = `FerretDB ${FERRETDB_VERSION}, SQLite backend, 127.0.0.1:${port}`;
  return databases(`mongodb://127.0.0.1:${port}/`, description, process_, async () => {
    process.off('exit', killOnExit);
    await process_.pause();
    await rm(dir, { recursive: true, force: true });
  });
}

async function spawnFerretDb(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${join(dir, 'data')}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot run ${binary}: ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`FerretDB exited (${code ?? signal}) before answering:\n${output}`)),
    );
  });
  try {
    await waitUntilAnswering(`mongodb://127.0.0.1:${port}/`, START_TIMEOUT_MS, exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** Resolves once a `ping` succeeds; rejects at the deadline or when `exited` rejects. */
async function waitUntilAnswering(
  url: string,
  timeoutMs: number,
  exited: Promise<never> | null,
): Promise<void> {
  const exit: { error: Error | null } = { error: null };
  exited?.catch(
    (error: unknown) => (exit.error = error instanceof Error ? error : new Error(String(error))),
  );
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new mongoose.mongo.MongoClient(url, {
      serverSelectionTimeoutMS: 500,
      connectTimeoutMS: 500,
    });
    try {
      const ping = client.connect().then((c) => c.db('admin').command({ ping: 1 }));
      ping.catch(() => undefined);
      await (exited ? Promise.race([ping, exited]) : ping);
      return;
    } catch (error) {
      lastError = error;
      if (exit.error) throw exit.error;
    } finally {
      await client.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${redact(url)} did not answer ping within ${timeoutMs} ms: ${String(lastError)}`,
  );
}


