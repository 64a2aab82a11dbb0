import { describe, expect, it } from 'vitest';
import { audienceOfUser } from '../../domain/index.js';
import { makeMessage, toUser } from '../contract/fixtures.contract.js';
import { useMemoryDb } from './test-db.contract.js';
import { sqliteMessages } from './messages.js';
import { addCandidateSearch, addInboxSearch } from './search.js';
import { Where } from './where.js';

/**
 * The scoped terms of the FTS5 index, read directly (without the outer audience / org filter
 * that also guards every search): a scope whose key is a prefix of another's must not reach the
 * other's terms, not even through a prefix query.
 */
describe('sqlite search index scopes', () => {
  const db = useMemoryDb();

  /** Message ids whose index rows match the search condition `add` builds. */
  function matched(add: (where: Where) => boolean): string[] {
    const where = new Where();
    expect(add(where)).toBe(true);
    return db.conn
      .all<{ message_id: string }>(`SELECT m.message_id FROM messages m ${where.sql} ORDER BY m.id`, where.params)
      .map((r) => r.message_id);
  }

  it('keeps users, and orgs, whose ids extend one another apart', async () => {
    const messages = sqliteMessages(db.conn);
    const u1 = makeMessage({ ...toUser('u1', 'ab'), title: 'device down' });
    const u10 = makeMessage({ ...toUser('u10', 'ab'), title: 'device down' });
    const otherOrg = makeMessage({ ...toUser('u1', 'abc'), title: 'device down' });
    for (const m of [u1, u10, otherOrg]) await messages.insert(m);

    for (const q of ['device', 'dev', 'device do']) {
      expect(matched((w) => addInboxSearch(w, q, [audienceOfUser('ab', 'u1')]))).toEqual([u1.messageId]);
      expect(matched((w) => addInboxSearch(w, q, [audienceOfUser('ab', 'u10')]))).toEqual([u10.messageId]);
      expect(matched((w) => addCandidateSearch(w, q, 'ab'))).toEqual([u1.messageId, u10.messageId]);
      expect(matched((w) => addCandidateSearch(w, q, 'abc'))).toEqual([otherOrg.messageId]);
      expect(matched((w) => addCandidateSearch(w, q, 'a'))).toEqual([]);
    }
  });

  it('treats quotes and FTS5 syntax in a query as text', async () => {
    await sqliteMessages(db.conn).insert(makeMessage({ ...toUser('u1'), title: 'alpha beta' }));
    const reader = [audienceOfUser('org-a', 'u1')];
    expect(matched((w) => addInboxSearch(w, '"ALPHA" beta*', reader))).toHaveLength(1);
    // `OR` is a word to match like any other, not an operator.
    expect(matched((w) => addInboxSearch(w, 'alpha" OR "beta', reader))).toEqual([]);
    expect(matched((w) => addInboxSearch(w, 'NEAR(alpha beta) *', reader))).toEqual([]);
    expect(matched((w) => addInboxSearch(w, 'alpha AND', reader))).toEqual([]);
  });
});
