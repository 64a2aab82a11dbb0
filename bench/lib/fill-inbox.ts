/**
 * Fills a data directory with an inbox-scale data set through the product's own services:
 * `messages` messages over `users` users of one org — mostly direct, some to groups of 100, a
 * few org broadcasts — with about 20 % of each user's direct messages read. Sent in
 * `messages.sendMany` batches with a clock that walks through the last 30 days, so the data
 * spans real days. The result is cached by size under `~/.cache/message-center/` and copied per
 * run (reads change it).
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createServices, type Principal, type SendManyInput } from '../../packages/server/src/index.js';
import { createMemoryBus } from '../../packages/server/src/bus/memory/index.js';
import { createSqliteStore } from '../../packages/server/src/store/sqlite/index.js';
import { createBuiltInDirectory } from '../../packages/server/src/services/built-in-directory.js';
import { BusEventPublisher } from '../../packages/server/src/realtime/bus-events.js';

export interface InboxDataSet {
  messages: number;
  users: number;
  /** For each user (`u0`…), a few ids of their unread direct messages (markRead targets). */
  unreadIds: string[][];
}

const ORG = 'bench';
const GROUP_SIZE = 100;
const BATCH = 1_000;

/** The data directory for `messages` × `users`, filled once and then reused. */
export async function inboxDataSet(messages: number, users: number): Promise<{ dir: string; data: InboxDataSet }> {
  const dir = join(homedir(), '.cache', 'message-center', `bench-inbox-${messages}-${users}`);
  const marker = join(dir, 'data-set.json');
  if (!existsSync(marker)) await fill(dir, messages, users);
  // A data set filled by an older version is brought to the current schema once, here, rather
  // than by every run's server on its fresh copy (a migration of 1,000,000 rows takes minutes).
  const started = Date.now();
  const store = createSqliteStore({ file: join(dir, 'message-center.db') });
  await store.start();
  await store.close();
  if (Date.now() - started > 1_000) console.log(`data set brought to the current schema in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const { readFileSync } = await import('node:fs');
  return { dir, data: JSON.parse(readFileSync(marker, 'utf8')) as InboxDataSet };
}

/** A fresh copy of a filled data directory (runs mark messages read, so each gets its own). */
export function copyDataDir(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

async function fill(dir: string, total: number, users: number): Promise<void> {
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const store = createSqliteStore({ file: join(building, 'message-center.db') });
  const bus = createMemoryBus();
  await store.start();
  await bus.start();
  const start = Date.now() - 30 * 86_400_000;
  let clock = start;
  const deps = {
    store,
    bus,
    directory: createBuiltInDirectory(store),
    events: new BusEventPublisher(bus),
    logger: pino({ level: 'warn' }),
    now: () => new Date(clock),
    limits: { sendsPerUserPerMinute: 1e12, sendsPerOrgPerMinute: 1e12 },
    timeZone: 'UTC',
  };
  const services = createServices(deps, 'bench-fill');
  const admin: Principal = { userId: 'bench-admin', orgId: ORG, roles: ['admin'] };
  const groups = Math.max(1, Math.floor(users / GROUP_SIZE));
  for (let g = 0; g < groups; g++) {
    const members = Array.from({ length: GROUP_SIZE }, (_, i) => `u${g * GROUP_SIZE + i}`).filter((_, i) => g * GROUP_SIZE + i < users);
    await services.groups.create(admin, { groupId: `g${g}`, name: `Group ${g}`, type: 'USER_GROUP', description: '', members });
  }
  for (let u = 0; u < users; u++) await store.users.touch(ORG, `u${u}`, `User ${u}`, new Date(start));

  const unreadIds: string[][] = Array.from({ length: users }, () => []);
  const toRead: { userId: string; messageId: string }[] = [];
  const started = Date.now();
  let sent = 0;
  const step = (30 * 86_400_000) / total;
  while (sent < total) {
    const items: SendManyInput['items'] = [];
    const n = Math.min(BATCH, total - sent);
    for (let k = 0; k < n; k++) {
      const i = sent + k;
      const body = { messageType: 'NOTIFICATION' as const, title: `设备 ${i % 997} 离线告警 device offline`, content: `Device ${i % 997} in hall ${i % 13} went offline at step ${i}` };
      // ~95 % direct, ~4.9 % to a group of 100, ~0.1 % to the whole org.
      if (i % 1000 === 999) items.push({ scope: 'ORGANIZATION' as const, ...body });
      else if (i % 20 === 19) items.push({ groupId: `g${i % groups}`, groupType: 'USER_GROUP' as const, ...body });
      else items.push({ receiverId: `u${i % users}`, ...body });
    }
    clock += step * n;
    const { results } = await services.messaging.sendMany(admin, { items });
    results.forEach((r, k) => {
      const item = items[k]!;
      if (!('messageId' in r) || item.receiverId === undefined) return;
      const userId = String(item.receiverId);
      const u = Number(userId.slice(1));
      if ((sent + k) % 5 === 0) toRead.push({ userId, messageId: r.messageId });
      else if (unreadIds[u]!.length < 20) unreadIds[u]!.push(r.messageId);
    });
    sent += n;
    if (sent % 10_000 === 0) console.log(`fill: ${sent.toLocaleString('en')} messages (${Math.round(sent / ((Date.now() - started) / 1000))}/s, ${Math.round((Date.now() - started) / 1000)} s)`);
  }
  console.log(`fill: marking ${toRead.length.toLocaleString('en')} messages read`);
  for (let i = 0; i < toRead.length; i += 500) {
    await Promise.all(
      toRead.slice(i, i + 500).map(({ userId, messageId }) => services.inbox.markRead({ principal: { userId, orgId: ORG, roles: ['user'] } }, messageId)),
    );
  }
  await bus.close();
  await store.close();
  writeFileSync(join(building, 'data-set.json'), JSON.stringify({ messages: total, users, unreadIds } satisfies InboxDataSet));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  console.log(`fill: done in ${Math.round((Date.now() - started) / 1000)} s`);
}
