import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer, type BackendUnderTest, type TestServer } from '../support/server.js';

/** The reference UI renders the served document in a real browser, loading nothing from elsewhere. */
describe('REST reference UI at /api/v1/docs', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await backend?.cleanup();
  });

  it('shows the operations of the OpenAPI document, with every request to the server itself', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const origin = new URL(server.url).origin;
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    await page.goto(`${server.url}/api/v1/docs`);
    await page.getByText('Send a message to one user').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('Message Center REST API').count()).toBeGreaterThan(0);
    // Without the settings in docs.ts, Scalar asks proxy.scalar.com for its API registry while rendering.
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);
});
