import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, signToken } from '../../src/auth/jwt.js';
import { RealtimeService } from '../../src/realtime/realtime-service.js';
import { createContextFactory } from '../../src/server/context.js';
import { createTrpcHttpHandler } from '../../src/transport/trpc-http-handler.js';
import { appRouter } from '../../src/trpc/root.js';
import type { Context } from '../../src/trpc/trpc.js';
import { startInProcess, type InProcessCenter } from '../support/in-process.js';

const SECRET = `trpc-http-${randomUUID()}`;
const MAX_BODY = 4096;
const MAX_BATCH = 3;

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string | string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', reject);
    // An array is sent in chunks without a content-length (chunked), as a streaming client would.
    if (Array.isArray(body)) for (const part of body) req.write(part);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/**
 * The direct tRPC HTTP handler against `@trpc/server`'s own adapter, side by side on one set of
 * services: for every request a client can make — good calls, batches, each kind of error, and
 * the requests it leaves to the stock adapter — status, content type and body must be the same.
 */
describe('tRPC over HTTP: direct handler answers exactly as the stock adapter', () => {
  let center: InProcessCenter;
  let realtime: RealtimeService;
  const servers: Server[] = [];
  let fast = 0;
  let stock = 0;
  let user = '';
  let admin = '';
  let messageId = '';

  beforeAll(async () => {
    center = await startInProcess();
    realtime = new RealtimeService(center.deps, center.services.inbox, center.services.presence, center.services.renderer, { instanceId: randomUUID() });
    const contexts = createContextFactory(center.services, realtime, createTokenVerifier({ secret: SECRET }));
    const common = { router: appRouter, basePath: '/trpc/', maxBodySize: MAX_BODY, maxBatchSize: MAX_BATCH, createContext: ({ req }: { req: Parameters<typeof contexts.http>[0] }) => contexts.http(req) };
    const stockHandler = createHTTPHandler(common);
    const direct = createTrpcHttpHandler<Context>({ ...common, createContext: (req) => contexts.http(req), onError: () => undefined, fallback: stockHandler });
    const a = createServer(direct);
    const b = createServer(stockHandler);
    servers.push(a, b);
    fast = await listen(a);
    stock = await listen(b);
    user = await signToken(SECRET, { userId: 'ann', orgId: 'acme', roles: ['user'] });
    admin = await signToken(SECRET, { userId: 'boss', orgId: 'acme', roles: ['admin'] });
    const sender = await center.as('boss', 'acme', ['admin']);
    const ann = await center.as('ann');
    messageId = (await sender.messages.send({ receiverId: 'ann', messageType: 'NOTIFICATION', title: 'Hello', content: 'World' })).messageId;
    // Read once up front, so the same mutation through either handler meets the same state.
    await ann.messages.markRead({ messageId });
  });
  afterAll(async () => {
    for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
    await realtime?.close();
    await center?.close();
  });

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const json = { 'content-type': 'application/json' };
  const cases: [string, () => [string, string, Record<string, string>, (string | string[])?]][] = [
    ['a query', () => ['GET', '/trpc/messages.unreadCount', bearer(user)]],
    ['a query with input', () => ['GET', `/trpc/messages.list?input=${q({ json: { size: 5 } })}`, bearer(user)]],
    ['a batch of queries', () => ['GET', `/trpc/messages.unreadCount,messages.list?batch=1&input=${q({ 1: { json: { size: 2 } } })}`, bearer(user)]],
    ['a batch with one failing call (207)', () => ['GET', `/trpc/messages.list,messages.get?batch=1&input=${q({ 0: { json: { size: 1 } }, 1: { json: { messageId: 'msg_nope' } } })}`, bearer(user)]],
    ['no token', () => ['GET', '/trpc/messages.unreadCount', {}]],
    ['a bad token', () => ['GET', '/trpc/messages.unreadCount', bearer('not.a.token')]],
    ['a missing role', () => ['GET', `/trpc/messages.orgList?input=${q({ json: {} })}`, bearer(user)]],
    ['input that is not JSON', () => ['GET', '/trpc/messages.list?input=%7Bnope', bearer(user)]],
    ['input that fails validation', () => ['GET', `/trpc/messages.list?input=${q({ json: { size: -1 } })}`, bearer(user)]],
    ['a batch whose input is not an object', () => ['GET', `/trpc/messages.unreadCount?batch=1&input=${q([1])}`, bearer(user)]],
    ['a mutation', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, JSON.stringify({ json: { messageId } })]],
    ['a mutation on a missing message', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, JSON.stringify({ json: { messageId: 'msg_nope' } })]],
    ['a batch of mutations', () => ['POST', '/trpc/messages.markRead,messages.markUnread?batch=1', { ...bearer(user), ...json }, JSON.stringify({ 0: { json: { messageId } }, 1: { json: { messageId } } })]],
    ['a mutation with a body that is not JSON', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, '{"json":']],
    ['a mutation with an empty body', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, '']],
    ['a chunked body over the limit (413)', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, ['{"json":{"messageId":"', 'x'.repeat(MAX_BODY), '"}}']]],
    ['a declared body over the limit', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), ...json }, `{"json":{"messageId":"${'x'.repeat(MAX_BODY)}"}}`]],
    ['an unauthenticated mutation never reads its body', () => ['POST', '/trpc/messages.markRead', json, '{"json":']],
    ['content type with parameters', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), 'content-type': 'Application/JSON; charset=utf-8' }, JSON.stringify({ json: { messageId } })]],
    ['an admin mutation (audited)', () => ['POST', '/trpc/users.upsert', { ...bearer(admin), ...json }, JSON.stringify({ json: { userId: 'ann', email: 'ann@example.com' } })]],
    // Left to the stock adapter: the answers are its own.
    ['a mutation by GET (405)', () => ['GET', '/trpc/messages.markRead', bearer(user)]],
    ['a query by POST', () => ['POST', '/trpc/messages.unreadCount', { ...bearer(user), ...json }, '{}']],
    ['an unknown procedure', () => ['GET', '/trpc/messages.nope', bearer(user)]],
    ['a batch over the limit', () => ['GET', '/trpc/messages.unreadCount,messages.unreadCount,messages.unreadCount,messages.unreadCount?batch=1', bearer(user)]],
    ['another content type (415)', () => ['POST', '/trpc/messages.markRead', { ...bearer(user), 'content-type': 'text/plain' }, '{}']],
    ['a streaming batch', () => ['GET', '/trpc/messages.unreadCount?batch=1', { ...bearer(user), 'trpc-accept': 'application/jsonl' }]],
    ['an extra query parameter', () => ['GET', '/trpc/messages.unreadCount?other=1', bearer(user)]],
    ['a path with a trailing slash', () => ['GET', '/trpc/messages.unreadCount/', bearer(user)]],
    ['a percent-encoded path', () => ['GET', '/trpc/messages%2EunreadCount', bearer(user)]],
    ['a broken percent-encoding', () => ['GET', '/trpc/messages%E0%A4%A', bearer(user)]],
  ];

  for (const [name, make] of cases) {
    it(name, async () => {
      const [method, path, headers, body] = make();
      const viaStock = await send(stock, method, path, headers, body);
      const viaDirect = await send(fast, method, path, headers, body);
      expect(viaDirect).toEqual(viaStock);
    });
  }

  it('the calls above really ran (success and error bodies are not empty)', async () => {
    const ok = await send(fast, 'GET', `/trpc/messages.list?input=${q({ json: { size: 5 } })}`, bearer(user));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ result: { data: { json: { total: 1, items: [{ messageId }] } } } });
    const refused = await send(fast, 'GET', '/trpc/messages.unreadCount', {});
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { json: { data: { appCode: 'AUTH_001' } } } });
  });
});
