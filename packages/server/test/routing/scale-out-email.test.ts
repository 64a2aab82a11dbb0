/**
 * EMAIL deliveries from two instances sharing Redis and one store, checked in a real Mailpit:
 * every job is one email, and a job whose holder is killed with SIGKILL mid-SMTP is sent by the
 * other instance after the lease runs out, still as one email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Client } from '../support/server.js';
import type { Cluster } from '../scale-out/cluster.js';
import { deliveredBy, sendAlerts, startOutboxCluster } from './outbox-cluster.js';
import { startMailpit, type Mailpit } from './servers.js';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.js';

/** How many emails Mailpit holds per subject. */
async function subjectsIn(mailpit: Mailpit): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of await mailpit.messages()) counts.set(m.Subject, (counts.get(m.Subject) ?? 0) + 1);
  return counts;
}

describe('EMAIL outbox on two instances sharing Redis and one store (Mailpit)', () => {
  let mailpit: Mailpit;
  let relay: TcpRelay;
  let cluster: Cluster;
  let admins: Client[];
  let senders: Client[];

  beforeAll(async () => {
    mailpit = await startMailpit();
    // The instances reach Mailpit through a relay the test can freeze mid-transaction.
    relay = await startTcpRelay(Number(new URL(mailpit.smtpUrl).port));
    ({ cluster, admins, senders } = await startOutboxCluster({
      MC_SMTP_URL: `smtp://${relay.address}`,
      MC_EMAIL_FROM: 'Message Center <noreply@mc.test>',
      MC_OUTBOX_LEASE_MS: '6000',
      MC_CHANNEL_TIMEOUT_MS: '5000',
    }));
    for (const userId of [...Array.from({ length: 20 }, (_, i) => `u${i}`), 'victim'])
      await admins[0]!.users.upsert.mutate({ userId, email: `${userId}@acme.test` });
    await admins[0]!.rules.create.mutate({
      name: 'alerts by email',
      conditions: { messageTypes: ['ALERT'] },
      actions: { channels: ['EMAIL'], retry: { maxAttempts: 3, backoffMs: 100 } },
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await relay?.stop();
    await mailpit?.stop();
  });

  it('sends each email exactly once while both instances poll the outbox', async () => {
    const sent = await sendAlerts(senders, 20);
    for (const s of sent) {
      await deliveredBy(admins[1]!, s.messageId, `delivery of ${s.messageId}`, 20_000);
    }
    const subjects = await subjectsIn(mailpit);
    expect(subjects.size).toBe(20);
    expect([...subjects.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('kill -9 of the instance holding the lease mid-SMTP: the other sends it after the lease runs out, one email in Mailpit', async () => {
    relay.freeze();
    const sent = await senders[0]!.messages.send.mutate({
      receiverId: 'victim',
      messageType: 'ALERT',
      title: 'during kill',
      content: 'x',
    });
    // The holder has started its SMTP exchange and waits for a reply that is held back.
    await eventually(() => relay.holding() > 0, 'the holder mid-SMTP');
    const [held] = (await admins[0]!.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(held).toMatchObject({ status: 'PENDING', attempts: 1 });
    const leaseUntil = held!.leaseUntil!.getTime();
    const holder = cluster.instances.findIndex((p) => p.output().includes(held!.leaseOwner!));
    expect(holder).toBeGreaterThanOrEqual(0);
    await cluster.instances[holder]!.stop('SIGKILL');
    // The dead instance's half-sent exchange is dropped with its connection, then traffic flows.
    await eventually(
      () => relay.closedWhileHolding() > 0 && relay.holding() === 0,
      'the dead connection closed',
    );
    relay.release();
    const survivor = admins[1 - holder]!;

    await deliveredBy(survivor, sent.messageId, 'delivered by the survivor', 20_000);
    const [done] = (await survivor.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(done).toMatchObject({ status: 'DELIVERED', attempts: 2, leaseOwner: null });
    // Taken over only once the lease had run out, by the survivor, as attempt 2.
    expect(Date.now()).toBeGreaterThanOrEqual(leaseUntil);
    const sentBySurvivor = cluster.instances[1 - holder]!.output()
      .split('\n')
      .filter((l) => l.includes(done!.deliveryId) && l.includes('external delivery sent'));
    expect(sentBySurvivor).toHaveLength(1);
    expect(sentBySurvivor[0]).toMatch(/"attempt":2\b/);
    const subjects = await subjectsIn(mailpit);
    expect(subjects.get('during kill')).toBe(1);
    expect(subjects.size).toBe(21);
    expect([...subjects.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});
