import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Client } from '../support/server.js';
import type { Cluster } from '../scale-out/cluster.js';
import { deliveredBy, sendAlerts, startOutboxCluster } from './outbox-cluster.js';
import { HANG, startReceiver, type Receiver } from './servers.js';

/** Requests the receiver answered with 200, per delivery id. */
const answeredOk = (r: Receiver, statuses: number[]) => {
  const ok = new Map<string, number>();
  r.requests.forEach((req, i) => {
    if (statuses[i] !== 200) return;
    const id = String(req.headers['x-mc-delivery-id']);
    ok.set(id, (ok.get(id) ?? 0) + 1);
  });
  return ok;
};

describe('outbox on two instances sharing Redis and one store', () => {
  let cluster: Cluster;
  let receiver: Receiver;
  /** What the receiver answered, by request index. */
  const statuses: number[] = [];
  let admins: Client[];
  let senders: Client[];

  beforeAll(async () => {
    receiver = await startReceiver();
    ({ cluster, admins, senders } = await startOutboxCluster({
      MC_OUTBOX_LEASE_MS: '3000',
      MC_CHANNEL_TIMEOUT_MS: '2500',
    }));
    await admins[0]!.rules.create.mutate({
      name: 'hook',
      conditions: { messageTypes: ['ALERT'] },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: receiver.url, secret: 'whsec-0123456789abcdef' },
        retry: { maxAttempts: 3, backoffMs: 100 },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    await receiver?.stop();
  });

  it('sends each job exactly once while both instances poll the outbox', async () => {
    receiver.script([], 200);
    const sent = await sendAlerts(senders, 20);
    await eventually(() => receiver.requests.length >= 20, '20 webhook calls', 20_000);
    for (const s of sent) {
      await deliveredBy(admins[1]!, s.messageId, `delivery of ${s.messageId}`);
    }
    statuses.push(...receiver.requests.map(() => 200));
    expect(receiver.requests).toHaveLength(20);
    expect(new Set(receiver.requests.map((r) => r.headers['x-mc-delivery-id'])).size).toBe(20);
  }, 60_000);

  it('kill -9 of the instance holding the lease: the other takes the job over when the lease runs out', async () => {
    const before = receiver.requests.length;
    // The first call hangs, so the holder is mid-call when it dies.
    receiver.script([HANG], 200);
    const sent = await senders[0]!.messages.send.mutate({
      receiverId: 'victim',
      messageType: 'ALERT',
      title: 'during kill',
      content: 'x',
    });
    await eventually(() => receiver.requests.length === before + 1, 'the hanging call');
    statuses.push(HANG);
    const [held] = (await admins[0]!.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(held).toMatchObject({ status: 'PENDING', attempts: 1 });
    const holder = cluster.instances.findIndex((p) => p.output().includes(held!.leaseOwner!));
    expect(holder).toBeGreaterThanOrEqual(0);
    await cluster.instances[holder]!.stop('SIGKILL');
    const survivor = admins[1 - holder]!;

    await deliveredBy(survivor, sent.messageId, 'delivered by the survivor', 20_000);
    statuses.push(200);
    const [done] = (await survivor.deliveries.list.query({ messageId: sent.messageId })).items;
    expect(done).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(done!.leaseOwner).toBeNull();
    expect(receiver.requests).toHaveLength(before + 2);
    // Exactly one successful call per delivery, the resumed one included.
    expect([...answeredOk(receiver, statuses).values()].every((n) => n === 1)).toBe(true);
    expect(answeredOk(receiver, statuses).get(done!.deliveryId)).toBe(1);
  }, 60_000);
});
