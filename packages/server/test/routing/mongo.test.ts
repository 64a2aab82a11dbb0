import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoForTests, type MongoForTests } from '../support/ferretdb.js';
import {
  eventually,
  httpClient,
  tokenFor,
  type Client,
  type TestServer,
} from '../support/server.js';
import { startReceiver, type Receiver } from './servers.js';
import { startRoutingServer } from './support.js';

describe('routing and the outbox on the MongoDB store (FerretDB)', () => {
  let mongo: MongoForTests;
  let dbName: string;
  let server: TestServer;
  let receiver: Receiver;
  let admin: Client;
  let sender: Client;

  beforeAll(async () => {
    mongo = await startMongoForTests();
    const db = mongo.newDatabaseUrl();
    dbName = db.dbName;
    receiver = await startReceiver();
    server = await startRoutingServer(null, {
      MC_STORE: 'mongo',
      MONGODB_URL: db.url,
      MC_OUTBOX_INTERVAL_MS: '25',
    });
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
    await mongo?.dropDatabase(dbName);
    await mongo?.stop();
  });

  it('retries a webhook (500, 500, 200) to DELIVERED and lists it, and a dry run explains the match', async () => {
    receiver.script([500, 500], 200);
    const rule = await admin.rules.create.mutate({
      name: 'hook',
      conditions: { messageTypes: ['ALERT'] },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: receiver.url, secret: 'whsec-0123456789abcdef' },
        retry: { maxAttempts: 3, backoffMs: 50 },
      },
    });
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      title: 'on mongo',
      content: 'x',
    });
    await eventually(
      async () =>
        (await admin.deliveries.list.query({ messageId: sent.messageId })).items[0]?.status ===
        'DELIVERED',
      'delivered',
      15_000,
    );
    expect(
      (await admin.deliveries.list.query({ messageId: sent.messageId })).items[0],
    ).toMatchObject({ attempts: 3, channel: 'WEBHOOK', lastError: null });
    expect(receiver.requests).toHaveLength(3);
    const dry = await admin.rules.test.query({
      userId: 'alice',
      message: { messageType: 'ALERT' },
    });
    expect(dry.rules).toEqual([expect.objectContaining({ ruleId: rule.ruleId, matched: true })]);
    expect(dry.channels).toEqual([
      expect.objectContaining({ channel: 'WEBHOOK', webhookUrl: receiver.url }),
    ]);
  }, 60_000);
});
