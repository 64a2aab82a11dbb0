/**
 * Baseline server: plain `ws` on a plain `node:http` server, no auth, no tRPC, no persistence,
 * no bus. Broadcasts a payload to every socket on IPC request, and pushes each `POST /send` body
 * (or each item of a batch body) as one frame to the socket of its `receiverId` (clients name
 * themselves with `?user=`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const byUser = new Map<string, WebSocket>();
let sent = 0;

/** The frame the product pushes for a direct message: same fields, same order, same size. */
function directFrame(receiverId: string, messageType: string, title: string, content: string): string {
  const id = `01K${String(++sent).padStart(23, '0')}`;
  const now = new Date().toISOString();
  const message = {
    messageId: `msg_${id}`, orgId: 'bench', senderId: 'bench-sender', senderName: 'bench-sender', receiverType: 'USER', receiverId, messageType, title, content,
    priority: 'NORMAL', category: 'GENERAL', metadata: {}, status: 'SENT', deliverAt: null, expireTime: null, createTime: now, updateTime: now, seq: id, state: 'UNREAD', archived: false,
  };
  const data = { json: { id, data: { type: 'MESSAGE', message } }, meta: { values: { 'data.message.createTime': ['Date'], 'data.message.updateTime': ['Date'] }, v: 1 } };
  return JSON.stringify({ id: 1, result: { type: 'data', id, data } });
}

function onSend(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    type Item = { receiverId: string; messageType: string; title: string; content: string };
    const { json } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { json: Item | { items: Item[] } };
    // A batch body (`sendMany`) pushes one frame per item, like a single send does for one.
    for (const item of 'items' in json ? json.items : [json]) byUser.get(item.receiverId)?.send(directFrame(item.receiverId, item.messageType, item.title, item.content));
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"result":{"data":{"json":{"messageId":"msg_${sent}"}}}}`);
  });
}

const http = createServer((req, res) => (req.method === 'POST' && req.url === '/send' ? onSend(req, res) : res.writeHead(404).end()));
const wss = new WebSocketServer({ server: http });
wss.on('connection', (socket, req) => {
  const user = new URL(req.url ?? '/', 'http://x').searchParams.get('user');
  if (user) byUser.set(user, socket);
  // Echo-less; a client may send a ping text and expects nothing back.
  socket.on('message', () => undefined);
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'listening' }));

process.on('message', (m: { type: string; payload?: string; to?: number }) => {
  if (m.type === 'broadcast') {
    // Same shape as the product's frame: the event encoded once, sent to every socket.
    const data = JSON.parse(m.payload!) as { json: { id: string } };
    const frame = JSON.stringify({ id: 1, result: { type: 'data', id: data.json.id, data } });
    for (const c of wss.clients) c.send(frame);
    process.send?.({ type: 'sent' });
  }
});
process.on('SIGTERM', () => {
  for (const c of wss.clients) c.terminate();
  http.close(() => process.exit(0));
  http.closeAllConnections();
});
