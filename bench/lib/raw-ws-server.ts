/** Baseline server: plain `ws`, no auth, no tRPC; broadcasts a payload to every socket on request. */
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: Number(process.env.PORT), host: '127.0.0.1' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    // Echo-less; a client may send a ping text and expects nothing back.
    void data;
  });
});
wss.on('listening', () => process.send?.({ type: 'listening' }));

process.on('message', (m: { type: string; payload?: string; to?: number }) => {
  if (m.type === 'broadcast') {
    // Same shape as the product's frame: the event encoded once, sent to every socket.
    const frame = JSON.stringify({ id: 1, result: { type: 'data', id: String(Date.now()), data: JSON.parse(m.payload!) as unknown } });
    for (const c of wss.clients) c.send(frame);
    process.send?.({ type: 'sent' });
  }
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
