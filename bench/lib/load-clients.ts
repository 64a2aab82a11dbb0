/**
 * A fleet of WebSocket clients (its own process, so client work does not load the server).
 * `mode: 'mc'` speaks tRPC's WebSocket protocol to `realtime.events` with a signed token per
 * user; `mode: 'raw'` just connects. Every received event whose title is `t:<epoch ms>` records
 * a latency (same machine, same clock).
 */
import WebSocket from 'ws';
import { signToken } from '../../packages/server/src/auth/jwt.js';

const secret = process.env.MC_BENCH_SECRET!;
const sockets: WebSocket[] = [];
let latencies: number[] = [];
let received = 0;
/** Bytes of the frames that recorded a latency (so a report can print bytes per frame). */
let timedBytes = 0;

/** The text of a frame (`ws` hands over a Buffer for text frames unless told otherwise). */
function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}

/** One listener per socket in both modes, so both pay the same client-side parsing per frame. */
function onFrame(this: WebSocket, data: WebSocket.RawData): void {
  const text = textOf(data);
  if (text === 'PING') return void this.send('PONG');
  if (!text.includes('t:')) return;
  const frame = JSON.parse(text) as { result?: { data?: { json?: { data?: { message?: { title?: string } } }; title?: string } } };
  const d = frame.result?.data;
  const title = d?.json?.data?.message?.title ?? d?.title;
  if (!title?.startsWith('t:')) return;
  latencies.push(Date.now() - Number(title.slice(2)));
  received += 1;
  timedBytes += Buffer.isBuffer(data) ? data.length : Buffer.byteLength(text);
}

async function openOne(url: string, mode: 'mc' | 'raw', userId: string, orgId: string, localAddress: string | undefined): Promise<void> {
  // A raw client names its user in the URL so the baseline server can address it (no auth there).
  const options = localAddress ? { perMessageDeflate: false, localAddress } : { perMessageDeflate: false };
  const ws = new WebSocket(mode === 'mc' ? `${url}?connectionParams=1` : `${url}?user=${userId}`, options);
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('message', onFrame);
  if (mode === 'raw') return;
  const token = await signToken(secret, { userId, orgId, roles: ['user'] }, { ttl: '2h' });
  ws.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
  await new Promise<void>((resolve) => {
    const onStarted = (d: WebSocket.RawData) => {
      if (!textOf(d).includes('UNREAD_COUNT')) return;
      ws.off('message', onStarted);
      resolve();
    };
    ws.on('message', onStarted);
    ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'realtime.events', input: { json: {} } } }));
  });
}

/**
 * `open`: `count` sockets for users `<prefix><first>…`. With `sourceAddresses`, client `n`
 * (counting from `first`) binds to `sourceAddresses[floor(n / perSourceAddress)]`: one
 * loopback address has only 28,000 ephemeral ports here, so large fleets spread over
 * 127.0.0.2, 127.0.0.3, …
 */
interface OpenRequest {
  type: 'open';
  url: string;
  mode: 'mc' | 'raw';
  count: number;
  orgId?: string;
  prefix?: string;
  first?: number;
  sourceAddresses?: string[];
  perSourceAddress?: number;
}

process.on('message', (m: { type: string } & Partial<OpenRequest>) => {
  void (async () => {
    if (m.type === 'open') {
      const started = Date.now();
      const batch = 250;
      const first = m.first ?? 0;
      const addressOf = (n: number) => m.sourceAddresses?.[Math.min(m.sourceAddresses.length - 1, Math.floor(n / (m.perSourceAddress ?? 10_000)))];
      for (let i = 0; i < m.count!; i += batch) {
        await Promise.all(Array.from({ length: Math.min(batch, m.count! - i) }, (_, j) => openOne(m.url!, m.mode!, `${m.prefix ?? 'u'}${first + i + j}`, m.orgId ?? 'bench', addressOf(first + i + j))));
      }
      process.send?.({ type: 'opened', count: sockets.length, ms: Date.now() - started });
    } else if (m.type === 'take') {
      process.send?.({ type: 'taken', latencies, received, bytes: timedBytes });
      latencies = [];
      received = 0;
      timedBytes = 0;
    } else if (m.type === 'close') {
      for (const s of sockets) s.terminate();
      sockets.length = 0;
      process.send?.({ type: 'closed' });
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
