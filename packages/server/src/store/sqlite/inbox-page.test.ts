import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceKeysOf } from '../../domain/index.js';
import { at, makeMessage, toAllUsers, toGroup, toOrg, toUser } from '../contract/fixtures.contract.js';
import { useMemoryDb } from './test-db.contract.js';
import { IS_UNREAD, inboxPage, visibleWhere } from './inbox-sql.js';
import { sqliteInbox } from './inbox.js';
import { sqliteMessages } from './messages.js';

/**
 * The page query merges one index range per audience; it must return exactly what one sorted scan
 * over all the reader's audiences returns, for any mix of messages, states, filters and windows.
 */
describe('inbox pages merged per audience', () => {
  const db = useMemoryDb();

  it('equals the single sorted scan for random inboxes, filters, offsets and cursors', async () => {
    const messages = sqliteMessages(db.conn);
    const inbox = sqliteInbox(db.conn);
    const targets = [toUser('u1'), toUser('u2'), toOrg(), toGroup('ops'), toGroup('night'), toAllUsers('org-b')];
    const types = ['NOTIFICATION', 'ALERT', 'BUSINESS'] as const;
    const stored = fc.sample(
      fc.record({ target: fc.nat(targets.length - 1), minute: fc.nat(59), type: fc.nat(2), expires: fc.boolean(), state: fc.constantFrom('NONE', 'READ', 'DELETED') }),
      { numRuns: 400, seed: 7 },
    );
    const reader = { userId: 'u1', audiences: audienceKeysOf('org-a', 'u1', ['ops', 'night']), now: at(60) };
    for (const s of stored) {
      const m = makeMessage({ ...targets[s.target], createTime: at(s.minute), messageType: types[s.type], expireTime: s.expires ? at(30 + s.minute) : null });
      await messages.insert(m);
      if (s.state !== 'NONE') await inbox.upsertState({ userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(59) }, { state: s.state });
    }
    fc.assert(
      fc.property(
        fc.record({ limit: fc.integer({ min: 1, max: 50 }), offset: fc.nat(120), unread: fc.boolean(), type: fc.option(fc.nat(2), { nil: undefined }), cursor: fc.option(fc.nat(399), { nil: undefined }), asc: fc.boolean() }),
        (q) => {
          const where = visibleWhere(reader);
          if (q.unread) where.and(IS_UNREAD);
          if (q.type !== undefined) where.and('m.message_type = ?', types[q.type]!);
          if (q.cursor !== undefined) where.and('m.seq < ?', db.conn.get<{ seq: string }>('SELECT seq FROM messages ORDER BY rowid LIMIT 1 OFFSET ?', [q.cursor])?.seq ?? '');
          const order = q.asc ? 'ASC' : 'DESC';
          const merged = inboxPage(db.conn, 'u1', where, order, q.limit, q.offset);
          const single = inboxPage(db.conn, 'u1', where, order, q.limit, q.offset, 'single-scan');
          expect(merged.map((i) => i.messageId)).toEqual(single.map((i) => i.messageId));
          expect(merged).toEqual(single);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('builds each page item exactly as a single get does, key for key', async () => {
    const messages = sqliteMessages(db.conn);
    const inbox = sqliteInbox(db.conn);
    const reader = { userId: 'u1', audiences: audienceKeysOf('org-a', 'u1', ['ops']), now: at(60) };
    const targets = [toUser('u1'), toOrg(), toGroup('ops')];
    for (let i = 0; i < 30; i++) {
      const m = makeMessage({ ...targets[i % 3], createTime: at(i), expireTime: i % 4 ? null : at(90), metadata: { actionUrl: `https://example.com/${i}`, customData: { n: i, tags: ['a'] } }, title: `标题 ${i}` });
      await messages.insert(m);
      if (i % 5 === 1) await inbox.upsertState({ userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(59) }, { state: 'READ', readTime: at(59), archived: i % 2 === 0 });
    }
    const page = await inbox.list({ ...reader, state: 'ALL', limit: 30, offset: 0 });
    expect(page.items).toHaveLength(30);
    for (const item of page.items) {
      const single = await inbox.get({ ...reader, messageId: item.messageId });
      expect(item).toStrictEqual(single);
      expect(Object.keys(item)).toEqual(Object.keys(single!));
    }
  });
});
