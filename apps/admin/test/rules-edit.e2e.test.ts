/**
 * Editing routing rules and the organization's default preferences in the console, in Chromium
 * against the reference server: every change is checked over the API (`rules.get`,
 * `preferences.get`) and through the dry run (`rules.test`), which is what routing will do.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, serverClient } from './support/api';
import { ARTIFACTS, devSignIn, newProfile, startStack, type Stack } from './support/stack';

const ORG = 'org-rules-edit';
/** 23:30 in Asia/Shanghai (UTC+8), inside 22:00–07:00 quiet hours; they end at 23:00 UTC. */
const NIGHT = new Date('2026-01-05T15:30:00Z');
const QUIET_END = '2026-01-05T23:00:00.000Z';

let stack: Stack;
let page: Page;
let boss: ReturnType<typeof serverClient>;

beforeAll(async () => {
  stack = await startStack();
  boss = serverClient(
    stack.server.url,
    await devToken(stack.server.url, { userId: 'boss', orgId: ORG, roles: ['admin'] }),
  );
  ({ page } = await newProfile(stack, { width: 1400, height: 1000 }));
  await devSignIn(page, stack.admin.url, { userId: 'boss', orgId: ORG });
});

afterAll(async () => {
  await stack?.stop();
});

/** Only the row of one rule, and the field (input or select) called `name` inside a container. */
const ruleRow = (ruleId: string) =>
  page.locator(`[data-testid="rules-table"] tr[data-rule="${ruleId}"]`);
const fieldError = (container: string, name: string) =>
  page.locator(`${container} label:has([name="${name}"]) .field-error`);

async function openRules() {
  await page.goto(`${stack.admin.url}/rules`);
  await page.locator('[data-testid="rules-table"]').waitFor();
}

async function dryRun(userId: string, messageType: string) {
  const dry = page.locator('[data-testid="dry-run"]');
  await dry.locator('input[name="userId"]').fill(userId);
  await dry.locator('select[name="messageType"]').selectOption(messageType);
  await dry.locator('button[type="submit"]').click();
  return page.locator('[data-testid="dry-run-result"]');
}

describe('editing rules in the console', () => {
  it('edits every kind of field of a rule, shows refusals on their fields, and the dry run follows', async () => {
    const rule = await boss.rules.create.mutate({
      name: 'Alerts by email',
      conditions: { messageTypes: ['ALERT'] },
      actions: { channels: ['EMAIL'] },
    });
    await openRules();
    await ruleRow(rule.ruleId).locator('button', { hasText: 'Edit' }).click();
    const editor = '[data-testid="rule-edit"]';
    const form = page.locator(editor);
    expect(await form.locator('input[name="name"]').inputValue()).toBe('Alerts by email');
    expect(await form.locator('input[name="messageTypes"]').inputValue()).toBe('ALERT');
    expect(await form.locator('input[name="channels"]').inputValue()).toBe('EMAIL');
    expect(await form.locator('input[name="maxAttempts"]').inputValue()).toBe('3');

    // Refusals of nested fields land on the flat form's fields.
    await form.locator('input[name="timeZone"]').fill('Asia/Shanghai');
    await form.locator('input[name="windows"]').fill('25:00-07:00');
    await form.locator('input[name="messageTypes"]').fill('ALERT, PARTY');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => fieldError(editor, 'windows').textContent()).toContain('HH:mm');
    expect(await fieldError(editor, 'messageTypes').textContent()).toContain('messageTypes.1');
    expect(await form.locator('input[name="windows"]').getAttribute('aria-invalid')).toBe('true');

    await form.locator('input[name="name"]').fill('System and alerts, delayed');
    await form.locator('input[name="priority"]').fill('5');
    await form.locator('input[name="messageTypes"]').fill('ALERT, SYSTEM');
    await form.locator('input[name="timeZone"]').fill('');
    await form.locator('input[name="windows"]').fill('');
    await form.locator('input[name="continue"]').check();
    await form.locator('select[name="inApp"]').selectOption('delay');
    await form.locator('input[name="delaySeconds"]').fill('90');
    await form.locator('input[name="channels"]').fill('EMAIL, SMS');
    await form.locator('input[name="maxAttempts"]').fill('5');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached' });

    const stored = await boss.rules.get.query({ ruleId: rule.ruleId });
    expect(stored).toMatchObject({
      name: 'System and alerts, delayed',
      priority: 5,
      enabled: true,
      continue: true,
      conditions: { messageTypes: ['ALERT', 'SYSTEM'] },
      actions: {
        inApp: 'delay',
        delayMs: 90_000,
        channels: ['EMAIL', 'SMS'],
        retry: { maxAttempts: 5, backoffMs: 1000 },
      },
    });
    expect(stored.conditions.time).toBeUndefined();
    await expect
      .poll(() => ruleRow(rule.ruleId).textContent())
      .toContain('System and alerts, delayed');

    const result = await dryRun('alice', 'SYSTEM');
    await expect
      .poll(() => result.textContent())
      .toContain('✓ System and alerts, delayed: all conditions hold');
    expect(await result.textContent()).toContain('delays it to');
    expect(await result.textContent()).toContain('sends SMS now');
    await page.screenshot({ path: join(ARTIFACTS, 'rules-edit.png'), fullPage: true });
  });

  it('switches a rule off from the list, and the dry run skips it', async () => {
    const rule = await boss.rules.create.mutate({
      name: 'Business to SMS',
      priority: 1,
      conditions: { messageTypes: ['BUSINESS'] },
      actions: { channels: ['SMS'] },
    });
    await openRules();
    const toggle = ruleRow(rule.ruleId).locator('input[name="enabled"]');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(() => ruleRow(rule.ruleId).getAttribute('data-enabled')).toBe('false');
    expect((await boss.rules.get.query({ ruleId: rule.ruleId })).enabled).toBe(false);

    const result = await dryRun('alice', 'BUSINESS');
    await expect.poll(() => result.textContent()).toContain('✗ Business to SMS: disabled');
    expect(await result.textContent()).not.toContain('sends SMS');
    const api = await boss.rules.test.query({
      userId: 'alice',
      message: { messageType: 'BUSINESS' },
    });
    expect(api.channels).toEqual([]);

    await ruleRow(rule.ruleId).locator('input[name="enabled"]').click();
    await expect.poll(() => ruleRow(rule.ruleId).getAttribute('data-enabled')).toBe('true');
    const again = await dryRun('alice', 'BUSINESS');
    await expect.poll(() => again.textContent()).toContain('sends SMS now');
  });

  it('switches a webhook rule off in place, keeping its secret; a new webhook URL needs a secret', async () => {
    const rule = await boss.rules.create.mutate({
      name: 'Hooked',
      conditions: { messageTypes: ['NOTIFICATION'] },
      actions: {
        channels: ['WEBHOOK'],
        webhook: { url: 'http://127.0.0.1:9/hook', secret: 'whsec-0123456789abcdef' },
      },
    });
    await openRules();
    await ruleRow(rule.ruleId).locator('input[name="enabled"]').click();
    await expect.poll(() => ruleRow(rule.ruleId).getAttribute('data-enabled')).toBe('false');
    expect((await boss.rules.get.query({ ruleId: rule.ruleId })).actions.webhook).toEqual({
      url: 'http://127.0.0.1:9/hook',
      secret: '********',
    });

    await ruleRow(rule.ruleId).locator('button', { hasText: 'Edit' }).click();
    const editor = '[data-testid="rule-edit"]';
    const form = page.locator(editor);
    expect(await form.textContent()).toContain('leave this empty to keep the stored one');
    await form.locator('input[name="webhookUrl"]').fill('http://127.0.0.1:9/moved');
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => fieldError(editor, 'webhookSecret').textContent())
      .toContain('the webhook URL changed');
    await form.locator('input[name="webhookSecret"]').fill('whsec-fedcba9876543210');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached' });
    expect((await boss.rules.get.query({ ruleId: rule.ruleId })).actions.webhook?.url).toBe(
      'http://127.0.0.1:9/moved',
    );
  });

  it('deletes a rule only after a confirmation', async () => {
    const rule = await boss.rules.create.mutate({
      name: 'Short-lived',
      actions: { channels: [] },
    });
    await openRules();
    await ruleRow(rule.ruleId).locator('button', { hasText: 'Delete' }).click();
    const confirm = ruleRow(rule.ruleId).locator('[data-testid="confirm-delete"]');
    expect(await confirm.textContent()).toContain('Delete this rule?');
    await confirm.locator('button', { hasText: 'Cancel' }).click();
    expect((await boss.rules.get.query({ ruleId: rule.ruleId })).name).toBe('Short-lived');

    await ruleRow(rule.ruleId).locator('button', { hasText: 'Delete' }).click();
    await ruleRow(rule.ruleId).locator('button', { hasText: 'Confirm delete' }).click();
    await ruleRow(rule.ruleId).waitFor({ state: 'detached' });
    await expect(boss.rules.get.query({ ruleId: rule.ruleId })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
  });
});

describe('organization default preferences in the console', () => {
  const form = '[data-testid="org-preferences"]';

  it('validates, saves, and applies them to users without their own', async () => {
    await boss.rules.create.mutate({
      name: 'Everything by email and SMS',
      priority: 0,
      continue: true,
      actions: { channels: ['EMAIL', 'SMS'] },
    });
    await openRules();
    await page.click('[data-testid="org-preferences-link"]');
    await page.waitForURL('**/rules/preferences');
    const prefs = page.locator(form);
    await prefs.waitFor();

    await prefs.locator('input[name="quietStart"]').fill('22:00');
    await prefs.locator('button[type="submit"]').click();
    await expect.poll(() => fieldError(form, 'quietEnd').textContent()).toContain('or neither');

    await prefs.locator('input[name="quietEnd"]').fill('07:00');
    await prefs.locator('input[name="timeZone"]').fill('Mars/Base');
    await prefs.locator('button[type="submit"]').click();
    await expect.poll(() => fieldError(form, 'timeZone').textContent()).toContain('IANA time zone');
    expect(await fieldError(form, 'quietEnd').count()).toBe(0);

    await prefs.locator('input[name="timeZone"]').fill('Asia/Shanghai');
    await prefs.locator('select[name="EMAIL.ALERT"]').selectOption('off');
    await prefs.locator('input[name="EMAIL.categoriesOff"]').fill('billing');
    await prefs.locator('input[name="SMS.enabled"]').uncheck();
    await prefs.locator('button[type="submit"]').click();
    await page.locator('[data-testid="prefs-saved"]').waitFor();

    expect(await boss.preferences.get.query({ scope: 'ORG' })).toEqual({
      channels: {
        EMAIL: { enabled: true, messageTypes: { ALERT: false }, categories: { billing: false } },
        SMS: { enabled: false },
      },
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Asia/Shanghai',
    });

    // carol has no preferences of her own: the org's defaults decide.
    const alert = await boss.rules.test.query({
      userId: 'carol',
      message: { messageType: 'ALERT' },
      at: NIGHT,
    });
    expect(alert.channels).toEqual([]);
    // Two matching rules ask for both channels; each is suppressed for the same reason.
    expect([...new Set(alert.suppressed.map((s) => s.reason))]).toEqual([
      'the recipient turned EMAIL off for message type ALERT',
      'the recipient turned SMS off for all messages',
    ]);
    const business = await boss.rules.test.query({
      userId: 'carol',
      message: { messageType: 'BUSINESS' },
      at: NIGHT,
    });
    expect(business.channels.map((c) => c.reason)).toEqual([
      `rule "Everything by email and SMS" sends EMAIL after the recipient's quiet hours (${QUIET_END})`,
    ]);
    const billing = await boss.rules.test.query({
      userId: 'carol',
      message: { messageType: 'BUSINESS', category: 'billing' },
    });
    expect(billing.suppressed[0]?.reason).toBe(
      'the recipient turned EMAIL off for category billing',
    );

    // dave's own choice for EMAIL wins over the org's.
    const dave = serverClient(
      stack.server.url,
      await devToken(stack.server.url, { userId: 'dave', orgId: ORG, roles: ['user'] }),
    );
    await dave.preferences.update.mutate({ channels: { EMAIL: { enabled: true } } });
    const daves = await boss.rules.test.query({
      userId: 'dave',
      message: { messageType: 'ALERT' },
    });
    expect(daves.channels.map((c) => c.channel)).toEqual(['EMAIL']);

    // The saved defaults come back into the form, in Chinese too.
    await page.reload();
    await prefs.waitFor();
    expect(await prefs.locator('select[name="EMAIL.ALERT"]').inputValue()).toBe('off');
    expect(await prefs.locator('input[name="SMS.enabled"]').isChecked()).toBe(false);
    expect(await prefs.locator('input[name="quietStart"]').inputValue()).toBe('22:00');
    await page.selectOption('.topbar select', 'zh-CN');
    await expect.poll(() => page.textContent('h1')).toBe('默认偏好设置');
    await page.screenshot({ path: join(ARTIFACTS, 'org-preferences-zh.png'), fullPage: true });
    await page.selectOption('.topbar select', 'en');
  });

  it('is for admins only', async () => {
    const { page: userPage, context } = await newProfile(stack);
    await userPage.goto(`${stack.admin.url}/signin`);
    await userPage.locator('[data-testid="dev-signin"]').waitFor();
    await userPage.fill('input[name="userId"]', 'erin');
    await userPage.fill('input[name="orgId"]', ORG);
    const devForm = userPage.locator('[data-testid="dev-signin"]');
    await devForm.getByRole('checkbox', { name: 'admin', exact: true }).uncheck();
    await devForm.getByRole('checkbox', { name: 'user', exact: true }).check();
    await devForm.locator('button[type="submit"]').click();
    await userPage.waitForURL('**/dashboard');
    await userPage.goto(`${stack.admin.url}/rules/preferences`);
    await expect.poll(() => userPage.textContent('main')).toContain('needs the admin');
    expect(await userPage.locator(form).count()).toBe(0);
    expect(await userPage.locator('nav[aria-label="main"]').count()).toBe(0);

    const erin = serverClient(
      stack.server.url,
      await devToken(stack.server.url, { userId: 'erin', orgId: ORG, roles: ['user'] }),
    );
    await expect(
      erin.preferences.update.mutate({ scope: 'ORG', timeZone: 'UTC' }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    await context.close();
  });
});
