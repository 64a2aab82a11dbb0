import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemNotification } from '../../../client/src/index.js';
import { expectAppError } from '../e2e/expect-error.js';
import {
  eventually,
  httpClient,
  tokenFor,
  type Client,
  type TestServer,
} from '../support/server.js';
import { appPool } from '../realtime/support.js';
import { ControlledClock, startClockedServer } from './support.js';

const ORG = 'acme';

describe('system notifications (real sockets, client SDK)', () => {
  const clock = new ControlledClock();
  const dir = mkdtempSync(join(tmpdir(), 'mc-system-'));
  let server: TestServer;
  let admin: Client;
  const { open, stopAll } = appPool();
  /** A user's app and the system notifications its stream brought (from the first event on). */
  const connect = async (userId: string, orgId = ORG) => {
    const app = await open(server.wsUrl, userId, { orgId });
    return {
      app,
      get list(): SystemNotification[] {
        return app.events.flatMap((e) =>
          e.type === 'SYSTEM_NOTIFICATION' ? [e.notification] : [],
        );
      },
    };
  };
  const later = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
  /** A marker notice: once it arrived, anything queued before it has arrived too. */
  const marker = async (title: string) =>
    admin.system.notify.mutate({ level: 'INFO', title, content: '', expireTime: later(60) });

  beforeAll(async () => {
    server = await startClockedServer(dir, clock);
    admin = httpClient(server.url, await tokenFor('boss', ORG, ['admin']));
  });
  afterAll(async () => {
    await stopAll();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches two online users live and a third on connect; a dismissed one does not come back', async () => {
    const a = await connect('ana');
    const b = await connect('ben');
    const viaHelper: SystemNotification[] = [];
    a.app.client.onSystemNotification((n) => viaHelper.push(n));
    const sent = await admin.system.notify.mutate({
      level: 'CRITICAL',
      title: 'Security update',
      content: 'Sign in again after 18:00',
      actions: [{ label: 'Read more', url: 'https://status.example.com/42' }],
      expireTime: later(30),
    });
    await eventually(() => a.list.length === 1 && b.list.length === 1, 'live to both');
    expect(a.list[0]).toMatchObject({
      notificationId: sent.notificationId,
      level: 'CRITICAL',
      actions: [{ label: 'Read more', url: 'https://status.example.com/42' }],
      orgId: ORG,
    });
    expect(a.list[0]!.expireTime).toBeInstanceOf(Date);
    expect(viaHelper.map((n) => n.notificationId)).toEqual([sent.notificationId]);

    const c = await connect('cai');
    await eventually(
      () => c.list.some((n) => n.notificationId === sent.notificationId),
      'shown on connect',
    );
    // Never an inbox message.
    expect((await c.app.client.messages.list.query({})).total).toBe(0);

    await a.app.client.system.dismiss.mutate({ notificationId: sent.notificationId });
    await a.app.stop();
    const again = await connect('ana');
    const m = await marker('after dismiss');
    await eventually(() => again.list.some((n) => n.notificationId === m.notificationId), 'marker');
    expect(again.list.map((n) => n.notificationId)).toEqual([m.notificationId]);
  });

  it('never shows an expired one, and never to another org', async () => {
    const brief = await admin.system.notify.mutate({
      level: 'INFO',
      title: 'Short',
      content: '',
      expireTime: later(1),
    });
    const outsider = await connect('olga', 'globex');
    clock.advance(120);
    const d = await connect('dan');
    const m = await marker('after expiry');
    await eventually(() => d.list.some((n) => n.notificationId === m.notificationId), 'marker');
    expect(d.list.map((n) => n.notificationId)).not.toContain(brief.notificationId);
    expect(outsider.list).toEqual([]);
    const listed = await admin.system.list.query({ state: 'EXPIRED' });
    expect(listed.items.map((n) => n.notificationId)).toContain(brief.notificationId);
    const active = await admin.system.list.query({ state: 'ACTIVE' });
    expect(active.items.map((n) => n.notificationId)).not.toContain(brief.notificationId);
  });

  it('lets platform operators notify every org; admins only their own', async () => {
    const other = await connect('gus', 'globex');
    const platform = httpClient(server.url, await tokenFor('op', 'ops', ['platform']));
    const all = await platform.system.notify.mutate({
      level: 'WARNING',
      title: 'Platform maintenance',
      content: '',
      expireTime: later(60),
      orgId: '*',
    });
    await eventually(
      () => other.list.some((n) => n.notificationId === all.notificationId),
      'reaches another org',
    );
    expect(all.orgId).toBeNull();
    await expectAppError(
      admin.system.notify.mutate({
        level: 'INFO',
        title: 'x',
        content: '',
        expireTime: later(5),
        orgId: 'globex',
      }),
      'FORBIDDEN',
      'AUTH_002',
    );
    const globexAdmin = httpClient(server.url, await tokenFor('gadmin', 'globex', ['admin']));
    const own = (await admin.system.list.query({})).items.find((n) => n.orgId === ORG)!;
    await expectAppError(
      other.app.client.system.dismiss.mutate({ notificationId: own.notificationId }),
      'NOT_FOUND',
      'MSG_002',
    );
    expect(
      (await globexAdmin.system.list.query({})).items
        .map((n) => n.orgId)
        .every((o) => o === 'globex' || o === null),
    ).toBe(true);
  });

  it('refuses bad input: unsafe action URLs, past expiry, too many actions, users notifying', async () => {
    const base = { level: 'INFO' as const, title: 'x', content: '', expireTime: later(5) };
    await expectAppError(
      admin.system.notify.mutate({
        ...base,
        actions: [{ label: 'Go', url: 'javascript:alert(1)' }],
      }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['actions.0.url'],
    );
    await expectAppError(
      admin.system.notify.mutate({ ...base, expireTime: later(-1) }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['expireTime'],
    );
    await expectAppError(
      admin.system.notify.mutate({
        ...base,
        actions: Array.from({ length: 4 }, () => ({ label: 'a', url: 'https://a.example' })),
      }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['actions'],
    );
    await expectAppError(
      admin.system.notify.mutate({ ...base, level: 'PANIC' as 'INFO' }),
      'BAD_REQUEST',
      'FORMAT_001',
      ['level'],
    );
    await expectAppError(admin.system.list.query({ size: 1000 }), 'BAD_REQUEST', 'FORMAT_001', [
      'size',
    ]);
    const user = httpClient(server.url, await tokenFor('ana', ORG, ['user']));
    await expectAppError(user.system.notify.mutate(base), 'FORBIDDEN', 'AUTH_002');
  });
});
