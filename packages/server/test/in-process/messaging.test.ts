import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';
import { channelOfOrg, decodeEnvelope } from '../../src/realtime/bus-events.js';

const MINUTE = 60_000;
const note = (title: string, extra: Record<string, unknown> = {}) => ({ messageType: 'NOTIFICATION' as const, title, content: `${title} body`, ...extra });

describe('messaging (in-process)', () => {
  let mc: InProcessCenter;
  let sender: Caller;
  beforeEach(async () => {
    mc = await startInProcess();
    sender = await mc.as('billing', 'acme', ['sender']);
  });
  afterEach(() => mc.close());

  it('sends to one user: stored once, listed for them only, counted unread', async () => {
    const alice = await mc.as('alice');
    const bob = await mc.as('bob');
    const sent = await sender.messages.send({ receiverId: 'alice', ...note('Task assigned', { priority: 'HIGH', category: 'TASK', metadata: { actionUrl: '/t/1' } }) });
    expect(sent).toMatchObject({ status: 'SENT', online: false });
    expect(sent.messageId).toMatch(/^msg_/);
    const item = await alice.messages.get({ messageId: sent.messageId });
    expect(item).toMatchObject({ title: 'Task assigned', priority: 'HIGH', category: 'TASK', state: 'UNREAD', senderId: 'billing', metadata: { actionUrl: '/t/1' } });
    expect(item.createTime).toEqual(mc.clock.now());
    expect(await alice.messages.unreadCount()).toMatchObject({ total: 1, byType: { NOTIFICATION: 1, ALERT: 0 } });
    expect((await bob.messages.list({})).total).toBe(0);
    await expectAppError(bob.messages.get({ messageId: sent.messageId }), 'NOT_FOUND', 'MSG_002');
  });

  it('single sends stored by one commit are published together, in the order they were sent', async () => {
    const envelopes: string[] = [];
    const unsubscribe = await mc.bus.subscribe(channelOfOrg('acme'), (payload) => envelopes.push(payload));
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => sender.messages.send({ receiverId: `r${i % 3}`, ...note(`n${i}`) })));
    await unsubscribe();
    const published = envelopes.map((e) => decodeEnvelope(e)).flatMap((e) => (e.kind === 'messages' ? e.items.map((i) => i.message.messageId) : e.kind === 'message' ? [e.message.messageId] : []));
    expect(published).toEqual(sent.map((s) => s.messageId));
    expect(envelopes.length).toBeLessThan(20);
    // Every send is counted once in the day's statistics, whatever the batching.
    const admin = await mc.as('boss', 'acme', ['admin']);
    const day = mc.clock.now().toISOString().slice(0, 10);
    expect(await admin.stats.overview({ startDate: day, endDate: day })).toMatchObject({ total: 20 });
  });

  it('concurrent repeats of one idempotent send store and count it once', async () => {
    const sent = await Promise.all(Array.from({ length: 5 }, () => sender.messages.send({ receiverId: 'alice', ...note('once', { idempotencyKey: 'k-1' }) })));
    expect(new Set(sent.map((s) => s.messageId)).size).toBe(1);
    expect((await (await mc.as('alice')).messages.list({})).total).toBe(1);
    const day = mc.clock.now().toISOString().slice(0, 10);
    expect(await (await mc.as('boss', 'acme', ['admin'])).stats.overview({ startDate: day, endDate: day })).toMatchObject({ total: 1 });
  });

  it('sends to a group (members only), a missing group is MSG_002, another org is refused', async () => {
    const admin = await mc.as('boss', 'acme', ['admin']);
    await admin.groups.create({ groupId: 'ops', name: 'Ops', members: ['gina', 'gus'] });
    const res = await sender.messages.sendToGroup({ groupId: 'ops', groupType: 'USER_GROUP', ...note('Device offline') });
    expect(res).toMatchObject({ status: 'SENT', recipients: 2 });
    for (const member of ['gina', 'gus']) expect((await (await mc.as(member)).messages.list({})).items.map((m) => m.messageId)).toEqual([res.messageId]);
    expect((await (await mc.as('olga')).messages.list({})).total).toBe(0);
    await expectAppError(sender.messages.sendToGroup({ groupId: 'nope', groupType: 'USER_GROUP', ...note('x') }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(sender.messages.sendToGroup({ groupId: 'other-org', groupType: 'ORGANIZATION', ...note('x') }), 'FORBIDDEN', 'AUTH_002');
    expect((await (await mc.as('gina', 'other-org')).messages.list({})).total).toBe(0);
  });

  it('broadcasts to the org once per user; ALL_USERS needs the platform role and reaches every org', async () => {
    const admin = await mc.as('boss', 'acme', ['admin']);
    const users = await Promise.all(['u1', 'u2', 'u3'].map((u) => mc.as(u)));
    const outsider = await mc.as('u1', 'globex');
    const b = await admin.messages.broadcast({ scope: 'ORGANIZATION', ...note('Welcome', { messageType: 'ANNOUNCEMENT' }) });
    expect(b.recipients).toBe(5); // billing, boss, u1, u2, u3 have been seen in acme
    for (const u of users) expect((await u.messages.list({ size: 100 })).items.filter((m) => m.messageId === b.messageId)).toHaveLength(1);
    expect((await outsider.messages.list({})).total).toBe(0);
    await expectAppError(admin.messages.broadcast({ scope: 'ALL_USERS', ...note('all') }), 'FORBIDDEN', 'AUTH_002');
    await expectAppError(sender.messages.broadcast({ scope: 'ORGANIZATION', ...note('no') }), 'FORBIDDEN', 'AUTH_002');
    const root = await mc.as('root', 'platform-org', ['platform']);
    const all = await root.messages.broadcast({ scope: 'ALL_USERS', ...note('Platform notice', { messageType: 'SYSTEM' }) });
    expect((await outsider.messages.get({ messageId: all.messageId })).title).toBe('Platform notice');
    expect((await users[0]!.messages.get({ messageId: all.messageId })).title).toBe('Platform notice');
  });

  it('an idempotency key gives one message, also when the repeats race; keys are per sender', async () => {
    const ida = await mc.as('ida');
    const input = { receiverId: 'ida', ...note('Once'), idempotencyKey: 'order-42' };
    const [a, b, c] = await Promise.all([sender.messages.send(input), sender.messages.send(input), sender.messages.send(input)]);
    expect(new Set([a.messageId, b.messageId, c.messageId]).size).toBe(1);
    expect((await sender.messages.send(input)).messageId).toBe(a.messageId);
    const other = await mc.as('shipping', 'acme', ['sender']);
    expect((await other.messages.send(input)).messageId).not.toBe(a.messageId);
    expect((await ida.messages.list({})).total).toBe(2);
    // The key is remembered for 24 h, then a repeat is a new message.
    mc.clock.advance(24 * 60 * MINUTE + 1);
    expect((await sender.messages.send(input)).messageId).not.toBe(a.messageId);
  });

  it('schedules: invisible until due, fires once when the clock passes deliverAt', async () => {
    const sam = await mc.as('sam');
    const deliverAt = new Date(mc.clock.now().getTime() + 60 * MINUTE);
    const m = await sender.messages.send({ receiverId: 'sam', ...note('Later'), deliverAt });
    expect(m.status).toBe('SCHEDULED');
    expect((await sam.messages.list({})).total).toBe(0);
    expect((await sam.messages.unreadCount()).total).toBe(0);
    mc.clock.advance(59 * MINUTE);
    expect(await mc.fireDueMessages()).toBe(0);
    expect((await sam.messages.list({})).total).toBe(0);
    mc.clock.advance(MINUTE);
    expect(await mc.fireDueMessages()).toBe(1);
    expect(await mc.fireDueMessages()).toBe(0);
    const item = await sam.messages.get({ messageId: m.messageId });
    expect(item).toMatchObject({ status: 'SENT', state: 'UNREAD' });
    expect((await sam.messages.unreadCount()).total).toBe(1);
  });

  it('expires: gone from list, get, search and counts once the clock passes expireTime', async () => {
    const eve = await mc.as('eve');
    const m = await sender.messages.send({ receiverId: 'eve', ...note('Short-lived'), expireTime: new Date(mc.clock.now().getTime() + 10 * MINUTE) });
    expect((await eve.messages.search({ q: 'short' })).items).toHaveLength(1);
    mc.clock.advance(10 * MINUTE + 1);
    expect((await eve.messages.list({})).total).toBe(0);
    expect((await eve.messages.unreadCount()).total).toBe(0);
    expect((await eve.messages.search({ q: 'short' })).items).toHaveLength(0);
    await expectAppError(eve.messages.get({ messageId: m.messageId }), 'NOT_FOUND', 'MSG_002');
  });

  it('refuses bad input with FORMAT_001 and the failing fields', async () => {
    const now = mc.clock.now().getTime();
    await expectAppError(sender.messages.send({ receiverId: 'a', ...note('t'), expireTime: new Date(now - 1000) }), 'BAD_REQUEST', 'FORMAT_001', ['expireTime']);
    await expectAppError(sender.messages.send({ receiverId: 'a', ...note('t'), deliverAt: new Date(now + 2 * MINUTE), expireTime: new Date(now + MINUTE) }), 'BAD_REQUEST', 'FORMAT_001', ['expireTime']);
    await expectAppError(sender.messages.send({ receiverId: 'a', ...note('x'.repeat(201)) }), 'BAD_REQUEST', 'FORMAT_001', ['title']);
    await expectAppError(sender.messages.send({ receiverId: 'has space', ...note('t') }), 'BAD_REQUEST', 'FORMAT_001', ['receiverId']);
    await expectAppError(sender.messages.send({ receiverId: 'a', messageType: 'NOPE', title: 't', content: '' } as never), 'BAD_REQUEST', 'FORMAT_001', ['messageType']);
  });
});

describe('send rate limits (in-process)', () => {
  let mc: InProcessCenter;
  beforeEach(async () => {
    mc = await startInProcess({ limits: { sendsPerUserPerMinute: 3, sendsPerOrgPerMinute: 5 } });
  });
  afterEach(() => mc.close());

  it('refuses the sender over its rate with RATE_001 and a retry time; other senders and orgs are unaffected until the org limit', async () => {
    const a = await mc.as('svc-a', 'acme', ['sender']);
    const b = await mc.as('svc-b', 'acme', ['sender']);
    const other = await mc.as('svc-a', 'globex', ['sender']);
    for (let i = 0; i < 3; i++) await a.messages.send({ receiverId: 'r', ...note(`a${i}`) });
    const refused = await expectAppError(a.messages.send({ receiverId: 'r', ...note('a3') }), 'TOO_MANY_REQUESTS', 'RATE_001');
    const retryAfterMs = (refused.cause as { details?: { retryAfterMs?: number } }).details?.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(20_000); // 3/min refills one send every 20 s
    await b.messages.send({ receiverId: 'r', ...note('b0') });
    await b.messages.send({ receiverId: 'r', ...note('b1') });
    await expectAppError(b.messages.send({ receiverId: 'r', ...note('b2') }), 'TOO_MANY_REQUESTS', 'RATE_001');
    for (let i = 0; i < 3; i++) await other.messages.send({ receiverId: 'r', ...note(`o${i}`) });
    expect((await (await mc.as('r')).messages.list({})).total).toBe(5);
  });
});
