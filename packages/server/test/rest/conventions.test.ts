import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { rest, type RestResponse } from './support.js';

const SEND = { receiverId: 'bob', messageType: 'BUSINESS', title: 'Hello', content: 'Hi' };

describe('REST conventions', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let sender: string;
  const url = () => server.url;

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '5', MC_MAX_BODY_BYTES: '4096', MC_CORS_ORIGINS: 'https://console.example' });
    sender = await tokenFor('svc', 'acme', ['sender']);
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('Idempotency-Key: the same key twice sends once; a key that contradicts the body is refused', async () => {
    const first = await rest(url(), sender, 'POST', '/messages/send', SEND, { 'idempotency-key': 'order-42' });
    const again = await rest(url(), sender, 'POST', '/messages/send', SEND, { 'idempotency-key': 'order-42' });
    expect(again.body.data.messageId).toBe(first.body.data.messageId);
    const bob = await tokenFor('bob', 'acme', ['user']);
    expect((await rest(url(), bob, 'GET', '/messages')).body.data.total).toBe(1);
    const clash = await rest(url(), sender, 'POST', '/messages/send', { ...SEND, idempotencyKey: 'a' }, { 'idempotency-key': 'b' });
    expect(clash.status).toBe(400);
    expect(clash.body.data).toEqual({ appCode: 'FORMAT_001', fieldPaths: ['idempotencyKey'] });
  });

  it('invalid input: 400 FORMAT_001 with field paths and a readable message, never a 500', async () => {
    const bad = await rest(url(), sender, 'POST', '/messages/send', { receiverId: 'bob', messageType: 'NOPE', title: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.data.appCode).toBe('FORMAT_001');
    expect(bad.body.data.fieldPaths).toEqual(expect.arrayContaining(['messageType', 'title', 'content']));
    expect(bad.body.message).toMatch(/^messageType: /);
    expect(bad.body.data.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'title' })]));
    const malformed = await fetch(`${url()}/api/v1/messages/send`, { method: 'POST', headers: { authorization: `Bearer ${sender}`, 'content-type': 'application/json' }, body: '{"receiverId":' });
    expect(malformed.status).toBe(400);
    const arrayBody = await rest(url(), sender, 'POST', '/messages/send', [1, 2]);
    expect(arrayBody.status).toBe(400);
  });

  it('415 for a non-JSON body, 413 past MC_MAX_BODY_BYTES, 405 with Allow for a wrong method, 404 for no operation', async () => {
    const form = await fetch(`${url()}/api/v1/messages/send`, { method: 'POST', headers: { authorization: `Bearer ${sender}`, 'content-type': 'text/plain' }, body: 'hello' });
    expect(form.status).toBe(415);
    const big = await rest(url(), sender, 'POST', '/messages/send', { ...SEND, content: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    const wrong = await rest(url(), sender, 'DELETE', '/messages/send');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await rest(url(), sender, 'GET', '/nope')).status).toBe(404);
  });

  it('431 as JSON for an over-long URL, read to the end without a connection reset', async () => {
    // The whole request is written before the answer is read, as HTTP clients do: the server must
    // read the 80 KB it refuses, or the kernel resets the connection before the 431 arrives.
    const { port } = new URL(url());
    const answer = await new Promise<{ text: string; error: string | null }>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve({ text, error: e.code ?? e.message }));
      socket.on('end', () => resolve({ text, error: null }));
      socket.write(`GET /api/v1/presence/status?${'userIds=u&'.repeat(8_000)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${sender}\r\n\r\n`);
    });
    expect(answer.error).toBeNull();
    expect(answer.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 431, data: { appCode: 'FORMAT_001' } });
  });

  it('RATE_001: 429 with Retry-After and RateLimit-* headers', async () => {
    let limited: RestResponse | null = null;
    for (let i = 0; i < 10 && !limited; i++) {
      const r = await rest(url(), sender, 'POST', '/messages/send', { ...SEND, title: `n${i}` });
      if (r.status === 429) limited = r;
    }
    expect(limited).not.toBeNull();
    expect(limited!.body.data.appCode).toBe('RATE_001');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('ratelimit-limit')).toBe('5');
    expect(limited!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited!.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
  });

  it('CORS: allowed origins get headers and preflights; others get none', async () => {
    const pre = await fetch(`${url()}/api/v1/messages/send`, { method: 'OPTIONS', headers: { origin: 'https://console.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://console.example');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    const other = await fetch(`${url()}/api/v1/messages`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${sender}` } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await fetch(`${url()}/api/v1/messages`, { headers: { origin: 'https://console.example', authorization: `Bearer ${sender}` } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://console.example');
  });

  it('serves the OpenAPI 3.1 document with the seed examples, and the reference UI from the package', async () => {
    const doc = (await (await fetch(`${url()}/api/v1/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/messages/statistics'].get.responses['200'].content['application/json'].example.data).toMatchObject({ total: 1500, readRate: 0.83 });
    expect(doc.paths['/message-templates'].post.requestBody.content['application/json'].example.name).toBe('系统维护通知模板');
    expect(doc.paths['/messages/send'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    const page = await fetch(`${url()}/api/v1/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/api/v1/docs/standalone.js');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${url()}/api/v1/docs/standalone.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});
