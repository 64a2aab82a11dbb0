import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../domain/index.js';
import type { InboxSearch } from '../../ports/store.js';
import {
  at,
  idsOf,
  insertAll,
  makeMessage,
  readerOf,
  setState,
  toOrg,
  toUser,
  type StoreFixture,
  type TestReader,
} from './fixtures.contract.js';

interface SearchCorpus {
  maintenanceNotice: StoredMessage;
  ledAlarm: StoredMessage;
  maintenanceWindow: StoredMessage;
  deviceDone: StoredMessage;
  othersNotice: StoredMessage;
  otherOrgNotice: StoredMessage;
  upgradeBroadcast: StoredMessage;
}

/** Messages in u1's inbox (and a few outside it) with Chinese, Latin and mixed text. */
async function seedCorpus(ctx: StoreFixture): Promise<SearchCorpus> {
  const corpus: SearchCorpus = {
    maintenanceNotice: makeMessage({
      ...toUser('u1'),
      title: '系统维护通知',
      content: '今晚 22:00 进行服务器维护',
      messageType: 'SYSTEM',
      category: 'maintenance',
      createTime: at(1),
    }),
    ledAlarm: makeMessage({
      ...toUser('u1'),
      title: 'LED屏幕告警',
      content: 'Screen brightness anomaly on LED-7',
      messageType: 'ALERT',
      category: 'device',
      createTime: at(2),
    }),
    maintenanceWindow: makeMessage({
      ...toUser('u1'),
      title: 'Maintenance window',
      content: 'Firmware upgrade for controllers',
      messageType: 'NOTIFICATION',
      category: 'maintenance',
      createTime: at(3),
    }),
    deviceDone: makeMessage({
      ...toUser('u1'),
      title: '设备维护完成',
      content: 'Device maintenance completed, 告警已清除',
      messageType: 'BUSINESS',
      category: 'device',
      createTime: at(4),
    }),
    othersNotice: makeMessage({
      ...toUser('u2'),
      title: '系统维护通知',
      content: 'for u2',
      createTime: at(5),
    }),
    otherOrgNotice: makeMessage({
      ...toUser('u1', 'org-b'),
      title: '系统维护通知',
      content: 'for org-b',
      createTime: at(6),
    }),
    upgradeBroadcast: makeMessage({
      ...toOrg('org-a'),
      title: '全员通知：系统升级',
      content: 'All hands',
      messageType: 'ANNOUNCEMENT',
      category: 'news',
      createTime: at(7),
    }),
  };
  await insertAll(ctx.store, ...(Object.values(corpus) as StoredMessage[]));
  return corpus;
}

/** Inbox search: CJK n-grams, Latin words and prefixes, AND semantics, scope and filters. */
export function searchContract(ctx: StoreFixture): void {
  const u1 = readerOf('org-a', 'u1');
  const search = (q: string, r: TestReader = u1, extra: Partial<InboxSearch> = {}) =>
    ctx.store.inbox.search({
      userId: r.userId,
      audiences: r.audiences,
      now: r.now,
      q,
      limit: 50,
      offset: 0,
      ...extra,
    });
  const found = async (q: string, r: TestReader = u1, extra: Partial<InboxSearch> = {}) =>
    idsOf((await search(q, r, extra)).items);

  describe('inbox: search', () => {
    it('finds a 2-character Chinese term inside a longer phrase, newest first', async () => {
      const c = await seedCorpus(ctx);
      const res = await search('维护');
      expect(idsOf(res.items)).toEqual(idsOf([c.deviceDone, c.maintenanceNotice]));
      expect(res.total).toBe(2);
    });

    it('finds a single CJK character', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('警')).toEqual(idsOf([c.deviceDone, c.ledAlarm]));
      expect(await found('升')).toEqual(idsOf([c.upgradeBroadcast]));
    });

    it('matches longer Chinese phrases through all their bigrams', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('系统维护')).toEqual(idsOf([c.maintenanceNotice]));
      expect(await found('维护通知')).toEqual(idsOf([c.maintenanceNotice]));
      expect(await found('系统')).toEqual(idsOf([c.upgradeBroadcast, c.maintenanceNotice]));
      expect(await found('维护系统')).toEqual([]);
    });

    it('matches Latin words case-insensitively', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('FIRMWARE')).toEqual(idsOf([c.maintenanceWindow]));
      expect(await found('Maintenance')).toEqual(idsOf([c.deviceDone, c.maintenanceWindow]));
    });

    it('matches the last Latin word as a prefix; earlier words must be whole', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('maint')).toEqual(idsOf([c.deviceDone, c.maintenanceWindow]));
      expect(await found('firm')).toEqual(idsOf([c.maintenanceWindow]));
      expect(await found('window maint')).toEqual(idsOf([c.maintenanceWindow]));
      expect(await found('maint window')).toEqual([]);
    });

    it('matches mixed CJK and Latin queries and text', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('LED')).toEqual(idsOf([c.ledAlarm]));
      expect(await found('LED 告警')).toEqual(idsOf([c.ledAlarm]));
      expect(await found('LED屏幕')).toEqual(idsOf([c.ledAlarm]));
      expect(await found('device 维护')).toEqual(idsOf([c.deviceDone]));
    });

    it('requires every term (AND)', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('维护 告警')).toEqual(idsOf([c.deviceDone]));
      expect(await found('维护 firmware')).toEqual([]);
      expect(await found('screen brightness')).toEqual(idsOf([c.ledAlarm]));
    });

    it('searches only the reader’s own audiences', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('维护', readerOf('org-a', 'u2'))).toEqual(idsOf([c.othersNotice]));
      expect(await found('维护', readerOf('org-b', 'u1'))).toEqual(idsOf([c.otherOrgNotice]));
      expect(await found('升级', readerOf('org-a', 'u2'))).toEqual(idsOf([c.upgradeBroadcast]));
      expect(await found('升级', readerOf('org-b', 'u1'))).toEqual([]);
    });

    it('filters by category, message type and an inclusive date range', async () => {
      const c = await seedCorpus(ctx);
      expect(await found('维护', u1, { category: 'maintenance' })).toEqual(
        idsOf([c.maintenanceNotice]),
      );
      expect(await found('维护', u1, { messageType: 'BUSINESS' })).toEqual(idsOf([c.deviceDone]));
      expect(await found('维护', u1, { startDate: at(2) })).toEqual(idsOf([c.deviceDone]));
      expect(await found('维护', u1, { endDate: at(3) })).toEqual(idsOf([c.maintenanceNotice]));
      expect(await found('维护', u1, { startDate: at(1), endDate: at(1) })).toEqual(
        idsOf([c.maintenanceNotice]),
      );
      expect(await found('维护', u1, { startDate: at(2), endDate: at(3) })).toEqual([]);
    });

    it('pages results with a total of all matches', async () => {
      const c = await seedCorpus(ctx);
      const first = await search('维护', u1, { limit: 1, offset: 0 });
      const second = await search('维护', u1, { limit: 1, offset: 1 });
      const third = await search('维护', u1, { limit: 1, offset: 2 });
      expect([first.total, second.total, third.total]).toEqual([2, 2, 2]);
      expect([...idsOf(first.items), ...idsOf(second.items), ...idsOf(third.items)]).toEqual(
        idsOf([c.deviceDone, c.maintenanceNotice]),
      );
    });

    it('returns the reader’s state and leaves out deleted, expired and unsent messages', async () => {
      const c = await seedCorpus(ctx);
      await insertAll(
        ctx.store,
        makeMessage({ ...toUser('u1'), title: '维护 expired', expireTime: at(10) }),
        makeMessage({
          ...toUser('u1'),
          title: '维护 scheduled',
          status: 'SCHEDULED',
          deliverAt: at(500),
        }),
      );
      await setState(ctx.store, u1, c.maintenanceNotice.messageId, {
        state: 'DELETED',
        deleteTime: at(8),
      });
      await setState(ctx.store, u1, c.deviceDone.messageId, { state: 'READ', readTime: at(9) });
      const res = await search('维护');
      expect(idsOf(res.items)).toEqual(idsOf([c.deviceDone]));
      expect(res.total).toBe(1);
      expect(res.items[0]).toMatchObject({ state: 'READ', readTime: at(9), title: '设备维护完成' });
    });

    it('matches nothing for a query without searchable characters', async () => {
      await seedCorpus(ctx);
      expect(await search('!!! ---')).toEqual({ items: [], total: 0 });
    });
  });
}
