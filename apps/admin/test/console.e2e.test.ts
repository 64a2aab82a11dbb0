/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the
 * reference server (dev auth on, SQLite in a temp dir) and a production build of the console.
 * Screenshots of every page land in apps/admin/test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, listenToInbox, serverClient, type InboxListener } from './support/api';
import {
  ADMIN_ROOT,
  ensureConsoleBuilt,
  startConsole,
  startServer,
  type RunningProcess,
} from './support/processes';

const ARTIFACTS = join(ADMIN_ROOT, 'test-artifacts');
const ORG = 'org-e2e';
const BROADCAST_TITLE = `Maintenance window ${Date.now()}`;
const GROUP_TITLE = `On-call handover ${Date.now()}`;

let server: RunningProcess;
let admin: RunningProcess;
let browser: Browser;
let page: Page;
let inbox: InboxListener;
const pageErrors: string[] = [];

const shot = (name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Types into a CodeMirror editor found by its test id. */
async function typeInto(testId: string, text: string) {
  await page.locator(`[data-testid="${testId}"] .cm-content`).click();
  await page.keyboard.type(text);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureConsoleBuilt();
  server = await startServer();
  admin = await startConsole(server.url);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // A user of the org, connected before anything is sent, as an app would be.
  inbox = await listenToInbox(
    server.url,
    await devToken(server.url, { userId: 'u-1', orgId: ORG, roles: ['user'] }),
  );
});

afterAll(async () => {
  await inbox?.close();
  await browser?.close();
  await admin?.stop();
  await server?.stop();
});

describe('admin console in Chromium', () => {
  it('signs in with the one-click dev sign-in and shows role-aware navigation', async () => {
    await page.goto(`${admin.url}/`);
    await page.waitForURL('**/signin');
    await page.locator('[data-testid="dev-signin"]').waitFor();
    await page.fill('input[name="userId"]', 'admin-1');
    await page.fill('input[name="orgId"]', ORG);
    await page.fill('input[name="name"]', 'E2E Admin');
    await shot('01-signin');
    await page.click('text=Dev sign-in');
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.textContent('[data-testid="who"]')).toContain('org-e2e');
    const nav = await page.locator('nav[aria-label="main"] a').allTextContents();
    expect(nav).toEqual([
      'Statistics',
      'Templates',
      'Groups',
      'Broadcast',
      'Messages',
      'Live',
      'Notices',
      'Audit',
      'Rules',
    ]);
  });

  it('previews a template as it is typed and places a syntax error on its line', async () => {
    await page.goto(`${admin.url}/templates/new`);
    await page.fill('input[name="name"]', 'Device offline');
    await page.click('text=Add variable');
    await page.fill('input[name="var-name-0"]', 'deviceName');
    await page.fill('input[name="var-sample-0"]', 'LED-7');

    await typeInto('title-editor', 'Device {deviceName}');
    await expect.poll(() => page.textContent('[data-testid="preview-title"]')).toBe('Device LED-7');
    await page.keyboard.type(' is offline');
    await expect
      .poll(() => page.textContent('[data-testid="preview-title"]'))
      .toBe('Device LED-7 is offline');

    await typeInto(
      'content-editor',
      'Hello,\nyour device {deviceName}\nwent offline at {deviceName',
    );
    const diagnostic = page.locator('[data-testid="diagnostic"][data-field="content"]').first();
    await diagnostic.waitFor();
    expect(await diagnostic.getAttribute('data-line')).toBe('3');
    expect(await diagnostic.getAttribute('data-severity')).toBe('error');
    expect(
      await page.locator('[data-testid="content-editor"] .cm-lintRange-error').count(),
    ).toBeGreaterThan(0);
    await shot('02-template-syntax-error');

    await page.keyboard.type('}.');
    await page.locator('[data-testid="no-diagnostics"]').waitFor();
    await expect
      .poll(() => page.textContent('[data-testid="preview-content"]'))
      .toBe('Hello,\nyour device LED-7\nwent offline at LED-7.');
    await page.fill('input[name="var-sample-0"]', 'LED-9');
    await expect
      .poll(() => page.textContent('[data-testid="preview-title"]'))
      .toBe('Device LED-9 is offline');
    await shot('03-template-preview');

    await page.click('[data-testid="save-template"]');
    await page.waitForURL(/\/templates\/(?!new)[^/]+$/);
    // Saved: the page is now the template's own, with its first version in the history.
    await expect.poll(() => page.textContent('h1')).toBe('Edit template · Device offline');
    expect(await page.textContent('[data-testid="current-version"]')).toContain('v1');
    // Disabling is an update: version 2, with version 1 in the history.
    await page.click('[data-testid="toggle-enabled"]');
    await expect.poll(() => page.textContent('[data-testid="toggle-enabled"]')).toBe('Disabled');
    await expect.poll(() => page.textContent('[data-testid="current-version"]')).toContain('v2');
    await expect.poll(() => page.textContent('[data-testid="history"]')).toContain('v1');
    await page.goto(`${admin.url}/templates`);
    await expect
      .poll(() => page.textContent('[data-testid="template-list"]'))
      .toContain('Device offline');
    await shot('04-template-list');
  });

  it('broadcasts to the organization and a connected client receives it', async () => {
    await page.goto(`${admin.url}/broadcast`);
    await page.check('input[name="target"][value="org"]');
    await page.selectOption('select[name="priority"]', 'HIGH');
    await page.fill('input[name="title"]', BROADCAST_TITLE);
    await page.fill('textarea[name="content"]', 'Screens restart at 02:00.');
    await page.fill('input[name="actionUrl"]', 'https://example.com/maintenance');
    await page.fill('input[name="actionText"]', 'Details');
    await expect
      .poll(() => page.textContent('[data-testid="broadcast-preview"]'))
      .toContain(BROADCAST_TITLE);
    await page.click('text=Review and send');
    await page.locator('[data-testid="confirm"]').waitFor();
    await shot('05-broadcast-confirm');
    await page.click('text=Confirm send');
    await page.locator('[data-testid="delivery-progress"]').waitFor();

    const event = await inbox.waitFor(BROADCAST_TITLE);
    expect(JSON.stringify(event)).toContain('https://example.com/maintenance');
    const messageId = (await page.textContent('[data-testid="sent-message-id"]'))!;
    expect(JSON.stringify(event)).toContain(messageId);

    // The recipient reads it; the progress view follows.
    const reader = serverClient(
      server.url,
      await devToken(server.url, { userId: 'u-1', orgId: ORG, roles: ['user'] }),
    );
    await reader.messages.markRead.mutate({ messageId });
    await expect
      .poll(() => page.textContent('[data-testid="progress-read"] .value'), { timeout: 15_000 })
      .toBe('1');
    await shot('06-broadcast-progress');
  });

  it('shows statistics whose numbers match stats.overview', async () => {
    const token = await devToken(server.url, { userId: 'admin-1', orgId: ORG, roles: ['admin'] });
    const today = new Date();
    const weekAgo = new Date(today);
    weekAgo.setDate(today.getDate() - 6);
    const overview = await serverClient(server.url, token).stats.overview.query({
      startDate: isoDay(weekAgo),
      endDate: isoDay(today),
    });
    expect(overview.total).toBeGreaterThan(0);

    await page.goto(`${admin.url}/dashboard`);
    await page.locator('[data-testid="kpis"]').waitFor();
    expect(await page.textContent('[data-testid="kpi-total"] .value')).toBe(String(overview.total));
    expect(await page.textContent('[data-testid="kpi-delivered"] .value')).toBe(
      String(overview.delivered),
    );
    expect(await page.textContent('[data-testid="kpi-read"] .value')).toBe(String(overview.read));
    expect(await page.textContent('[data-testid="kpi-read-rate"] .value')).toBe(
      `${(overview.readRate * 100).toFixed(1)}%`,
    );
    for (const day of overview.dailyStats) {
      const cells = await page
        .locator(`[data-testid="daily-table"] tr[data-date="${day.date}"] td`)
        .allTextContents();
      expect(cells.slice(0, 4)).toEqual([
        day.date,
        String(day.total),
        String(day.delivered),
        String(day.read),
      ]);
    }
    for (const type of overview.typeStats) {
      const cells = await page
        .locator(`[data-testid="type-table"] tr[data-type="${type.messageType}"] td`)
        .allTextContents();
      expect(cells.slice(0, 4)).toEqual([
        type.messageType,
        String(type.count),
        String(type.delivered),
        String(type.read),
      ]);
    }
    await page.locator('[data-testid="daily-chart"] svg').first().waitFor();
    await shot('07-dashboard');
  });

  it('lists the org messages with per-recipient state', async () => {
    await page.goto(`${admin.url}/messages`);
    await page.click(`text=${BROADCAST_TITLE}`);
    await expect
      .poll(() => page.textContent('[data-testid="recipient-states"]'), { timeout: 15_000 })
      .toContain('u-1');
    expect(await page.textContent('[data-testid="recipient-states"]')).toContain('READ');
    await shot('08-messages');
  });

  it('streams live connection statistics', async () => {
    await page.goto(`${admin.url}/live`);
    await page.locator('[data-testid="live-kpis"]').waitFor({ timeout: 20_000 });
    // The test client's inbox stream counts; the console's own live view does not (it says so).
    expect(
      Number(await page.textContent('[data-testid="live-connections"] .value')),
    ).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('[data-testid="live-connections-note"]')).toContain(
      'not counted',
    );
    await shot('09-live');
  });

  it('manages a group and sends to it from the composer', async () => {
    await page.goto(`${admin.url}/groups`);
    const create = page.locator('[data-testid="create-group"]');
    await create.locator('input[name="name"]').fill('On-call');
    await create.locator('input[name="groupId"]').fill('grp-oncall');
    await create.locator('textarea[name="members"]').fill('u-1, u-2');
    await create.locator('button[type="submit"]').click();
    const detail = page.locator('[data-testid="group-detail"]');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('Group · On-call');
    const row = page.locator('[data-testid="group-list"] tr[data-group="grp-oncall"] td');
    await expect
      .poll(() => row.allTextContents())
      .toEqual(expect.arrayContaining(['On-call', '2']));
    const members = () =>
      detail.locator('tr[data-member]').evaluateAll((rows) => rows.map((r) => r.dataset.member));
    expect(await members()).toEqual(['u-1', 'u-2']);

    // The same id again: the server's error stands under the id field.
    await create.locator('input[name="name"]').fill('On-call again');
    await create.locator('input[name="groupId"]').fill('grp-oncall');
    await create.locator('button[type="submit"]').click();
    await expect
      .poll(() => create.locator('label:has(input[name="groupId"]) .field-error').textContent())
      .toContain('FORMAT_001');

    await detail.locator('input[name="addMembers"]').fill('u-3');
    await detail.locator('[data-testid="add-members"] button[type="submit"]').click();
    await expect.poll(members).toEqual(['u-1', 'u-2', 'u-3']);
    await expect.poll(() => row.allTextContents()).toContain('3');
    await detail.locator('tr[data-member="u-3"] button').click();
    await expect.poll(members).toEqual(['u-1', 'u-2']);
    await expect.poll(() => row.allTextContents()).toContain('2');
    await detail.locator('[data-testid="edit-group"] input[name="name"]').fill('On-call EU');
    await detail.locator('[data-testid="edit-group"] textarea[name="description"]').fill('Nights');
    await detail.locator('[data-testid="edit-group"] button[type="submit"]').click();
    await expect.poll(() => row.allTextContents()).toContain('On-call EU');
    await shot('11-groups');

    await page.goto(`${admin.url}/broadcast`);
    await page.check('input[name="target"][value="group"]');
    await page.selectOption('select[name="groupId"]', 'grp-oncall');
    await page.fill('input[name="title"]', GROUP_TITLE);
    await page.fill('textarea[name="content"]', 'Pager duty moves to the night shift.');
    await page.click('text=Review and send');
    await expect.poll(() => page.textContent('[data-testid="confirm"]')).toContain('grp-oncall');
    await page.click('text=Confirm send');
    await expect
      .poll(() => page.textContent('[data-testid="progress-recipients"] .value'))
      .toBe('2');
    await inbox.waitFor(GROUP_TITLE);

    // Deleting asks first; once confirmed the group leaves the list.
    await page.goto(`${admin.url}/groups`);
    await page.click('[data-testid="group-list"] tr[data-group="grp-oncall"] a');
    await page.click('text=Delete group');
    await page.click('[data-testid="confirm-delete"] >> text=Confirm delete');
    await expect.poll(() => row.count()).toBe(0);
  });

  it('switches the interface to Chinese', async () => {
    await page.goto(`${admin.url}/dashboard`);
    await page.selectOption('select[aria-label="Language"]', 'zh-CN');
    await expect
      .poll(() => page.locator('nav[aria-label="main"] a').allTextContents())
      .toEqual(['统计', '模板', '群组', '群发', '消息', '实时', '系统通知', '操作日志', '路由规则']);
    await page.locator('[data-testid="kpis"]').waitFor();
    await shot('10-dashboard-zh');
    await page.selectOption('select[aria-label="语言"]', 'en');
    expect(pageErrors).toEqual([]);
  });
});
