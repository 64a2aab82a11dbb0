import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

const DAY = '2030-01-02';

describe('statistics (in-process)', () => {
  let mc: InProcessCenter;
  let svc: Caller;
  let admin: Caller;
  const send = async (receiverId: string, messageType: 'ALERT' | 'BUSINESS' = 'ALERT') =>
    (await svc.messages.send({ receiverId, messageType, title: `for ${receiverId}`, content: '' })).messageId;

  beforeEach(async () => {
    mc = await startInProcess();
    svc = await mc.as('svc', 'acme', ['sender']);
    admin = await mc.as('boss', 'acme', ['admin']);
  });
  afterEach(() => mc.close());

  it('counts sends, deliveries and reads once per user and message, whichever way they are read', async () => {
    const [r1, r2, r3] = await Promise.all(['r1', 'r2', 'r3'].map((u) => mc.as(u)));
    const m1 = await send('r1');
    const m2 = await send('r2', 'BUSINESS');
    const m3 = await send('r3');
    const m4 = await send('r3', 'BUSINESS');
    mc.clock.advance(30_000);
    await r1!.messages.markRead({ messageId: m1 });
    await r1!.messages.markRead({ messageId: m1 });
    await r1!.messages.markUnread({ messageId: m1 });
    await r1!.messages.batchRead({ messageIds: [m1] });
    await r2!.messages.ack({ messageId: m2, status: 'DELIVERED' });
    await r2!.messages.ack({ messageId: m2, status: 'DELIVERED' });
    await r3!.messages.batchRead({ messageIds: [m3, m4] });
    await r3!.messages.markUnread({ messageId: m3 });
    await r3!.messages.batchRead({ all: true });
    const o = await admin.stats.overview({ startDate: DAY, endDate: DAY });
    expect(o).toMatchObject({ total: 4, delivered: 4, read: 3, readRate: 0.75, avgReadTime: 30 });
    expect(o.dailyStats).toEqual([{ date: DAY, total: 4, delivered: 4, read: 3, readRate: 0.75 }]);
    expect(o.typeStats.find((t) => t.messageType === 'ALERT')).toMatchObject({ count: 2, delivered: 2, read: 2, readRate: 1 });
    expect(o.typeStats.find((t) => t.messageType === 'BUSINESS')).toMatchObject({ count: 2, delivered: 2, read: 1, readRate: 0.5 });
    const trending = await admin.stats.trending({ period: '24h', limit: 10 });
    expect(trending.map((t) => [t.messageId, t.readCount])).toEqual(expect.arrayContaining([[m1, 1], [m3, 1], [m4, 1]]));
    expect(trending.find((t) => t.messageId === m2)?.readCount ?? 0).toBe(0);
    expect(await r3!.stats.user()).toMatchObject({ userId: 'r3', total: 2, unread: 0, read: 2 });
  });

  it('a broadcast counts each recipient, and a batch read by many users counts each of them once', async () => {
    const users = await Promise.all(['u1', 'u2', 'u3'].map((u) => mc.as(u)));
    const b = await admin.messages.broadcast({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'all hands', content: '' });
    await Promise.all(users.map((u) => u.messages.batchRead({ all: true })));
    await Promise.all(users.map((u) => u.messages.batchRead({ messageIds: [b.messageId] })));
    const o = await admin.stats.overview({ startDate: DAY, endDate: DAY });
    expect(o).toMatchObject({ total: b.recipients, read: 3, delivered: 3 });
    expect((await admin.stats.trending({ period: '24h', limit: 1 }))[0]).toMatchObject({ messageId: b.messageId, readCount: 3 });
  });

  it('keeps organizations apart; platform operators may read any org or all', async () => {
    await send('r1');
    const other = await mc.as('boss', 'globex', ['admin']);
    expect(await other.stats.overview({ startDate: DAY, endDate: DAY })).toMatchObject({ total: 0 });
    await expectAppError(other.stats.overview({ startDate: DAY, endDate: DAY, orgId: 'acme' }), 'FORBIDDEN', 'AUTH_002');
    await expectAppError(other.stats.trending({ period: '7d', limit: 5, orgId: 'acme' }), 'FORBIDDEN', 'AUTH_002');
    expect(await other.stats.trending({ period: '7d', limit: 5 })).toEqual([]);
    const root = await mc.as('root', 'platform-org', ['platform']);
    expect(await root.stats.overview({ startDate: DAY, endDate: DAY, orgId: 'acme' })).toMatchObject({ total: 1 });
    expect(await root.stats.overview({ startDate: DAY, endDate: DAY, orgId: '*' })).toMatchObject({ total: 1 });
    await expectAppError((await mc.as('r1')).stats.overview({ startDate: DAY, endDate: DAY }), 'FORBIDDEN', 'AUTH_002');
  });

  it('refuses malformed, reversed and over-long ranges with FORMAT_001', async () => {
    await expectAppError(admin.stats.overview({ startDate: '2030/01/01', endDate: 'tomorrow' }), 'BAD_REQUEST', 'FORMAT_001', ['startDate', 'endDate']);
    await expectAppError(admin.stats.overview({ startDate: '2030-02-01', endDate: '2030-01-01' }), 'BAD_REQUEST', 'FORMAT_001', ['endDate']);
    await expectAppError(admin.stats.overview({ startDate: '2028-01-01', endDate: '2030-01-01' }), 'BAD_REQUEST', 'FORMAT_001', ['endDate']);
    await expectAppError(admin.stats.trending({ period: '1y', limit: 0 } as never), 'BAD_REQUEST', 'FORMAT_001', ['period', 'limit']);
  });
});
