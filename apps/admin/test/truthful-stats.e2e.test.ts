/**
 * Statistics, system notifications and the audit log in the console, in Chromium, against the
 * reference server: numbers on the dashboard match a broadcast to 10 users of whom 6 are online
 * and 3 read it; the CSV export carries the same figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, listenToInbox, serverClient, type InboxListener } from './support/api';
import type { RunningProcess } from './support/processes';
import { ARTIFACTS, startStack, type Stack } from './support/stack';

const ORG = 'org-stats';
const ONLINE = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const OTHERS = ['u7', 'u8', 'u9'];

let stack: Stack;
let server: RunningProcess;
let admin: RunningProcess;
let page: Page;
const inboxes: InboxListener[] = [];
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const shot = (name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const api = async (userId: string, roles: ('user' | 'admin')[] = ['user']) =>
  serverClient(server.url, await devToken(server.url, { userId, orgId: ORG, roles }));

beforeAll(async () => {
  stack = await startStack();
  ({ server, admin } = stack);
  page = await stack.browser.newPage({
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await Promise.all(inboxes.map((i) => i.close()));
  await stack?.stop();
});

describe('truthful statistics, system notifications and the audit log in the console', () => {
  it('shows delivered 6 of 10, read 3, read rate 50 % and exports the same figures as CSV', async () => {
    const boss = await api('boss', ['admin']);
    // Ten users: the admin (seen through the token) and nine the admin adds.
    for (const userId of [...ONLINE, ...OTHERS]) await boss.users.upsert.mutate({ userId });
    for (const userId of ONLINE)
      inboxes.push(
        await listenToInbox(
          server.url,
          await devToken(server.url, { userId, orgId: ORG, roles: ['user'] }),
        ),
      );
    const sent = await boss.messages.broadcast.mutate({
      scope: 'ORGANIZATION',
      messageType: 'ANNOUNCEMENT',
      title: 'Maintenance tonight',
      content: '22:00',
    });
    expect(sent.recipients).toBe(10);
    await Promise.all(inboxes.map((i) => i.waitFor(sent.messageId)));
    await expect
      .poll(
        async () =>
          (await boss.stats.overview.query({ startDate: today(), endDate: today() })).delivered,
        { timeout: 10_000 },
      )
      .toBe(6);
    for (const userId of ONLINE.slice(0, 3))
      await (await api(userId)).messages.markRead.mutate({ messageId: sent.messageId });
    const overview = await boss.stats.overview.query({ startDate: today(), endDate: today() });
    expect(overview).toMatchObject({
      total: 10,
      delivered: 6,
      read: 3,
      readRate: 0.5,
      deliveryRate: 0.6,
    });

    await page.goto(`${admin.url}/signin`);
    await page.locator('[data-testid="dev-signin"]').waitFor();
    await page.fill('input[name="userId"]', 'boss');
    await page.fill('input[name="orgId"]', ORG);
    await page.click('text=Dev sign-in');
    await page.waitForURL('**/dashboard');
    await page.locator('[data-testid="kpis"]').waitFor();
    const kpi = (id: string) => page.textContent(`[data-testid="${id}"] .value`);
    await expect.poll(() => kpi('kpi-delivered')).toBe('6');
    expect(await kpi('kpi-total')).toBe('10');
    expect(await kpi('kpi-read')).toBe('3');
    expect(await kpi('kpi-read-rate')).toBe('50.0%');
    expect(await kpi('kpi-delivered-rate')).toBe('60.0%');
    await shot('stats-01-dashboard');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-csv"]'),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csv[0]).toBe(
      'startDate,endDate,groupBy,total,delivered,read,readRate,deliveryRate,avgReadTime',
    );
    // The dashboard shows the last seven days; everything happened today.
    expect(csv[1]).toBe(
      `${csv[1]!.slice(0, 10)},${overview.endDate},day,10,6,3,0.5,0.6,${overview.avgReadTime}`,
    );
    expect(csv).toContain('messageType,count,delivered,read,readRate');
    expect(csv).toContain('ANNOUNCEMENT,10,6,3,0.5');
  });

  it('sends a system notification from the composer: online users get it live, the list shows it', async () => {
    await page.click('nav[aria-label="main"] >> text=Notices');
    await page.locator('[data-testid="system-composer"]').waitFor();
    await page.selectOption('select[name="level"]', 'WARNING');
    await page.fill('input[name="title"]', 'Planned maintenance 22:00');
    await page.fill('textarea[name="content"]', 'Saving may fail for ten minutes.');
    await page.fill('input[name="actionLabel"]', 'Status page');
    await page.fill('input[name="actionUrl"]', 'https://status.example.com');
    await page.click('text=Send notification');
    await Promise.all(inboxes.map((i) => i.waitFor('Planned maintenance 22:00')));
    const row = page.locator('[data-testid="system-list"] tbody tr', {
      hasText: 'Planned maintenance 22:00',
    });
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('WARNING');
    await shot('stats-02-system-notifications');
  });

  it('lists the admin changes in the audit log, filtered by action', async () => {
    await page.click('nav[aria-label="main"] >> text=Audit');
    await page.locator('[data-testid="audit-table"] tbody tr').first().waitFor();
    const actions = await page
      .locator('[data-testid="audit-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(
      new Set(['users.upsert', 'messages.broadcast', 'system.notify']),
    );
    await page.fill('input[name="action"]', 'system.notify');
    await page.click('form >> text=Search');
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid="audit-table"] tbody tr td').nth(1).textContent()).toBe(
      'boss',
    );
    await shot('stats-03-audit-log');
  });
});
