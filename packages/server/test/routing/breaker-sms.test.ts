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

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('circuit breaker per endpoint, and the SMS gateway (real HTTP receivers)', () => {
  let server: TestServer;
  let admin: Client;
  let sender: Client;
  let hook: Receiver;
  let gateway: Receiver;
  const deliveryOf = async (messageId: string) =>
    (await admin.deliveries.list.query({ messageId })).items[0];
  const metric = async (outcome: string) => {
    const m = await server.app.metrics.registry.getSingleMetric('mc_channel_attempts_total')?.get();
    return (
      m?.values.find((v) => v.labels.outcome === outcome && v.labels.channel === 'WEBHOOK')
        ?.value ?? 0
    );
  };

  beforeAll(async () => {
    hook = await startReceiver();
    gateway = await startReceiver();
    server = await startRoutingServer(null, {
      MC_OUTBOX_INTERVAL_MS: '25',
      MC_CIRCUIT_VOLUME: '2',
      MC_CIRCUIT_RESET_MS: '800',
      MC_SMS_GATEWAY_URL: gateway.url,
      MC_SMS_GATEWAY_AUTH: 'Bearer sms-token',
      MC_SMS_BODY_TEMPLATE: '{"msisdn":"{{to}}","message":"{{text}}","sender":"MC"}',
      MC_SMS_MAX_LENGTH: '20',
      MC_METRICS_TOKEN: METRICS_TOKEN,
    });
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
  });
  afterAll(async () => {
    await server?.stop();
    await hook?.stop();
    await gateway?.stop();
  });

  it('opens after repeated failures (later deliveries make no request), then closes after a successful probe', async () => {
    hook.script([], 500);
    await admin.rules.create.mutate({
      name: 'hook',
      conditions: { categories: ['ops'] },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: hook.url, secret: 'whsec-0123456789abcdef' },
        retry: { maxAttempts: 1, backoffMs: 100 },
      },
    });
    const send = (title: string) =>
      sender.messages.send.mutate({
        receiverId: 'alice',
        messageType: 'ALERT',
        category: 'ops',
        title,
        content: 'x',
      });
    const m1 = await send('one');
    await eventually(
      async () => (await deliveryOf(m1.messageId))?.status === 'FAILED',
      'first failure',
    );
    const m2 = await send('two');
    await eventually(
      async () => (await deliveryOf(m2.messageId))?.status === 'FAILED',
      'second failure',
    );
    expect(hook.requests).toHaveLength(2);

    // Open: the next delivery is held back without a request and without using an attempt.
    const m3 = await send('three');
    await eventually(async () => (await metric('short_circuit')) > 0, 'a short-circuited attempt');
    expect(hook.requests).toHaveLength(2);
    expect(await deliveryOf(m3.messageId)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      lastError: `circuit open for WEBHOOK:${new URL(hook.url).origin}`,
    });

    // The receiver recovers; after the reset time one probe goes through and closes the breaker.
    hook.script([], 200);
    await eventually(
      async () => (await deliveryOf(m3.messageId))?.status === 'DELIVERED',
      'probe delivered',
      10_000,
    );
    expect(await deliveryOf(m3.messageId)).toMatchObject({ attempts: 1 });
    const m4 = await send('four');
    await eventually(
      async () => (await deliveryOf(m4.messageId))?.status === 'DELIVERED',
      'closed breaker delivers',
    );
    expect(
      hook.requests.map(
        (r) => (JSON.parse(r.body) as { message: { title: string } }).message.title,
      ),
    ).toEqual(['one', 'two', 'three', 'four']);

    // What operators see in /metrics: attempts per channel and outcome, and their latency.
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const sample = (name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(sample('mc_channel_attempts_total\\{channel="WEBHOOK",outcome="failed"\\}')).toBe(2);
    expect(sample('mc_channel_attempts_total\\{channel="WEBHOOK",outcome="delivered"\\}')).toBe(2);
    expect(
      sample('mc_channel_attempts_total\\{channel="WEBHOOK",outcome="short_circuit"\\}'),
    ).toBeGreaterThan(0);
    expect(
      sample('mc_channel_attempt_seconds_count\\{channel="WEBHOOK"\\}'),
    ).toBeGreaterThanOrEqual(4);
  });

  it('sends SMS through the gateway with the auth header, the body template (escaped) and the length limit', async () => {
    await admin.users.upsert.mutate({ userId: 'carol', phone: '+86 138 0000 0000' });
    await admin.rules.create.mutate({
      name: 'sms',
      priority: 1,
      conditions: { categories: ['sms'] },
      actions: { channels: ['SMS'] },
    });
    const sent = await sender.messages.send.mutate({
      receiverId: 'carol',
      messageType: 'ALERT',
      category: 'sms',
      title: '告警 "A"',
      content: 'line1\nline2 and much more text',
    });
    await eventually(
      async () => (await deliveryOf(sent.messageId))?.status === 'DELIVERED',
      'SMS delivered',
    );
    expect(gateway.requests).toHaveLength(1);
    const [req] = gateway.requests;
    expect(req!.headers.authorization).toBe('Bearer sms-token');
    expect(JSON.parse(req!.body)).toEqual({
      msisdn: '+86 138 0000 0000',
      message: '告警 "A": line1\nline2…',
      sender: 'MC',
    });
    expect([...(JSON.parse(req!.body) as { message: string }).message]).toHaveLength(20);
    // A user without a phone number gets no SMS job.
    const none = await sender.messages.send.mutate({
      receiverId: 'dave',
      messageType: 'ALERT',
      category: 'sms',
      title: 't',
      content: 'c',
    });
    expect((await admin.deliveries.list.query({ messageId: none.messageId })).items).toEqual([]);
  });
});
