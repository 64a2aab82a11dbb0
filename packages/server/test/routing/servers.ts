import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from '../support/ports.js';

/** Where `scripts/ensure-mailpit.sh` puts the binary. */
export const MAILPIT_BIN =
  process.env.MAILPIT_BIN ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'message-center', 'mailpit');

/** A Mailpit server (real SMTP + HTTP API) on free loopback ports. */
export interface Mailpit {
  smtpUrl: string;
  apiUrl: string;
  /** Messages in the mailbox, newest first. */
  messages(): Promise<{ ID: string; Subject: string; To: { Address: string }[] }[]>;
  /** One message with its bodies. */
  message(
    id: string,
  ): Promise<{ Subject: string; Text: string; HTML: string; From: { Address: string } }>;
  stop(): Promise<void>;
}

/** Starts Mailpit; fails with a hint when the binary was not built. */
export async function startMailpit(): Promise<Mailpit> {
  if (!existsSync(MAILPIT_BIN))
    throw new Error(`Mailpit not found at ${MAILPIT_BIN}: run scripts/ensure-mailpit.sh`);
  const [smtp, http] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'mc-mailpit-'));
  const child: ChildProcess = spawn(
    MAILPIT_BIN,
    [
      '--smtp',
      `127.0.0.1:${smtp}`,
      '--listen',
      `127.0.0.1:${http}`,
      '--database',
      join(dir, 'mail.db'),
      '--disable-version-check',
      '--quiet',
    ],
    { stdio: 'ignore' },
  );
  const apiUrl = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Mailpit exited with ${child.exitCode}`);
    const ok = await fetch(`${apiUrl}/api/v1/info`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('Mailpit did not start within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const get = async <T>(path: string): Promise<T> =>
    (await (await fetch(`${apiUrl}${path}`)).json()) as T;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    apiUrl,
    messages: async () =>
      (
        await get<{ messages: { ID: string; Subject: string; To: { Address: string }[] }[] }>(
          '/api/v1/messages',
        )
      ).messages,
    message: (id) => get(`/api/v1/message/${id}`),
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A request a receiver got. */
export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scripted "status" that leaves the request unanswered. */
export const HANG = -1;

/** A real HTTP server that answers with scripted status codes and records every request. */
export interface Receiver {
  url: string;
  requests: Received[];
  /** Status codes for the next requests, in order; after them `fallback`. */
  script(statuses: number[], fallback?: number): void;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  let queue: number[] = [];
  let fallback = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        at: Date.now(),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = queue.shift() ?? fallback;
      // HANG: never answer (the caller's timeout or death ends it).
      if (status === HANG) return;
      res.statusCode = status;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    script(statuses, otherwise = 200) {
      queue = [...statuses];
      fallback = otherwise;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
