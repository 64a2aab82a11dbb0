import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/index.js';

/** A `ws` WebSocket class that records every socket it made and every frame sent on it. */
export function recordingWebSocket() {
  const sockets: WebSocket[] = [];
  const sent: string[] = [];
  const closeCodes: number[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      sockets.push(this);
      this.on('close', (code: number) => closeCodes.push(code));
    }
    override send(data: unknown, ...rest: unknown[]): void {
      sent.push(String(data));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { WebSocket: RecordingWebSocket as unknown as typeof globalThis.WebSocket, sockets, sent, closeCodes };
}

/** A stock tRPC client over one WebSocket, with what it sent and how its sockets closed. */
export interface StockClient {
  client: TRPCClient<AppRouter>;
  sockets: WebSocket[];
  sent: string[];
  closeCodes: number[];
  close: () => Promise<void>;
}

/**
 * The stock `@trpc/client` over one WebSocket (`createWSClient` + `wsLink`), no SDK in between:
 * what any other Node service or framework client would use.
 */
export function stockClient(wsUrl: string, getToken: () => Promise<string | null> | string | null, opts: { keepAlive?: { enabled: boolean; intervalMs: number; pongTimeoutMs: number } } = {}): StockClient {
  const recording = recordingWebSocket();
  const ws = createWSClient({
    url: wsUrl,
    WebSocket: recording.WebSocket,
    connectionParams: async () => {
      const token = await getToken();
      return token ? { token } : {};
    },
    retryDelayMs: () => 100,
    keepAlive: opts.keepAlive,
  });
  const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws, transformer: superjson })] });
  return { client, sockets: recording.sockets, sent: recording.sent, closeCodes: recording.closeCodes, close: () => ws.close() };
}

/** A raw socket speaking tRPC frames by hand (for what a conforming client never sends). */
export async function rawSocket(wsUrl: string, token: string | null) {
  const ws = new WebSocket(`${wsUrl}?connectionParams=1`);
  const frames: Record<string, unknown>[] = [];
  let closeCode: number | null = null;
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === 'PONG' || text === 'PING') return void frames.push({ keepAlive: text });
    frames.push(JSON.parse(text) as Record<string, unknown>);
  });
  ws.on('close', (code: number) => (closeCode = code));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : {} }));
  return {
    ws,
    frames,
    get closeCode() {
      return closeCode;
    },
    send: (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    /** Frames answering `id`. */
    framesOf: (id: unknown) => frames.filter((f) => f.id === id),
  };
}

/** `error.data` of a tRPC error frame. */
export interface ErrorData {
  code: string;
  appCode: string;
  retryAfterMs?: number;
}

/** The error of a frame, if it carries one. */
export const errorOf = (frame: Record<string, unknown> | undefined): { message: string; data: ErrorData } | undefined =>
  (frame?.error as { json?: { message: string; data: ErrorData } } | undefined)?.json;
