import { Redis } from 'ioredis';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../src/realtime/bus-events.js';
import { eventually, httpClient, tokenFor, type Client } from '../support/server.js';
import { duplicatesIn, startCluster, subscribeEvents, type Cluster, type EventLog } from './cluster.js';

const ORG = 'org-scale';
const USER_RATE_LIMIT = 20;

describe('two instances sharing one store and one Redis', () => {
  let cluster: Cluster;
  let logs: EventLog[] = [];
  const senderVia: Client[] = [];
  const adminVia: Client[] = [];

  const subscribe = async (instances: number[], userId: string): Promise<EventLog> => {
    const log = subscribeEvents(
      instances.map((i) => cluster.wsUrl(i)),
      await tokenFor(userId, ORG, ['user']),
    );
    logs.push(log);
    await log.ready;
    return log;
  };

  beforeAll(async () => {
    cluster = await startCluster(2, { MC_RATE_LIMIT_USER: String(USER_RATE_LIMIT) });
    const sender = await tokenFor('svc-sender', ORG, ['sender']);
    const admin = await tokenFor('org-admin', ORG, ['admin', 'sender']);
    for (const instance of cluster.instances) {
      senderVia.push(httpClient(instance.url, sender));
      adminVia.push(httpClient(instance.url, admin));
    }
  });

  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    logs = [];
    await cluster?.stop();
  });

  it('delivers a message sent through B to the user connected to A, and the other way round', async () => {
    const onA = await subscribe([0], 'alice');
    const onB = await subscribe([1], 'bob');
    const toAlice = await senderVia[1]!.messages.send.mutate({ receiverId: 'alice', messageType: 'BUSINESS', title: 'via B', content: 'for alice on A' });
    const toBob = await senderVia[0]!.messages.send.mutate({ receiverId: 'bob', messageType: 'BUSINESS', title: 'via A', content: 'for bob on B' });
    await eventually(() => onA.count(toAlice.messageId) === 1 && onB.count(toBob.messageId) === 1, 'cross-instance direct messages');
    expect(onA.messageIds).not.toContain(toBob.messageId);
    expect(onB.messageIds).not.toContain(toAlice.messageId);
  });

  it('delivers an org broadcast to users on both instances, exactly once per connection', async () => {
    const listeners = [await subscribe([0], 'carol'), await subscribe([1], 'dave'), await subscribe([0], 'erin'), await subscribe([1], 'erin')];
    const broadcast = await adminVia[0]!.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'maintenance', content: 'tonight' });
    // A second broadcast after the first: once every listener has it, a duplicate of the first would have arrived too.
    const marker = await adminVia[1]!.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: 'marker', content: 'end' });
    await eventually(() => listeners.every((l) => l.count(marker.messageId) === 1), 'marker broadcast on every connection');
    for (const log of listeners) {
      expect(log.count(broadcast.messageId)).toBe(1);
      expect(duplicatesIn(log.messageIds)).toEqual([]);
    }
  });

  it('lists users of both instances as online, asked through either instance', async () => {
    await subscribe([0], 'frank');
    await subscribe([1], 'grace');
    for (const admin of adminVia) {
      await eventually(async () => {
        const online = await admin.presence.online.query();
        return online.userIds.includes('frank') && online.userIds.includes('grace');
      }, 'frank (on A) and grace (on B) online');
      const status = await admin.presence.status.query({ userIds: ['frank', 'grace', 'nobody'] });
      expect(status).toEqual({ frank: true, grace: true, nobody: false });
    }
  });

  it('draws sends through A and B from one rate-limit bucket per sender', async () => {
    const token = await tokenFor('rate-sender', ORG, ['sender']);
    const via = cluster.instances.map((p) => httpClient(p.url, token));
    const started = Date.now();
    let accepted = 0;
    const refusedBy = new Set<number>();
    const retryAfter: number[] = [];
    for (let i = 0; refusedBy.size < 2 && i < 4 * USER_RATE_LIMIT; i++) {
      const instance = i % 2;
      try {
        await via[instance]!.messages.send.mutate({ receiverId: 'alice', messageType: 'BUSINESS', title: `r${i}`, content: 'x' });
        accepted++;
      } catch (error) {
        if (!(error instanceof TRPCClientError)) throw error;
        const data = error.data as { appCode?: string; retryAfterMs?: number };
        expect(data.appCode).toBe('RATE_001');
        refusedBy.add(instance);
        retryAfter.push(data.retryAfterMs ?? 0);
      }
    }
    expect([...refusedBy].sort()).toEqual([0, 1]);
    expect(retryAfter.every((ms) => ms > 0)).toBe(true);
    // One shared bucket: its capacity plus what refilled meanwhile. Separate buckets would accept twice the capacity.
    const refilled = ((Date.now() - started) / 60_000) * USER_RATE_LIMIT;
    expect(accepted).toBeGreaterThanOrEqual(USER_RATE_LIMIT);
    expect(accepted).toBeLessThanOrEqual(USER_RATE_LIMIT + Math.ceil(refilled) + 1);
  });

  it('fires a scheduled message once, not once per instance', async () => {
    const onA = await subscribe([0], 'heidi');
    const onB = await subscribe([1], 'heidi');
    const published = new Map<string, number>();
    const watcher = new Redis(cluster.redis.url);
    try {
      watcher.on('message', (_channel: string, payload: string) => {
        const envelope = decodeEnvelope(payload);
        if (envelope.kind === 'message') published.set(envelope.message.messageId, (published.get(envelope.message.messageId) ?? 0) + 1);
      });
      await watcher.subscribe(`mc:ch:org:${ORG}`);
      const deliverAt = new Date(Date.now() + 1500);
      const scheduled = await Promise.all(
        [0, 1, 0, 1, 0, 1].map((i, n) =>
          senderVia[i]!.messages.send.mutate({ receiverId: 'heidi', messageType: 'NOTIFICATION', title: `later ${n}`, content: 'scheduled', deliverAt }),
        ),
      );
      expect(scheduled.every((s) => s.status === 'SCHEDULED')).toBe(true);
      const ids = scheduled.map((s) => s.messageId);
      await eventually(() => ids.every((id) => onA.count(id) === 1 && onB.count(id) === 1), 'scheduled messages on both connections', 15_000);
      // Both schedulers keep running; a later second firing would publish the id again.
      const marker = await senderVia[0]!.messages.send.mutate({ receiverId: 'heidi', messageType: 'NOTIFICATION', title: 'marker', content: 'now', deliverAt: new Date(Date.now() + 1000) });
      await eventually(() => onA.count(marker.messageId) === 1, 'a later scheduled marker', 15_000);
      for (const id of ids) expect(published.get(id)).toBe(1);
      expect(duplicatesIn(onA.messageIds)).toEqual([]);
      expect(duplicatesIn(onB.messageIds)).toEqual([]);
    } finally {
      watcher.disconnect();
    }
  });
});
