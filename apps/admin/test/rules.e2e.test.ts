/**
 * The console's routing page in Chromium against the reference server: create a rule with the
 * condition builder, dry-run it, and see a delivery with its attempts, last error and retry.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, serverClient } from './support/api';
import type { RunningProcess } from './support/processes';
import { ARTIFACTS, startStack, type Stack } from './support/stack';

const ORG = 'org-rules';

let stack: Stack;
let server: RunningProcess;
let admin: RunningProcess;
let page: Page;
let hook: Server;
let hookUrl = '';
let hookCalls = 0;

beforeAll(async () => {
  // A real webhook receiver that always fails, so the delivery ends FAILED with its error.
  hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hookCalls++;
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const address = hook.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  stack = await startStack();
  ({ server, admin } = stack);
  page = await stack.browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
});

describe('routing rules in the console', () => {
  it('creates a rule, dry-runs it, and shows the delivery with its attempts and error', async () => {
    await page.goto(`${admin.url}/`);
    await page.waitForURL('**/signin');
    await page.fill('input[name="userId"]', 'boss');
    await page.fill('input[name="orgId"]', ORG);
    await page.click('text=Dev sign-in');
    await page.waitForURL('**/dashboard');
    await page.click('nav[aria-label="main"] >> text=Rules');
    await page.waitForURL('**/rules');

    const form = page.locator('[data-testid="rule-form"]');
    await form.locator('input[name="name"]').fill('Night alerts to the hook');
    await form.locator('input[name="messageTypes"]').fill('ALERT');
    await form.locator('input[name="channels"]').fill('WEBHOOK');
    await form.locator('input[name="webhookUrl"]').fill(hookUrl);
    await form.locator('input[name="webhookSecret"]').fill('whsec-0123456789abcdef');
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => page.locator('[data-testid="rules-table"]').textContent())
      .toContain('Night alerts to the hook');

    // A bad time zone is refused with the field's message.
    await form.locator('input[name="name"]').fill('Broken');
    await form.locator('input[name="timeZone"]').fill('Mars/Base');
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => form.locator('[role="alert"]').first().textContent())
      .toContain('IANA time zone');

    const dry = page.locator('[data-testid="dry-run"]');
    await dry.locator('input[name="userId"]').fill('alice');
    await dry.locator('select[name="messageType"]').selectOption('ALERT');
    await dry.locator('button[type="submit"]').click();
    await expect
      .poll(() => page.locator('[data-testid="dry-run-result"]').textContent())
      .toContain('✓ Night alerts to the hook: all conditions hold');
    await expect
      .poll(() => page.locator('[data-testid="dry-run-result"]').textContent())
      .toContain('sends WEBHOOK now');

    const boss = serverClient(
      server.url,
      await devToken(server.url, { userId: 'boss', orgId: ORG, roles: ['admin'] }),
    );
    const sent = await boss.messages.send.mutate({
      receiverId: 'alice',
      messageType: 'ALERT',
      title: 'Door open',
      content: 'x',
    });
    const deliveries = page.locator('[data-testid="deliveries"]');
    await deliveries.locator('input[name="messageId"]').fill(sent.messageId);
    await deliveries.locator('button[type="submit"]').click();
    const row = page.locator('[data-testid="deliveries-table"] [data-status="FAILED"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('3/3');
    expect(await row.textContent()).toContain('answered HTTP 500');
    expect(hookCalls).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'rules-deliveries.png'), fullPage: true });
    await row.locator('text=Retry').click();
    await expect.poll(() => hookCalls, { timeout: 10_000 }).toBeGreaterThan(3);
  });
});
