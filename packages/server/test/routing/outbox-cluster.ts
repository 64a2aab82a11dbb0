/** Shared set-up of the outbox scale-out tests: two instances on Redis and one store. */
import { eventually, httpClient, tokenFor, type Client } from '../support/server.js';
import { startCluster, type Cluster } from '../scale-out/cluster.js';

export interface OutboxCluster {
  cluster: Cluster;
  /** An org admin's client per instance. */
  admins: Client[];
  /** A sender's client per instance. */
  senders: Client[];
}

/** Two instances polling the outbox every 50 ms, plus `env`, with an admin and a sender of org `acme`. */
export async function startOutboxCluster(env: Record<string, string>): Promise<OutboxCluster> {
  const cluster = await startCluster(2, { LOG_LEVEL: 'info', MC_RATE_LIMIT_USER: '100000', MC_OUTBOX_INTERVAL_MS: '50', ...env });
  const [adminToken, senderToken] = [await tokenFor('boss', 'acme', ['admin']), await tokenFor('svc', 'acme', ['sender'])];
  return {
    cluster,
    admins: cluster.instances.map((p) => httpClient(p.url, adminToken)),
    senders: cluster.instances.map((p) => httpClient(p.url, senderToken)),
  };
}

/** Sends `count` ALERTs to users u0… through the instances in turn. */
export function sendAlerts(senders: Client[], count: number): Promise<{ messageId: string }[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      senders[i % senders.length]!.messages.send.mutate({ receiverId: `u${i}`, messageType: 'ALERT', title: `m${i}`, content: 'x' }),
    ),
  );
}

/** Waits until the message's (first) external delivery is DELIVERED, as `admin` sees it. */
export function deliveredBy(admin: Client, messageId: string, what: string, timeoutMs?: number): Promise<void> {
  return eventually(
    async () => (await admin.deliveries.list.query({ messageId })).items[0]?.status === 'DELIVERED',
    what,
    timeoutMs,
  );
}
