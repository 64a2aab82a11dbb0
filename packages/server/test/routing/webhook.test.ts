import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  httpClient,
  tokenFor,
  type Client,
  type TestServer,
} from '../support/server.js';
import { startReceiver, type Receiver } from './servers.js';
import { startRoutingServer } from './support.js';

type Verify = (
  secret: string,
  headers: Record<string, unknown>,
  rawBody: string,
  nowSeconds?: number,
) => boolean;

/** The verification snippet exactly as the README documents it, loaded as a module. */
async function readmeSnippet(): Promise<{ verify: Verify; cleanup: () => void }> {
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const block =
    /<!-- webhook-verify:start -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-verify:end -->/.exec(
      readme,
    )?.[1];
  if (!block) throw new Error('README has no webhook verification snippet');
  const dir = mkdtempSync(join(tmpdir(), 'mc-snippet-'));
  const file = join(dir, 'verify.mjs');
  writeFileSync(file, block);
  const mod = (await import(pathToFileURL(file).href)) as { verifyMessageCenterWebhook: Verify };
  return {
    verify: mod.verifyMessageCenterWebhook,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const SECRET = 'whsec-0123456789abcdef';

describe('WEBHOOK deliveries: retries with backoff, FAILED, signatures (real HTTP receivers)', () => {
  let server: TestServer;
  let admin: Client;
  let sender: Client;
  const receivers: Receiver[] = [];
  let snippet: Awaited<ReturnType<typeof readmeSnippet>>;

  const hookRule = async (receiver: Receiver, category: string) =>
    admin.rules.create.mutate({
      name: `hook ${category}`,
      conditions: { categories: [category] },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: receiver.url, secret: SECRET },
        retry: { maxAttempts: 3, backoffMs: 300 },
      },
    });
  const deliveryOf = async (messageId: string) =>
    (await admin.deliveries.list.query({ messageId })).items[0];

  beforeAll(async () => {
    snippet = await readmeSnippet();
    server = await startRoutingServer(null, { MC_OUTBOX_INTERVAL_MS: '25' });
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all(receivers.map((r) => r.stop()));
    snippet?.cleanup();
  });

  it('answers 500, 500, 200 → DELIVERED on the 3rd attempt, each wait longer than the one before', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.script([500, 500], 200);
    await hookRule(receiver, 'flaky');
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      category: 'flaky',
      title: 'Pump 3 stopped',
      content: 'x',
    });
    await eventually(
      async () => (await deliveryOf(sent.messageId))?.status === 'DELIVERED',
      'webhook delivered',
      15_000,
    );
    expect(receiver.requests.map((r) => r.headers['x-mc-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(receiver.requests.map((r) => r.headers['x-mc-delivery-id'])).size).toBe(1);
    const [a, b, c] = receiver.requests.map((r) => r.at);
    const first = b! - a!;
    const second = c! - b!;
    // 300 ms · 2^(n−1), minus up to a quarter: 225–300 ms, then 450–600 ms (plus polling).
    expect(first).toBeGreaterThanOrEqual(225);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeGreaterThanOrEqual(450);
    expect(await deliveryOf(sent.messageId)).toMatchObject({
      channel: 'WEBHOOK',
      status: 'DELIVERED',
      attempts: 3,
      lastError: null,
    });
    const body = JSON.parse(receiver.requests[2]!.body) as {
      type: string;
      message: { messageId: string; title: string };
    };
    expect(body).toMatchObject({
      type: 'message',
      message: { messageId: sent.messageId, title: 'Pump 3 stopped' },
    });
  });

  it('always 500 → FAILED after 3 attempts with the error shown, and retryable', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.script([], 500);
    await hookRule(receiver, 'broken');
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      category: 'broken',
      title: 'x',
      content: 'y',
    });
    await eventually(
      async () => (await deliveryOf(sent.messageId))?.status === 'FAILED',
      'webhook FAILED',
      15_000,
    );
    const failed = await deliveryOf(sent.messageId);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(failed?.lastError).toBe(`POST ${new URL(receiver.url).origin} answered HTTP 500`);
    expect(receiver.requests).toHaveLength(3);

    receiver.script([], 200);
    const other = httpClient(server.url, await tokenFor('boss', 'globex', ['admin']));
    await expect(
      other.deliveries.retry.mutate({ deliveryId: failed!.deliveryId }),
    ).rejects.toMatchObject({ data: { appCode: 'MSG_002' } });
    expect(await admin.deliveries.retry.mutate({ deliveryId: failed!.deliveryId })).toMatchObject({
      status: 'PENDING',
      attempts: 0,
    });
    await eventually(
      async () => (await deliveryOf(sent.messageId))?.status === 'DELIVERED',
      'retried webhook delivered',
    );
    expect(receiver.requests).toHaveLength(4);
  });

  it('signs each request so the README snippet verifies it, and a tampered body or stale timestamp fails', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await hookRule(receiver, 'signed');
    const sent = await sender.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      category: 'signed',
      title: '签名 check',
      content: 'body',
    });
    await eventually(
      async () => (await deliveryOf(sent.messageId))?.status === 'DELIVERED',
      'signed webhook',
    );
    const [req] = receiver.requests;
    expect(req!.headers['x-mc-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(snippet.verify(SECRET, req!.headers, req!.body)).toBe(true);
    expect(snippet.verify(SECRET, req!.headers, req!.body.replace('body', 'b0dy'))).toBe(false);
    expect(snippet.verify('another-secret-0000', req!.headers, req!.body)).toBe(false);
    const ts = Number(req!.headers['x-mc-timestamp']);
    expect(snippet.verify(SECRET, req!.headers, req!.body, ts + 301)).toBe(false);
  });

  it('a rule read back with its masked secret and saved again keeps signing with the stored secret; another URL needs a secret', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const created = await hookRule(receiver, 'roundtrip');
    const read = await admin.rules.get.query({ ruleId: created.ruleId });
    expect(read.actions.webhook?.secret).toBe('********');
    const { ruleId, name, priority, enabled, conditions, actions } = read;
    await admin.rules.update.mutate({ ruleId, name: `${name} (renamed)`, priority, enabled, conditions, actions });
    const sent = await sender.messages.send.mutate({ receiverId: 'alice', messageType: 'ALERT', category: 'roundtrip', title: 'kept', content: 'x' });
    await eventually(async () => (await deliveryOf(sent.messageId))?.status === 'DELIVERED', 'webhook after the round trip');
    const [req] = receiver.requests;
    expect(snippet.verify(SECRET, req!.headers, req!.body)).toBe(true);

    const moved = await admin.rules.update
      .mutate({ ruleId, name, priority, enabled, conditions, actions: { ...actions, webhook: { url: 'https://elsewhere.example/hook', secret: '********' } } })
      .catch((e: { data?: unknown }) => e.data);
    expect(moved).toMatchObject({ appCode: 'FORMAT_001', fieldPaths: ['actions.webhook.secret'] });
    const fresh = await admin.rules.create
      .mutate({ name: 'masked', actions: { channels: ['WEBHOOK'], webhook: { url: receiver.url, secret: '********' } } })
      .catch((e: { data?: unknown }) => e.data);
    expect(fresh).toMatchObject({ appCode: 'FORMAT_001', fieldPaths: ['actions.webhook.secret'] });
  });
});
