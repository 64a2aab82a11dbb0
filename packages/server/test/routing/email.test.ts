import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  httpClient,
  tokenFor,
  type Client,
  type TestServer,
} from '../support/server.js';
import { startMailpit, type Mailpit } from './servers.js';
import { startRoutingServer } from './support.js';

describe('ALERT or URGENT → in-app now + EMAIL through real SMTP (Mailpit)', () => {
  let mailpit: Mailpit;
  let server: TestServer;
  let admin: Client;
  let sender: Client;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    mailpit = await startMailpit();
    server = await startRoutingServer(null, {
      MC_SMTP_URL: mailpit.smtpUrl,
      MC_EMAIL_FROM: 'Message Center <noreply@mc.test>',
    });
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    alice = httpClient(server.url, await tokenFor('alice', 'acme', ['user']));
    bob = httpClient(server.url, await tokenFor('bob', 'acme', ['user']));
    await admin.users.upsert.mutate({ userId: 'alice', email: 'alice@acme.test' });
    await admin.users.upsert.mutate({ userId: 'bob', email: 'bob@acme.test' });
    await admin.rules.create.mutate({
      name: 'Alerts by email',
      priority: 1,
      conditions: { messageTypes: ['ALERT'] },
      actions: { channels: ['EMAIL'] },
    });
    await admin.rules.create.mutate({
      name: 'Urgent by email',
      priority: 2,
      conditions: { priorities: ['URGENT'] },
      actions: { channels: ['EMAIL'] },
    });
    await bob.preferences.update.mutate({ channels: { EMAIL: { enabled: false } } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await mailpit?.stop();
  });

  it('puts the ALERT in the inbox at once and the email with its subject and escaped body in Mailpit', async () => {
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      title: 'Disk <full> on db-1',
      content: 'Usage 99% & rising\nCheck now',
      metadata: { actionUrl: 'https://ops.acme.test/db-1' },
    });
    expect(sent.status).toBe('SENT');
    expect((await alice.messages.list.query({})).items.map((m) => m.messageId)).toEqual([
      sent.messageId,
    ]);

    await eventually(async () => (await mailpit.messages()).length === 1, 'the email in Mailpit');
    const [summary] = await mailpit.messages();
    expect(summary).toMatchObject({
      Subject: 'Disk <full> on db-1',
      To: [{ Address: 'alice@acme.test' }],
    });
    const mail = await mailpit.message(summary!.ID);
    expect(mail.From.Address).toBe('noreply@mc.test');
    // SMTP carries CRLF line ends.
    expect(mail.Text.replace(/\r\n/g, '\n')).toContain('Usage 99% & rising\nCheck now');
    expect(mail.Text).toContain('https://ops.acme.test/db-1');
    expect(mail.HTML).toContain('<h2>Disk &lt;full&gt; on db-1</h2>');
    expect(mail.HTML).toContain('Usage 99% &amp; rising<br>Check now');
    expect(mail.HTML).not.toContain('<full>');

    await eventually(
      async () =>
        (await admin.deliveries.list.query({ messageId: sent.messageId })).items[0]?.status ===
        'DELIVERED',
      'delivery marked DELIVERED',
    );
    const [delivery] = (await admin.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(delivery).toMatchObject({
      channel: 'EMAIL',
      address: 'alice@acme.test',
      attempts: 1,
      lastError: null,
    });
    expect(delivery).not.toHaveProperty('secret');
  });

  it('sends no email to a user who opted out of EMAIL, even for URGENT; the message is still in the inbox', async () => {
    const dry = await admin.rules.test.query({
      userId: 'bob',
      message: { messageType: 'NOTIFICATION', priority: 'URGENT' },
    });
    expect(dry.channels).toEqual([]);
    expect(dry.suppressed).toEqual([
      expect.objectContaining({
        channel: 'EMAIL',
        reason: 'the recipient turned EMAIL off for all messages',
      }),
    ]);

    const toBob = await sender.messages.send.mutate({
      receiverId: 'bob',
      messageType: 'NOTIFICATION',
      priority: 'URGENT',
      title: 'For bob',
      content: 'x',
    });
    const toAlice = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'NOTIFICATION',
      priority: 'URGENT',
      title: 'For alice',
      content: 'y',
    });
    expect((await bob.messages.list.query({})).items.map((m) => m.title)).toEqual(['For bob']);
    // The outbox works in order: once alice's later email arrived, bob's would have too.
    await eventually(
      async () => (await mailpit.messages()).some((m) => m.Subject === 'For alice'),
      'alice’s urgent email',
    );
    expect((await mailpit.messages()).flatMap((m) => m.To.map((t) => t.Address))).not.toContain(
      'bob@acme.test',
    );
    expect((await admin.deliveries.list.query({ messageId: toBob.messageId })).items).toEqual([]);
    expect(
      (await admin.deliveries.list.query({ messageId: toAlice.messageId })).items,
    ).toHaveLength(1);
  });

  it('shows deliveries only to admins of the message’s org', async () => {
    const other = httpClient(server.url, await tokenFor('boss', 'globex', ['admin']));
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      title: 'Org check',
      content: 'z',
    });
    await eventually(
      async () =>
        (await admin.deliveries.list.query({ messageId: sent.messageId })).items.length === 1,
      'delivery listed',
    );
    expect((await other.deliveries.list.query({ messageId: sent.messageId })).items).toEqual([]);
    await expect(alice.deliveries.list.query({ messageId: sent.messageId })).rejects.toMatchObject({
      data: { appCode: 'AUTH_002' },
    });
  });

  it('routes a group ALERT to each member on their own: opted-out and address-less members get no email; an over-large group gets none', async () => {
    await admin.users.upsert.mutate({ userId: 'carol' });
    await admin.groups.create.mutate({ groupId: 'oncall', name: 'On call', type: 'USER_GROUP', members: ['alice', 'bob', 'carol'] });
    const sent = await sender.messages.sendToGroup.mutate({ groupId: 'oncall', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'Group page', content: 'all hands' });
    await eventually(
      async () => (await admin.deliveries.list.query({ messageId: sent.messageId })).items[0]?.status === 'DELIVERED',
      'the member email delivered',
    );
    const deliveries = (await admin.deliveries.list.query({ messageId: sent.messageId })).items;
    // bob opted out of EMAIL; carol has no address: only alice.
    expect(deliveries.map((d) => [d.userId, d.channel, d.address])).toEqual([['alice', 'EMAIL', 'alice@acme.test']]);
    const pages = (await mailpit.messages()).filter((m) => m.Subject === 'Group page');
    expect(pages.map((m) => m.To.map((t) => t.Address))).toEqual([['alice@acme.test']]);

    const crowd = Array.from({ length: 1_001 }, (_, i) => `crowd-${i}`);
    await admin.groups.create.mutate({ groupId: 'crowd', name: 'Crowd', type: 'USER_GROUP', members: ['alice', ...crowd.slice(1)] });
    const wide = await sender.messages.sendToGroup.mutate({ groupId: 'crowd', groupType: 'USER_GROUP', messageType: 'ALERT', title: 'Too wide', content: 'x' });
    expect(wide.status).toBe('SENT');
    // The send is answered after its deliveries are stored: none were.
    expect((await admin.deliveries.list.query({ messageId: wide.messageId })).items).toEqual([]);
  });
});
