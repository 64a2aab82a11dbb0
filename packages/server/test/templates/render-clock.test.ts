import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';

/**
 * A templated group message is stored once and rendered for each reader. The reader's copy must
 * read exactly like the copy rendered at send: declared defaults apply, and `currentDate` is the
 * time the message became visible (its `deliverAt`), not the time it was created.
 */
describe('one render path for templated messages', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_TIME_ZONE: 'UTC' });
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    await admin.groups.create.mutate({ groupId: 'night-shift', name: 'Night shift', type: 'USER_GROUP', members: ['ann'] });
    await admin.templates.create.mutate({
      templateId: 'shift',
      name: 'Shift notice',
      title: '{greeting} {recipient.name}',
      content: '{greeting} {recipient.name}, starts {currentDate|date("yyyy-MM-dd HH:mm:ss")}',
      variables: [{ name: 'greeting', type: 'STRING', required: false, default: 'Hello' }],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('a scheduled group message reads the same per reader as at send: declared default kept, clock = deliverAt', async () => {
    // Whole seconds later than now, so a clock taken at creation would print a different time.
    const deliverAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_000);
    const sent = await admin.templates.send.mutate({ templateId: 'shift', groupId: 'night-shift', groupType: 'USER_GROUP', values: {}, deliverAt, timeZone: 'UTC' });
    const ann = httpClient(server.url, await tokenFor('ann', 'acme', ['user'], { name: 'Ann' }));
    const stamp = deliverAt.toISOString().slice(0, 19).replace('T', ' ');

    let item: Awaited<ReturnType<typeof ann.messages.get.query>> | undefined;
    await eventually(async () => {
      item = (await ann.messages.list.query({})).items.find((m) => m.messageId === sent.messageId);
      return item !== undefined;
    }, 'the scheduled message');
    if (!item) throw new Error('unreachable');
    expect(item.title).toBe('Hello Ann');
    expect(item.content).toBe(`Hello Ann, starts ${stamp}`);
    expect(item.metadata).not.toHaveProperty('personalization');
  });
});
