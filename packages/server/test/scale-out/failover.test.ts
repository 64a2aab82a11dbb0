import { TRPCClientError } from '@trpc/client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageCenterClient, type MessageCenterClient } from '../../../client/src/index.js';
import { eventually, httpClient, tokenFor, type Client } from '../support/server.js';
import { duplicatesIn, startCluster, type Cluster } from './cluster.js';

const ORG = 'org-failover';

/** A user's app on the real client SDK: records the URLs it opened and every message it was handed. */
function connectApp(urls: string[], userId: string) {
  const opened: string[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.once('open', () => opened.push(url));
    }
  }
  const messageIds: string[] = [];
  const client: MessageCenterClient = createMessageCenterClient({
    url: urls[0]!,
    urls: urls.slice(1),
    WebSocket: RecordingWebSocket,
    getToken: () => tokenFor(userId, ORG, ['user']),
    backoff: { baseMs: 100, maxMs: 1000 },
  });
  client.onMessage((m) => messageIds.push(m.messageId));
  // The stream is attached once its first event (the unread count) arrived.
  const ready = new Promise<void>((resolve) => client.onUnreadCount(() => resolve()));
  return { userId, client, opened, messageIds, ready };
}

describe('kill -9 of one instance under load', () => {
  let cluster: Cluster;
  const apps: ReturnType<typeof connectApp>[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2, { MC_RATE_LIMIT_USER: '100000' });
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.client.close()));
    await cluster?.stop();
  });

  it('moves its clients to the other instance, which resumes their streams without gaps or repeats', async () => {
    const [urlA, urlB] = [cluster.wsUrl(0), cluster.wsUrl(1)];
    const onA = ['u1', 'u2', 'u3'].map((u) => connectApp([urlA, urlB], u));
    const onB = ['u4', 'u5'].map((u) => connectApp([urlB, urlA], u));
    apps.push(...onA, ...onB);
    await eventually(() => apps.every((a) => a.opened.length === 1 && a.client.connectionState.current.state === 'connected'), 'every app connected');
    await Promise.all(apps.map((a) => a.ready));

    const token = await tokenFor('svc', ORG, ['admin', 'sender']);
    const via: Client[] = cluster.instances.map((p) => httpClient(p.url, token, { batch: false }));
    const accepted = new Map<string, string[]>(apps.map((a) => [a.userId, []]));
    let isAlive = true;
    let isSending = true;
    let round = 0;
    /**
     * A send whose reply was lost (the instance died, or a keep-alive socket closed under it) is
     * retried through B with the same idempotency key, as a sender would: it must be stored once.
     */
    const withRetry = async <T>(first: number, send: (client: Client) => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await send(via[attempt === 0 ? first : 1]!);
        } catch (error) {
          if (attempt >= 5 || (error instanceof TRPCClientError && error.data)) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const load = (async () => {
      while (isSending) {
        const n = round++;
        const target = isAlive && n % 2 === 0 ? 0 : 1;
        const sends = apps.map(async ({ userId }) => {
          const title = `r${n}-${userId}`;
          const r = await withRetry(target, (c) => c.messages.send.mutate({ receiverId: userId, messageType: 'BUSINESS', title, content: 'x', idempotencyKey: title }));
          accepted.get(userId)!.push(r.messageId);
        });
        const broadcast = withRetry(target, (c) =>
          c.messages.broadcast.mutate({ scope: 'ORGANIZATION', messageType: 'ANNOUNCEMENT', title: `b${n}`, content: 'all', idempotencyKey: `b${n}` }),
        ).then((r) => apps.forEach((a) => accepted.get(a.userId)!.push(r.messageId)));
        await Promise.all([...sends, broadcast]);
      }
    })();

    await eventually(() => round >= 5, 'load before the kill');
    isAlive = false;
    cluster.instances[0]!.child.kill('SIGKILL');
    await cluster.instances[0]!.stop();
    const roundsAtKill = round;
    await eventually(() => onA.every((a) => a.opened.at(-1)?.startsWith(urlB) && a.client.connectionState.current.state === 'connected'), 'apps of A reconnected to B', 20_000);
    await eventually(() => round >= roundsAtKill + 5, 'load after the failover');
    isSending = false;
    await load;

    for (const app of apps) {
      const expected = accepted.get(app.userId)!;
      expect(duplicatesIn(expected)).toEqual([]);
      await eventually(() => expected.every((id) => app.messageIds.includes(id)), `${app.userId} has every accepted message`, 20_000);
      expect(duplicatesIn(app.messageIds)).toEqual([]);
      expect(new Set(app.messageIds)).toEqual(new Set(expected));
    }
    for (const app of onB) expect(app.opened.map((u) => u.startsWith(urlB))).toEqual([true]);
  });
});
