import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResumeCheckpoint } from '../../../client/src/index.js';
import {
  eventually,
  httpClient,
  tokenFor,
  wsClient,
  type Client,
  type TestServer,
} from '../support/server.js';
import { appPool, type AppUnderTest } from '../realtime/support.js';
import { ControlledClock, dayOf, startClockedServer } from './support.js';

const ORG = 'acme';
const ONLINE = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const OFFLINE = ['u7', 'u8', 'u9', 'boss'];
const READ_DELAY_S = 90;

describe('delivery accounting and statistics (real sockets, client SDK, sqlite)', () => {
  const clock = new ControlledClock();
  const dir = mkdtempSync(join(tmpdir(), 'mc-stats-'));
  let server: TestServer;
  let admin: Client;
  const { open, stopAll } = appPool();
  const overview = () =>
    admin.stats.overview.query({
      startDate: dayOf(clock.now()),
      endDate: dayOf(clock.now()),
      groupBy: 'day',
    });

  beforeAll(async () => {
    server = await startClockedServer(dir, clock);
    admin = httpClient(server.url, await tokenFor('boss', ORG, ['admin']));
    // The org's directory: the admin (seen through the token) and nine users the admin adds.
    for (const userId of [...ONLINE, 'u7', 'u8', 'u9'])
      await admin.users.upsert.mutate({ userId, name: `User ${userId}` });
  });
  afterAll(async () => {
    await stopAll();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts each recipient once: 6 online at once, 10 after the rest replay, whatever the devices and reconnects', async () => {
    // The four offline users were here before: each leaves a checkpoint to resume from.
    const checkpoints = new Map<string, ResumeCheckpoint>();
    for (const userId of OFFLINE) {
      const app = await open(server.wsUrl, userId, {
        orgId: ORG,
        roles: userId === 'boss' ? ['admin'] : ['user'],
      });
      const checkpoint = app.client.events.checkpoint();
      expect(checkpoint).not.toBeNull();
      checkpoints.set(userId, checkpoint!);
      await app.stop();
    }
    const online: AppUnderTest[] = [];
    for (const userId of ONLINE) online.push(await open(server.wsUrl, userId, { orgId: ORG }));
    // u1 also has a second device.
    const secondDevice = await open(server.wsUrl, 'u1', { orgId: ORG });

    const sent = await admin.messages.broadcast.mutate({
      scope: 'ORGANIZATION',
      messageType: 'ANNOUNCEMENT',
      title: 'Maintenance tonight',
      content: '22:00–23:00',
    });
    expect(sent.recipients).toBe(10);
    await eventually(
      () => [...online, secondDevice].every((a) => a.messages.length === 1),
      'live MESSAGE on every online device',
    );
    await eventually(
      async () => (await overview()).delivered === 6,
      'delivered 6 once the batch is written',
    );
    const states = await server.app.services.deps.store.inbox.statesOfMessage(
      ORG,
      sent.messageId,
      100,
    );
    expect(
      states
        .filter((s) => s.deliveredTime !== null)
        .map((s) => s.userId)
        .sort(),
    ).toEqual(ONLINE.map((u) => `${ORG}:${u}`));
    expect(states.every((s) => s.state === 'DELIVERED')).toBe(true);

    // Three reads, 90 s after the message became visible (the clock stands still in between).
    clock.advance(READ_DELAY_S);
    for (const app of online.slice(0, 3))
      await app.client.messages.markRead.mutate({ messageId: sent.messageId });
    const afterReads = await overview();
    expect(afterReads).toMatchObject({
      total: 10,
      delivered: 6,
      read: 3,
      readRate: 0.5,
      avgReadTime: READ_DELAY_S,
      deliveryRate: 0.6,
    });

    // Reconnects of online devices (the server replays nothing new, the SDK acks) change nothing.
    for (const app of [online[0]!, secondDevice]) for (const s of app.sockets) s.terminate();
    await eventually(
      () => online[0]!.sockets.length >= 2 && secondDevice.sockets.length >= 2,
      'devices reconnected',
    );
    await eventually(
      () => online[0]!.events.filter((e) => e.type === 'UNREAD_COUNT').length >= 2,
      'stream live again',
    );

    // The other four connect and replay what they missed.
    const late: AppUnderTest[] = [];
    for (const userId of OFFLINE)
      late.push(
        await open(server.wsUrl, userId, {
          orgId: ORG,
          roles: userId === 'boss' ? ['admin'] : ['user'],
          resumeFrom: checkpoints.get(userId),
        }),
      );
    await eventually(
      () => late.every((a) => a.messages.some((m) => m.messageId === sent.messageId)),
      'replayed to the four',
    );
    await eventually(async () => (await overview()).delivered === 10, 'delivered 10');

    // Extra devices and resumes of everyone: never more than 10.
    for (const userId of OFFLINE)
      await open(server.wsUrl, userId, {
        orgId: ORG,
        roles: userId === 'boss' ? ['admin'] : ['user'],
        resumeFrom: checkpoints.get(userId),
      });
    // Every device that got the message UNREAD acknowledges it (batched, after about a second).
    const acks = async () =>
      (await server.app.metrics.procedureCalls.get()).values
        .filter((v) => v.labels.path === 'messages.ack' && v.labels.result === 'ok')
        .reduce((n, v) => n + v.value, 0);
    await eventually(
      async () => (await acks()) >= ONLINE.length + 1 + OFFLINE.length,
      'the SDKs acknowledged',
    );
    await server.app.services.deliveries.flush();

    // Seed §6.1.3, field by field.
    const day = dayOf(clock.now());
    expect(await overview()).toEqual({
      startDate: day,
      endDate: day,
      groupBy: 'day',
      total: 10,
      delivered: 10,
      read: 3,
      readRate: 0.3,
      deliveryRate: 1,
      avgReadTime: READ_DELAY_S,
      dailyStats: [
        { date: day, total: 10, delivered: 10, read: 3, readRate: 0.3, deliveryRate: 1 },
      ],
      typeStats: [
        { messageType: 'ANNOUNCEMENT', count: 10, delivered: 10, read: 3, readRate: 0.3 },
      ],
    });
  });

  it('counts a message written to a connection that never acknowledges it (server-side accounting)', async () => {
    const before = await overview();
    const { client, close } = wsClient(server.wsUrl, await tokenFor('u2', ORG, ['user']));
    const received: string[] = [];
    let isLive = false;
    const sub = client.realtime.events.subscribe(undefined, {
      onData: ({ data }) => {
        if (data.type === 'UNREAD_COUNT') isLive = true;
        if (data.type === 'MESSAGE') received.push(data.message.messageId);
      },
    });
    try {
      await eventually(() => isLive, 'stream live');
      const sent = await admin.messages.send.mutate({
        receiverId: 'u2',
        messageType: 'NOTIFICATION',
        title: 'direct',
        content: 'no SDK here',
      });
      await eventually(() => received.includes(sent.messageId), 'pushed');
      await eventually(
        async () => (await overview()).delivered === before.delivered + 1,
        'delivered +1 without an ack',
      );
      expect(
        await server.app.services.deps.store.inbox.getState(`${ORG}:u2`, sent.messageId),
      ).toMatchObject({ state: 'DELIVERED' });
    } finally {
      sub.unsubscribe();
      await close();
    }
  });

  it('groups by week and month under the first day of the period', async () => {
    const today = dayOf(clock.now());
    const week = await admin.stats.overview.query({
      startDate: today,
      endDate: today,
      groupBy: 'week',
    });
    const month = await admin.stats.overview.query({
      startDate: today,
      endDate: today,
      groupBy: 'month',
    });
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    expect(week.dailyStats.map((d) => d.date)).toEqual([
      dayOf(new Date(Date.parse(`${today}T00:00:00Z`) - weekday * 86_400_000)),
    ]);
    expect(month.dailyStats.map((d) => d.date)).toEqual([`${today.slice(0, 7)}-01`]);
    expect(month.dailyStats[0]).toMatchObject({ total: 11, delivered: 11, read: 3 });
  });

  it('keeps each org to its own numbers and refuses bad ranges', async () => {
    const other = httpClient(server.url, await tokenFor('admin2', 'globex', ['admin']));
    const today = dayOf(clock.now());
    expect(await other.stats.overview.query({ startDate: today, endDate: today })).toMatchObject({
      total: 0,
      delivered: 0,
      read: 0,
      readRate: 0,
      deliveryRate: 0,
    });
    await expect(
      other.stats.overview.query({ startDate: today, endDate: today, orgId: ORG }),
    ).rejects.toMatchObject({ data: { appCode: 'AUTH_002' } });
    await expect(
      admin.stats.overview.query({ startDate: today, endDate: today, groupBy: 'year' as 'day' }),
    ).rejects.toMatchObject({ data: { appCode: 'FORMAT_001' } });
    await expect(
      admin.stats.overview.query({ startDate: '2020-01-01', endDate: '2025-01-01' }),
    ).rejects.toMatchObject({ data: { appCode: 'FORMAT_001' } });
  });
});
