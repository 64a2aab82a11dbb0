import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { rest } from './support.js';

interface Received {
  id: string;
  type: string;
  data: { message: { messageId: string; createTime: string; title: string } };
}

/** An `eventsource` client with a bearer token (and optionally a first Last-Event-ID), recording every event. */
function openStream(url: string, token: string, lastEventId?: string) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const es = new EventSource(`${url}/api/v1/events`, {
    fetch: (input, init) => {
      const headers = { ...init?.headers, authorization: `Bearer ${token}` } as Record<string, string>;
      // The first request resumes from `lastEventId`; later reconnects carry the client's own.
      if (lastEventId && !headers['Last-Event-ID'] && !headers['last-event-id']) headers['Last-Event-ID'] = lastEventId;
      return fetch(input, { ...init, headers });
    },
  });
  for (const type of ['MESSAGE', 'MESSAGE_UPDATED', 'UNREAD_COUNT', 'ERROR']) {
    es.addEventListener(type, (e) => {
      received.push({ id: e.lastEventId, type, data: JSON.parse(e.data) as Received['data'] });
      for (const w of waiters) w();
    });
  }
  const messages = () => received.filter((r) => r.type === 'MESSAGE');
  /** Resolves when `check` holds (re-checked on every event), or fails after `ms`. */
  const until = (check: () => boolean, what: string, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(w);
        reject(new Error(`timed out waiting for ${what}; got ${received.length} events`));
      }, ms);
      const w = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(w);
        resolve();
      };
      waiters.add(w);
    });
  return { es, received, messages, until };
}

describe('SSE: GET /api/v1/events', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: string;
  let reader: string;
  const open: EventSource[] = [];
  /** Sends with an Idempotency-Key, so a retry after a connection the restarted server dropped cannot send twice. */
  const send = async (title: string) => {
    const body = { receiverId: 'rita', messageType: 'BUSINESS', title, content: '' };
    const headers = { 'idempotency-key': `k-${title}` };
    return rest(server.url, sender, 'POST', '/messages/send', body, headers).catch(() => rest(server.url, sender, 'POST', '/messages/send', body, headers));
  };

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, PORT: String(await freePort()), MC_RATE_LIMIT_USER: '10000' });
    sender = await tokenFor('svc', 'acme', ['sender']);
    reader = await tokenFor('rita', 'acme', ['user']);
  });
  afterEach(() => {
    for (const es of open.splice(0)) es.close();
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('refuses a missing token with 401 AUTH_001', async () => {
    const res = await fetch(`${server.url}/api/v1/events`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).data.appCode).toBe('AUTH_001');
  });

  it('streams live messages with the event id as SSE id; resuming with Last-Event-ID gives the 50 missed, once, in order', async () => {
    const first = openStream(server.url, reader);
    open.push(first.es);
    await first.until(() => first.received.some((r) => r.type === 'UNREAD_COUNT'), 'the first unread count');
    const live = await send('live one');
    await first.until(() => first.messages().length === 1, 'the live message');
    const [event] = first.messages();
    expect(event!.data.message).toMatchObject({ messageId: live.body.data.messageId, title: 'live one' });
    expect(event!.id).toBeTruthy();
    first.es.close();

    const missed: string[] = [];
    for (let i = 0; i < 50; i++) missed.push((await send(`missed ${i}`)).body.data.messageId);
    const resumed = openStream(server.url, reader, event!.id);
    open.push(resumed.es);
    await resumed.until(() => resumed.messages().length >= 50, '50 replayed messages');
    // One more live message after the replay: anything duplicated would arrive before it.
    const after = await send('after resume');
    await resumed.until(() => resumed.messages().some((m) => m.data.message.messageId === after.body.data.messageId), 'the message after resume');
    expect(resumed.messages().map((m) => m.data.message.messageId)).toEqual([...missed, after.body.data.messageId]);
    expect(resumed.messages()[0]!.data.message.createTime).toMatch(/Z$/);
  });

  it('a server restart mid-stream leaves no gap: the client reconnects with Last-Event-ID on its own', async () => {
    const stream = openStream(server.url, reader);
    open.push(stream.es);
    await stream.until(() => stream.received.some((r) => r.type === 'UNREAD_COUNT'), 'the first unread count');
    const before: string[] = [];
    for (let i = 0; i < 5; i++) before.push((await send(`before ${i}`)).body.data.messageId);
    await stream.until(() => stream.messages().length === 5, 'messages before the restart');

    const port = server.app.port;
    await server.stop();
    server = await startTestServer({ ...backend.env, PORT: String(port), MC_RATE_LIMIT_USER: '10000' });
    // Sent while the client is still reconnecting: only the resume path can deliver these.
    const afterRestart: string[] = [];
    for (let i = 0; i < 20; i++) afterRestart.push((await send(`after ${i}`)).body.data.messageId);
    await stream.until(() => stream.messages().length >= 25, 'all messages across the restart');
    const last = await send('last');
    await stream.until(() => stream.messages().some((m) => m.data.message.messageId === last.body.data.messageId), 'the last message');
    expect(stream.messages().map((m) => m.data.message.messageId)).toEqual([...before, ...afterRestart, last.body.data.messageId]);
  });

  it('a client that stops reading gets everything once, in order, when it reads again (backpressure, no loss)', async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${server.url}/api/v1/events`, { headers: { authorization: `Bearer ${reader}` } }, resolve).once('error', reject).end();
    });
    expect(res.headers['content-type']).toContain('text/event-stream');
    let text = '';
    res.setEncoding('utf8');
    const ids = () => [...text.matchAll(/^event: MESSAGE\ndata: (.*)\n\n/gm)].map((m) => (JSON.parse(m[1]!) as Received['data']).message.messageId);
    // Read until the stream is live (its first unread count), then stop reading.
    while (!text.includes('event: UNREAD_COUNT')) text += String((await once(res, 'data'))[0]);
    res.pause();
    const big = 'x'.repeat(19_000);
    const sent: string[] = [];
    for (let i = 0; i < 150; i++) {
      const r = await rest(server.url, sender, 'POST', '/messages/send', { receiverId: 'rita', messageType: 'BUSINESS', title: `bulk ${i}`, content: big });
      sent.push(r.body.data.messageId);
    }
    res.on('data', (chunk: string) => (text += chunk));
    res.resume();
    const deadline = Date.now() + 30_000;
    while (ids().length < sent.length && Date.now() < deadline) await once(res, 'data');
    res.destroy();
    // Ids are written as `id:` lines before each event.
    expect(text).toMatch(/^id: [0-9A-Z]{26}$/m);
    expect(ids()).toEqual(sent);
  });
});
