import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

type SendInput = Parameters<Caller['messages']['send']>[0];

describe('inbox (in-process)', () => {
  let mc: InProcessCenter;
  let sender: Caller;
  let alice: Caller;
  const send = async (input: Partial<SendInput> & { title: string }) =>
    (await sender.messages.send({ receiverId: 'alice', messageType: 'NOTIFICATION', content: '', ...input })).messageId;

  beforeEach(async () => {
    mc = await startInProcess();
    sender = await mc.as('billing', 'acme', ['sender']);
    alice = await mc.as('alice', 'acme', ['user'], 'Alice');
  });
  afterEach(() => mc.close());

  it('pages newest first by page number and by cursor, without overlap or gaps', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await send({ title: `n${i}` }));
      mc.clock.advance(1000);
    }
    const p1 = await alice.messages.list({ size: 3 });
    expect(p1).toMatchObject({ total: 7, page: 1, size: 3 });
    expect(p1.items.map((m) => m.title)).toEqual(['n6', 'n5', 'n4']);
    expect((await alice.messages.list({ size: 3, page: 3 })).items.map((m) => m.title)).toEqual(['n0']);
    expect((await alice.messages.list({ size: 3, page: 4 })).items).toEqual([]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await alice.messages.list({ size: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...p.items.map((m) => m.messageId));
      cursor = p.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by state, type, category, priority and archive flag', async () => {
    const alert = await send({ title: 'a', messageType: 'ALERT', priority: 'URGENT', category: 'OPS' });
    const task = await send({ title: 't', messageType: 'BUSINESS', category: 'TASK' });
    const plain = await send({ title: 'p' });
    await alice.messages.markRead({ messageId: task });
    await alice.messages.archive({ messageId: plain });
    const ids = async (input: Parameters<Caller['messages']['list']>[0]) => (await alice.messages.list(input)).items.map((m) => m.messageId).sort();
    expect(await ids({ state: 'UNREAD' })).toEqual([alert, plain].sort());
    expect(await ids({ state: 'READ' })).toEqual([task]);
    expect(await ids({ messageType: 'ALERT' })).toEqual([alert]);
    expect(await ids({ category: 'TASK' })).toEqual([task]);
    expect(await ids({ priority: 'URGENT' })).toEqual([alert]);
    expect(await ids({ archived: true })).toEqual([plain]);
    expect(await ids({ archived: false })).toEqual([alert, task].sort());
    await alice.messages.archive({ messageId: plain, archived: false });
    expect(await ids({ archived: true })).toEqual([]);
  });

  it('marks read and unread, acknowledges delivery, and keeps unread counts exact by type', async () => {
    const [n1, n2, a1] = [await send({ title: 'n1' }), await send({ title: 'n2' }), await send({ title: 'a1', messageType: 'ALERT' })];
    expect(await alice.messages.unreadCount()).toMatchObject({ total: 3, byType: { NOTIFICATION: 2, ALERT: 1, SYSTEM: 0 } });
    expect((await alice.messages.markRead({ messageId: n1 })).state).toBe('READ');
    expect((await alice.messages.ack({ messageId: n2, status: 'DELIVERED' })).state).toBe('DELIVERED');
    expect(await alice.messages.unreadCount()).toMatchObject({ total: 2, byType: { NOTIFICATION: 1, ALERT: 1 } });
    expect((await alice.messages.get({ messageId: n2 })).deliveredTime).toEqual(mc.clock.now());
    await alice.messages.markUnread({ messageId: n1 });
    expect((await alice.messages.get({ messageId: n1 })).state).toBe('UNREAD');
    expect((await alice.messages.ack({ messageId: a1, status: 'READ' })).state).toBe('READ');
    expect(await alice.messages.unreadCount()).toMatchObject({ total: 2, byType: { NOTIFICATION: 2, ALERT: 0 } });
  });

  it('batch-reads by ids (ignoring others’ and unknown ids) and all at once, optionally by type', async () => {
    const mine = [await send({ title: 'm1' }), await send({ title: 'm2' }), await send({ title: 'm3', messageType: 'ALERT' }), await send({ title: 'm4', messageType: 'ALERT' })];
    const bobs = (await sender.messages.send({ receiverId: 'bob', messageType: 'NOTIFICATION', title: 'b', content: '' })).messageId;
    expect(await alice.messages.batchRead({ messageIds: [mine[0]!, mine[0]!, bobs, 'msg_01JUNKJUNKJUNKJUNKJUNKJUNK'] })).toEqual({ updated: 1 });
    expect(await alice.messages.batchRead({ messageIds: [mine[0]!] })).toEqual({ updated: 0 });
    expect(await alice.messages.batchRead({ all: true, messageType: 'ALERT' })).toEqual({ updated: 2 });
    expect(await alice.messages.unreadCount()).toMatchObject({ total: 1, byType: { ALERT: 0, NOTIFICATION: 1 } });
    expect(await alice.messages.batchRead({ all: true })).toEqual({ updated: 1 });
    expect((await alice.messages.unreadCount()).total).toBe(0);
    expect((await (await mc.as('bob')).messages.get({ messageId: bobs })).state).toBe('UNREAD');
    await expectAppError(alice.messages.batchRead({ messageIds: [] }), 'BAD_REQUEST', 'FORMAT_001');
  });

  it('deletes one and many: gone from every read, others untouched, unknown ids ignored', async () => {
    const [d1, d2, d3, keep] = [await send({ title: 'd1' }), await send({ title: 'd2' }), await send({ title: 'd3' }), await send({ title: 'keep' })];
    expect(await alice.messages.delete({ messageId: d1 })).toEqual({ deleted: true });
    await expectAppError(alice.messages.get({ messageId: d1 }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(alice.messages.delete({ messageId: d1 }), 'NOT_FOUND', 'MSG_002');
    expect(await alice.messages.batchDelete({ messageIds: [d1, d2, d3, d2, 'msg_01JUNKJUNKJUNKJUNKJUNKJUNK'] })).toEqual({ deleted: 2 });
    const list = await alice.messages.list({});
    expect(list.items.map((m) => m.messageId)).toEqual([keep]);
    expect((await alice.messages.unreadCount()).total).toBe(1);
    expect((await alice.messages.search({ q: 'd2' })).items).toHaveLength(0);
    await expectAppError(alice.messages.batchDelete({ messageIds: 'm1' } as never), 'BAD_REQUEST', 'FORMAT_001', ['messageIds']);
  });

  it('searches Chinese, Latin and mixed text within the caller’s inbox only', async () => {
    const m = await send({ title: '系统维护通知', content: '系统将于今晚22:00进行维护升级，LED屏幕 firmware v2 将更新', category: 'MAINTENANCE', messageType: 'SYSTEM' });
    await send({ title: '账单提醒', content: 'Invoice ready', category: 'BILLING', messageType: 'SYSTEM' });
    await sender.messages.send({ receiverId: 'someone-else', messageType: 'SYSTEM', title: '系统维护通知', content: 'not yours' });
    const ids = async (q: string, extra: Record<string, unknown> = {}) => (await alice.messages.search({ q, ...extra })).items.map((i) => i.messageId);
    for (const q of ['维护', '系统维护', 'firmware', 'firm', 'LED屏幕', '维护 firmware']) expect(await ids(q), q).toEqual([m]);
    expect(await ids('维护', { category: 'BILLING' })).toEqual([]);
    expect(await ids('invoice')).toHaveLength(1);
    expect(await ids('不存在')).toEqual([]);
    await expectAppError(alice.messages.search({ q: '' }), 'BAD_REQUEST', 'FORMAT_001', ['q']);
  });

  it('keeps the same user id in another org apart from this inbox', async () => {
    const secret = await send({ title: 'acme-only 机密' });
    const mallory = await mc.as('alice', 'other-org');
    await expectAppError(mallory.messages.get({ messageId: secret }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(mallory.messages.markRead({ messageId: secret }), 'NOT_FOUND', 'MSG_002');
    await expectAppError(mallory.messages.archive({ messageId: secret }), 'NOT_FOUND', 'MSG_002');
    expect(await mallory.messages.batchRead({ messageIds: [secret] })).toEqual({ updated: 0 });
    expect(await mallory.messages.batchDelete({ messageIds: [secret] })).toEqual({ deleted: 0 });
    expect((await mallory.messages.search({ q: '机密' })).items).toHaveLength(0);
    expect((await mallory.messages.list({})).total).toBe(0);
    expect((await alice.messages.get({ messageId: secret })).state).toBe('UNREAD');
  });
});
