import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, tokenFor } from '../support/server.js';
import { duplicatesIn, startCluster, subscribeEvents, type Cluster, type EventLog } from './cluster.js';

const ORG = 'org-outage';

async function readiness(url: string): Promise<{ status: number; body: { status?: string; checks?: Record<string, boolean> } }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status?: string; checks?: Record<string, boolean> } };
}

/**
 * Sends one direct message per user and one org broadcast per round, alternating instances,
 * until stopped. Only sends the server acknowledged count as accepted; a refused send (the
 * sender sees an error) is the sender's to retry and must not show up later either.
 */
function startSendStream(cluster: Cluster, token: string, users: readonly string[]) {
  const via = cluster.instances.map((p) => httpClient(p.url, token));
  const accepted = new Map<string, string[]>(users.map((u) => [u, []]));
  const refused: string[] = [];
  let isRunning = true;
  let round = 0;
  const done = (async () => {
    while (isRunning) {
      const client = via[round % via.length]!;
      const title = `round ${round}`;
      await Promise.all([
        ...users.map((receiverId) =>
          client.messages.send
            .mutate({ receiverId, messageType: 'BUSINESS', title, content: `to ${receiverId}` })
            .then((r) => accepted.get(receiverId)!.push(r.messageId))
            .catch((error: unknown) => refused.push(error instanceof TRPCClientError ? String(error.data?.appCode) : String(error))),
        ),
        client.messages.broadcast
          .mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title, content: 'to all' })
          .then((r) => users.forEach((u) => accepted.get(u)!.push(r.messageId)))
          .catch((error: unknown) => refused.push(error instanceof TRPCClientError ? String(error.data?.appCode) : String(error))),
      ]);
      round++;
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return {
    accepted,
    refused,
    rounds: () => round,
    async stop() {
      isRunning = false;
      await done;
    },
  };
}

describe('redis-server restarted under a stream of messages', () => {
  let cluster: Cluster;
  const logs: EventLog[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    await Promise.all(logs.map((l) => l.close()));
    await cluster?.stop();
  });

  it('reports degraded while Redis is down, keeps accepting sends, and delivers every message once after recovery', async () => {
    const users = ['ann', 'ben', 'cat'];
    // ann on A, ben on B, cat on both: each connection must end with the same complete inbox stream.
    const placement: [string, number][] = [['ann', 0], ['ben', 1], ['cat', 0], ['cat', 1]];
    const byUser = new Map<string, EventLog[]>();
    for (const [userId, instance] of placement) {
      const log = subscribeEvents([cluster.wsUrl(instance)], await tokenFor(userId, ORG, ['user']));
      logs.push(log);
      byUser.set(userId, [...(byUser.get(userId) ?? []), log]);
      await log.ready;
    }
    const stream = startSendStream(cluster, await tokenFor('org-admin', ORG, ['admin', 'sender']), users);
    await eventually(() => stream.rounds() >= 5, 'a few rounds before the outage');

    await cluster.redis.stop();
    const outageStarted = Date.now();
    for (const instance of cluster.instances) {
      await eventually(async () => (await readiness(instance.url)).status === 503, `/readyz 503 on ${instance.url}`);
      const { body } = await readiness(instance.url);
      expect(body.status).toBe('degraded');
      expect(body.checks).toMatchObject({ store: true, bus: false });
      expect((await fetch(`${instance.url}/healthz`)).status).toBe(200);
      // The store is not behind Redis: inbox reads keep working.
      const inbox = await httpClient(instance.url, await tokenFor('ann', ORG, ['user'])).messages.list.query({ size: 100 });
      expect(inbox.items.length).toBeGreaterThan(0);
    }
    const roundsAtOutage = stream.rounds();
    // Longer than the resume overlap (5 s), so a replay that starts too late would miss messages.
    await eventually(() => stream.rounds() >= roundsAtOutage + 5 && Date.now() - outageStarted > 6_000, 'the stream keeps going during the outage', 30_000);

    await cluster.redis.restart();
    for (const instance of cluster.instances) {
      await eventually(async () => (await readiness(instance.url)).status === 200, `/readyz 200 again on ${instance.url}`, 20_000);
    }
    const roundsAfter = stream.rounds();
    await eventually(() => stream.rounds() >= roundsAfter + 5, 'a few rounds after recovery');
    await stream.stop();

    for (const [userId, userLogs] of byUser) {
      const expected = stream.accepted.get(userId)!;
      expect(expected.length).toBeGreaterThan(10);
      for (const log of userLogs) {
        await eventually(() => expected.every((id) => log.count(id) >= 1), `${userId} has every accepted message`, 20_000).catch((e: unknown) => {
          const missing = expected.filter((id) => log.count(id) === 0);
          throw new Error(`${String(e)}; missing ${missing.join(', ')}; stream errors: ${log.errors.map(String).join('; ') || 'none'}`);
        });
        expect(duplicatesIn(log.messageIds), `${userId}: duplicates (connections made: ${log.connectedTo.length})`).toEqual([]);
        expect(new Set(log.messageIds)).toEqual(new Set(expected));
      }
    }
    // Sending needs the store, not Redis: rate limits fall back to per-instance buckets meanwhile.
    expect(stream.refused).toEqual([]);
  });
});
