/**
 * examples/inbox-react, built from the packed client tarball (not a workspace link) with Vite,
 * driven in Chromium against a real server: sign-in with a token, a live toast and the badge in
 * two tabs, reading in one tab clears the other's badge, infinite scroll in the dropdown.
 * Screenshots: packages/client/test-artifacts/inbox-react/.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../../server/test/support/server.js';
import { createMessageCenterClient, type MessageCenterClient } from '../src/index.js';
import WebSocket from 'ws';
import { CLIENT_ROOT, REPO_ROOT, mustRun, packClient } from './support/packaging.js';

const EXAMPLE = join(REPO_ROOT, 'examples', 'inbox-react');
const SHOTS = join(CLIENT_ROOT, 'test-artifacts', 'inbox-react');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** Serves the built app (a static directory) on a free loopback port. */
async function serveStatic(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(?:\.\.[/\\])+/, '');
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || lstatSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('examples/inbox-react from the packed tarball, in Chromium', () => {
  let work: string;
  let backend: BackendUnderTest;
  let mc: TestServer;
  let sender: MessageCenterClient;
  let site: { url: string; server: Server };
  let browser: Browser;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mc-example-'));
    const tarball = await packClient(work);
    const app = join(work, 'app');
    cpSync(EXAMPLE, app, { recursive: true, filter: (src) => !/[/\\](?:node_modules|dist)$/.test(src) });
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    pkg.dependencies['@message-center/client'] = `file:${tarball}`;
    writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
    await mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, timeoutMs: 600_000 });
    // Installed from the tarball: a real directory, not a link back into the repo.
    expect(lstatSync(join(app, 'node_modules', '@message-center', 'client')).isSymbolicLink()).toBe(false);
    expect(existsSync(join(app, 'node_modules', '@message-center', 'server'))).toBe(false);
    // The app type-checks (strict, no skipLibCheck) against the tarball's declarations.
    await mustRun(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, timeoutMs: 300_000 });
    await mustRun(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, timeoutMs: 300_000 });

    backend = await sqliteBackend();
    mc = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000' });
    sender = createMessageCenterClient({ url: mc.wsUrl, WebSocket, getToken: () => tokenFor('ops', 'acme', ['admin']) });
    site = await serveStatic(join(app, 'dist'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (site) await new Promise((resolve) => site.server.close(resolve));
    await sender?.close();
    await mc?.stop();
    await backend?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const send = (title: string) => sender.messages.send.mutate({ receiverId: 'zoe', messageType: 'NOTIFICATION', title, content: `About: ${title}` });

  async function signedInTab(token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    await page.goto(`${site.url}/?server=${encodeURIComponent(mc.wsUrl)}`);
    await page.locator('textarea[name=token]').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid=connection][data-state=connected]').waitFor();
    return page;
  }

  it('shows a live message in two tabs; reading it in one clears the badge in the other; scrolls for more', async () => {
    const token = await tokenFor('zoe', 'acme', ['user'], { name: 'Zoe' });
    const tabA = await signedInTab(token);
    const tabB = await signedInTab(token);
    await tabA.screenshot({ path: join(SHOTS, '1-signed-in.png') });

    await send('Deploy finished');
    for (const tab of [tabA, tabB]) {
      await tab.getByRole('status').filter({ hasText: 'Deploy finished' }).waitFor();
      await expect.poll(() => tab.getByTestId('badge').textContent()).toBe('1');
    }
    await tabA.screenshot({ path: join(SHOTS, '2-live-toast-and-badge.png') });

    await tabA.getByRole('button', { name: /Notifications/ }).click();
    const item = tabA.locator('.message.unread', { hasText: 'Deploy finished' });
    await item.waitFor();
    await tabA.screenshot({ path: join(SHOTS, '3-dropdown.png') });
    await item.getByRole('button').click();
    await tabA.locator('.message:not(.unread)', { hasText: 'Deploy finished' }).waitFor();
    await tabA.getByTestId('badge').waitFor({ state: 'detached' });
    await tabB.getByTestId('badge').waitFor({ state: 'detached' });
    await tabB.screenshot({ path: join(SHOTS, '4-other-tab-read.png') });

    // Infinite scroll: 12 more messages; a fresh tab loads 10, scrolling to the end loads the rest.
    for (let i = 1; i <= 12; i++) await send(`Report ${i}`);
    await expect.poll(() => tabB.getByTestId('badge').textContent()).toBe('12');
    const tabC = await signedInTab(token);
    await tabC.getByRole('button', { name: /Notifications/ }).click();
    await expect.poll(() => tabC.locator('.message').count()).toBe(10);
    await tabC.locator('.more').scrollIntoViewIfNeeded();
    await expect.poll(() => tabC.locator('.message').count()).toBe(13);
    await tabC.screenshot({ path: join(SHOTS, '5-infinite-scroll.png') });
  }, 120_000);
});
