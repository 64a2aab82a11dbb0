import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  ADMIN_ROOT,
  ensureConsoleBuilt,
  startConsole,
  startServer,
  type RunningProcess,
} from './processes';

/** Screenshots and other test output (git-ignored). */
export const ARTIFACTS = join(ADMIN_ROOT, 'test-artifacts');

/** The reference server, the production console in front of it, and Chromium. */
export interface Stack {
  server: RunningProcess;
  admin: RunningProcess;
  browser: Browser;
  stop: () => Promise<void>;
}

/** Starts everything a console browser test needs; `stop()` ends all of it. */
export async function startStack(): Promise<Stack> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureConsoleBuilt();
  const server = await startServer();
  const admin = await startConsole(server.url);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    admin,
    browser,
    async stop() {
      await browser.close();
      await admin.stop();
      await server.stop();
    },
  };
}

/** A fresh browser profile (its own cookies and storage) with one page. */
export async function newProfile(
  stack: Stack,
  opts: { width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; cspViolations: string[] }> {
  const context = await stack.browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 },
    locale: opts.locale ?? 'en-US',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  const cspViolations: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.text().includes('Content Security Policy')) cspViolations.push(msg.text());
  });
  return { context, page, errors, cspViolations };
}

/** Signs in through the console's development sign-in form. */
export async function devSignIn(
  page: Page,
  consoleUrl: string,
  who: { userId: string; orgId: string; name?: string },
): Promise<void> {
  await page.goto(`${consoleUrl}/signin`);
  await page.locator('[data-testid="dev-signin"]').waitFor();
  await page.fill('input[name="userId"]', who.userId);
  await page.fill('input[name="orgId"]', who.orgId);
  if (who.name) await page.fill('input[name="name"]', who.name);
  await page.locator('[data-testid="dev-signin"] button[type="submit"]').click();
  await page.waitForURL('**/dashboard');
  await page.locator('[data-testid="who"]').waitFor();
}
