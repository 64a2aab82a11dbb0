import { expect } from 'vitest';
import superjson from 'superjson';
import { sqliteBackend, startTestServer, type BackendUnderTest, type TestServer } from '../support/server.js';

/** A real server (SQLite in a temp dir, free port) and its cleanup. */
export interface SecurityServer {
  server: TestServer;
  stop(): Promise<void>;
}

/** Starts the reference server with `env` on a free port. */
export async function startSecurityServer(env: Record<string, string> = {}): Promise<SecurityServer> {
  const backend: BackendUnderTest = await sqliteBackend();
  const server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000', MC_RATE_LIMIT_ORG: '100000', ...env });
  return {
    server,
    async stop() {
      await server.stop();
      await backend.cleanup();
    },
  };
}

/**
 * Runs `attack` while probing `GET /healthz` back to back, and asserts every probe answered
 * within `limitMs`: an attack must not stall the server for anyone else.
 */
export async function whileHealthy<T>(url: string, attack: () => Promise<T>, limitMs = 500): Promise<T> {
  // One untimed probe first: the first request pays for connection set-up and cold code paths.
  await (await fetch(`${url}/healthz`)).text();
  let isRunning = true;
  const latencies: number[] = [];
  const probing = (async () => {
    while (isRunning) {
      const started = performance.now();
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.text();
      latencies.push(performance.now() - started);
      expect(res.status).toBe(200);
    }
  })();
  try {
    return await attack();
  } finally {
    isRunning = false;
    await probing;
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies), `slowest /healthz during the attack (${latencies.length} probes)`).toBeLessThan(limitMs);
  }
}

/** The parsed body of a raw tRPC HTTP call. */
export interface RawResponse {
  status: number;
  body: unknown;
}

/**
 * Calls a procedure over plain HTTP with a hand-written body, the way an attacker would
 * (no client library normalizing the input). `input` is sent as superjson's `{ json }`.
 */
export async function rawCall(url: string, token: string | null, type: 'query' | 'mutation', path: string, input: unknown, rawJson?: string): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const encoded = rawJson ?? encodeInput(input);
  const res =
    type === 'query'
      ? await fetch(`${url}/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${url}/trpc/${path}`, { method: 'POST', headers, body: encoded });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the assertion message.
  }
  return { status: res.status, body };
}

/**
 * superjson's `{ json, meta }` form (so Dates survive); plain `{ json }` when superjson itself
 * refuses the value (it rejects poisonous keys on the way out, an attacker's encoder does not).
 */
export function encodeInput(input: unknown): string {
  return JSON.stringify(serializeInput(input));
}

/** {@link encodeInput} before `JSON.stringify`, to embed in a WebSocket frame. */
export function serializeInput(input: unknown): unknown {
  try {
    return superjson.serialize(input);
  } catch {
    return { json: input };
  }
}

export interface RawErrorData {
  code?: string;
  appCode?: string;
  fieldPaths?: string[];
  retryAfterMs?: number;
}

/** `error.data` of a raw tRPC error response (empty when the response is not an error). */
export function errorData(r: RawResponse): RawErrorData {
  const body = r.body as { error?: { json?: { data?: RawErrorData } } } | undefined;
  return body?.error?.json?.data ?? {};
}
