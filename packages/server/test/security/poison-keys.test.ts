import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor, type Client } from '../support/server.js';
import { errorData, rawCall, startSecurityServer, whileHealthy, type RawResponse, type SecurityServer } from './support.js';

/**
 * Keys that superjson refuses (or that reach prototypes) are refused when they arrive, so one
 * stored message can never make every inbox response fail.
 */
describe('poisonous keys in free-form JSON', () => {
  let s: SecurityServer;
  let admin: Client;
  let reader: Client;
  let senderToken: string;
  let adminToken: string;
  beforeAll(async () => {
    s = await startSecurityServer();
    senderToken = await tokenFor('svc', 'acme', ['sender']);
    adminToken = await tokenFor('boss', 'acme', ['admin']);
    admin = httpClient(s.server.url, adminToken, { batch: false });
    reader = httpClient(s.server.url, await tokenFor('rita', 'acme', ['user']), { batch: false });
  });
  afterAll(async () => s?.stop());

  // Raw calls: the client library's own serializer already refuses these keys, an attacker's does not.
  const send = (customData: Record<string, unknown>) =>
    rawCall(s.server.url, senderToken, 'mutation', 'messages.send', { receiverId: 'rita', messageType: 'BUSINESS', title: 'poison', content: '', metadata: { customData } });
  const expectRefused = (r: RawResponse, path: string) => {
    expect(r.status).toBe(400);
    expect(errorData(r)).toMatchObject({ code: 'BAD_REQUEST', appCode: 'FORMAT_001', fieldPaths: [path] });
  };

  it('refuses constructor / prototype keys at any depth with FORMAT_001 and the path; inboxes keep working', async () => {
    await whileHealthy(s.server.url, async () => {
      expectRefused(await send({ constructor: { x: 1 } }), 'metadata.customData.constructor');
      expectRefused(await send({ a: [{ b: { prototype: 1 } }] }), 'metadata.customData.a.0.b.prototype');
      expect((await send({ fine: { nested: ['ok'] } })).status).toBe(200);
      const page = await reader.messages.list.query({});
      expect(page.items.map((m) => m.metadata.customData)).toEqual([{ fine: { nested: ['ok'] } }]);
      await reader.messages.search.query({ q: 'poison' });
      await admin.messages.orgList.query({ page: 1, size: 20 });
      await admin.stats.trending.query({ period: '24h', limit: 10 });
    });
  });

  it('never stores an own __proto__ key sent as raw JSON, nor lets it reach a prototype', async () => {
    const body = `{"json":{"receiverId":"rita","messageType":"BUSINESS","title":"proto","content":"","metadata":{"customData":{"__proto__":{"isAdmin":true}}}}}`;
    const r = await rawCall(s.server.url, senderToken, 'mutation', 'messages.send', null, body);
    // The transformer drops the key before validation; if anything let it through, it is refused.
    if (r.status !== 200) expectRefused(r, 'metadata.customData.__proto__');
    const stored = (await reader.messages.list.query({})).items.filter((m) => m.title === 'proto');
    for (const m of stored) expect(Object.keys(m.metadata.customData ?? {})).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses them in template values and variable defaults, and refuses hostile nesting depth', async () => {
    expectRefused(
      await rawCall(s.server.url, adminToken, 'mutation', 'templates.create', { templateId: 'poisoned', name: 'p', title: 't', content: 'c', variables: [{ name: 'v', type: 'OBJECT', default: { constructor: 1 } }] }),
      'variables.0.default.constructor',
    );
    await admin.templates.create.mutate({ templateId: 'hello', name: 'Hello', title: 'Hi', content: 'Hello {{ who }}', variables: [{ name: 'who', type: 'STRING' }] });
    expectRefused(
      await rawCall(s.server.url, adminToken, 'mutation', 'templates.send', { templateId: 'hello', receiverId: 'rita', values: { who: 'x', prototype: { a: 1 } } }),
      'values.prototype',
    );
    expectRefused(
      await rawCall(s.server.url, adminToken, 'query', 'templates.preview', { templateId: 'hello', values: { who: { constructor: 'x' } } }),
      'values.who.constructor',
    );
    for (const depth of [100, 5_000, 150_000]) {
      const deep = `${'{"d":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
      const body = `{"json":{"receiverId":"rita","messageType":"BUSINESS","title":"deep","content":"","metadata":{"customData":${deep}}}}`;
      const r = await rawCall(s.server.url, senderToken, 'mutation', 'messages.send', null, body);
      expect(r.status, `depth ${depth}`).toBe(400);
      expect(errorData(r).appCode).toBe('FORMAT_001');
    }
    expect((await reader.messages.list.query({})).items.every((m) => m.title !== 'deep')).toBe(true);
  });

  it('refuses reserved names as ids, which responses use as object keys (presence by user id)', async () => {
    const r = await rawCall(s.server.url, adminToken, 'query', 'presence.status', { userIds: ['__proto__', 'rita'] });
    expectRefused(r, 'userIds.0');
    const forged = await tokenFor('constructor', 'acme', ['user']);
    expect((await rawCall(s.server.url, forged, 'query', 'messages.unreadCount', undefined)).status).toBe(401);
  });
});
