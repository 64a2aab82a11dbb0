import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audienceKeysOf, inboxUserKey } from '../../src/domain/index.js';
import { createMongoStore } from '../../src/store/mongo/index.js';
import { visibleTo } from '../../src/store/mongo/filters.js';
import { makeMessage, toUser } from '../../src/store/contract/fixtures.contract.js';
import { startMongoForTests, type MongoForTests } from '../support/ferretdb.js';

type Explained = Record<string, unknown> & { queryPlanner?: { Plan?: string[]; winningPlan?: unknown }; filterPushdown?: boolean };

/**
 * Query plans of the inbox reads (`list`, `unreadCount`) and of `markRead`'s lookup, asked of
 * the server with `explain`. On MongoDB (`MONGODB_URL`) each must be an index scan on the index
 * built for it. FerretDB 1.x (SQLite backend, what runs here by default) cannot show that: its
 * `explain` returns its own SQLite plan (`queryPlanner.Plan`) and whether it pushed the filter
 * down; its plan reads `SCAN <table>` for every query here, whatever indexes exist; only an `_id`
 * filter is pushed down into its SQL (`filterPushdown: true`), audience and state filters are
 * not. So on FerretDB this test pins exactly that, and checks that the indexes the reads rely
 * on exist on the server.
 */
describe('mongo store: query plans of list / unreadCount / markRead', () => {
  let mongo: MongoForTests;
  let conn: mongoose.Connection;
  let store: ReturnType<typeof createMongoStore>;
  let messageId = '';
  const audiences = audienceKeysOf('acme', 'ann', ['ops']);
  const user = inboxUserKey('acme', 'ann');
  const isFerret = () => mongo.ferretdb !== null || mongo.description.includes('FerretDB');
  const explain = async (cmd: Record<string, unknown>) => (await conn.db!.command({ explain: cmd, verbosity: 'queryPlanner' })) as Explained;

  beforeAll(async () => {
    mongo = await startMongoForTests();
    const db = mongo.newDatabaseUrl();
    store = createMongoStore({ url: db.url });
    await store.start();
    const m = makeMessage(toUser('ann'));
    messageId = m.messageId;
    await store.messages.insert(m);
    await store.inbox.upsertState({ userId: user, orgId: 'acme', messageId, now: new Date() }, { state: 'READ' });
    conn = mongoose.createConnection(db.url);
    await conn.asPromise();
  }, 60_000);
  afterAll(async () => {
    await conn?.close();
    await store?.close();
    await mongo?.stop();
  });

  it('the indexes the inbox reads rely on exist on the server', async () => {
    const names = async (c: string) => (await conn.db!.collection(c).indexes()).map((i) => i.name);
    expect(await names('messages')).toContain('inbox_audience_status_seq');
    expect(await names('user_message_status')).toEqual(expect.arrayContaining(['uniq_user_message', 'user_state']));
  });

  it('list / unreadCount: audience IN (keys) by seq — an index scan on MongoDB; a table scan on FerretDB 1.x', async () => {
    const filter = visibleTo(audiences, new Date());
    const page = await explain({ find: 'messages', filter, sort: { seq: -1 }, limit: 20 });
    const count = await explain({ count: 'messages', query: filter });
    for (const plan of [page, count]) {
      if (isFerret()) {
        expect(plan.filterPushdown).toBe(false);
        expect(plan.queryPlanner?.Plan?.join('\n')).toMatch(/SCAN messages_/);
      } else {
        expect(JSON.stringify(plan.queryPlanner?.winningPlan)).toMatch(/IXSCAN[\s\S]*inbox_audience_status_seq/);
      }
    }
  });

  it("the reader's state rows (read / deleted marks) — user_state on MongoDB", async () => {
    const plan = await explain({ find: 'user_message_status', filter: { userId: user, $or: [{ state: { $in: ['READ', 'DELETED'] } }] } });
    if (isFerret()) expect(plan.filterPushdown).toBe(false);
    else expect(JSON.stringify(plan.queryPlanner?.winningPlan)).toMatch(/IXSCAN[\s\S]*user_/);
  });

  it("markRead's lookup of one message by id: an id lookup on MongoDB; pushed down to SQL on FerretDB", async () => {
    const plan = await explain({ find: 'messages', filter: { _id: messageId }, limit: 1 });
    if (isFerret()) {
      // FerretDB evaluates the `_id` filter in its SQL (pushed down), yet reports the table scan.
      expect(plan.filterPushdown).toBe(true);
      expect(plan.queryPlanner?.Plan?.join('\n')).toMatch(/SCAN messages_/);
    } else {
      expect(JSON.stringify(plan.queryPlanner?.winningPlan)).toMatch(/IDHACK|EXPRESS_IXSCAN|IXSCAN/);
    }
  });
});
