import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  httpClient,
  TEST_SECRET,
  tokenFor,
  type Client,
  type TestServer,
} from '../support/server.js';
import { SettableClock, startRoutingServer } from './support.js';

/** A token with OIDC standard claims, as an identity provider would issue it. */
const oidcToken = (sub: string, claims: Record<string, unknown>) =>
  new SignJWT({ org: 'acme', roles: ['user'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TEST_SECRET));

describe('contacts learned from OIDC standard claims', () => {
  // 00:30 UTC = 08:30 in Asia/Shanghai.
  const clock = new SettableClock(new Date('2025-03-01T00:30:00Z').getTime());
  let server: TestServer;
  let admin: Client;
  let sender: Client;

  beforeAll(async () => {
    server = await startRoutingServer(clock);
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records email, phone_number, zoneinfo and locale from each token and routes with them', async () => {
    const erin = httpClient(
      server.url,
      await oidcToken('erin', {
        email: 'erin@acme.test',
        phone_number: '+86 139 0000 0000',
        zoneinfo: 'Asia/Shanghai',
        locale: 'zh-CN',
      }),
    );
    await erin.messages.unreadCount.query();
    await admin.rules.create.mutate({
      name: 'Morning digest',
      conditions: { messageTypes: ['BUSINESS'] },
      actions: { inApp: 'delay', until: '09:00', channels: ['EMAIL'] },
    });
    // `until` is read in the recipient's zone, known from the token: 09:00 in Shanghai = 01:00 UTC.
    await eventually(
      async () =>
        (
          await admin.rules.test.query({ userId: 'erin', message: { messageType: 'BUSINESS' } })
        ).deliverAt?.toISOString() === '2025-03-01T01:00:00.000Z',
      'zone learned from zoneinfo',
    );
    const sent = await sender.messages.send.mutate({
      receiverId: 'erin',
      messageType: 'BUSINESS',
      title: 'Digest',
      content: 'x',
    });
    expect(sent.status).toBe('SCHEDULED');
    const [delivery] = (await admin.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(delivery).toMatchObject({
      channel: 'EMAIL',
      address: 'erin@acme.test',
      status: 'PENDING',
      nextAttemptAt: new Date('2025-03-01T01:00:00Z'),
    });
  });

  it('ignores a malformed contact claim without refusing the token', async () => {
    const frank = httpClient(
      server.url,
      await oidcToken('frank', { email: 'not-an-email', zoneinfo: 'Mars/Base' }),
    );
    expect(await frank.messages.unreadCount.query()).toMatchObject({ total: 0 });
    const dry = await admin.rules.test.query({
      userId: 'frank',
      message: { messageType: 'BUSINESS' },
    });
    // No zone known: the server's (UTC) applies.
    expect(dry.deliverAt).toEqual(new Date('2025-03-01T09:00:00Z'));
  });

  it('holds an email until the user’s quiet hours end and drops it if the message expired meanwhile', async () => {
    const gina = httpClient(
      server.url,
      await oidcToken('gina', { email: 'gina@acme.test', zoneinfo: 'UTC' }),
    );
    await gina.preferences.update.mutate({ quietHours: { start: '22:00', end: '08:00' } });
    await admin.rules.create.mutate({
      name: 'Alerts',
      priority: 1,
      conditions: { messageTypes: ['ALERT'] },
      actions: { channels: ['EMAIL'] },
    });
    clock.set(new Date('2025-03-01T23:00:00Z'));
    const sent = await sender.messages.send.mutate({
      receiverId: 'gina',
      messageType: 'ALERT',
      title: 'Short-lived',
      content: 'x',
      expireTime: new Date('2025-03-01T23:30:00Z'),
    });
    expect(sent.status).toBe('SENT');
    const [held] = (await admin.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(held).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: new Date('2025-03-02T08:00:00Z'),
    });
    clock.set(new Date('2025-03-02T08:00:00Z'));
    await eventually(
      async () =>
        (await admin.deliveries.list.query({ messageId: sent.messageId })).items[0]?.status ===
        'FAILED',
      'expired delivery dropped',
    );
    const [dropped] = (await admin.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(dropped?.lastError).toBe(
      'the message expired at 2025-03-01T23:30:00.000Z before it could be delivered',
    );
  });
});
