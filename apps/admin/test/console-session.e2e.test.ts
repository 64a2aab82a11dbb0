/**
 * The console's session in a real browser: the token lives only in an httpOnly, SameSite=Strict
 * cookie, mutations through the console are CSRF-checked, pages carry security headers, and the
 * Live page streams through the console (no WebSocket, no token in the page).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, serverClient } from './support/api';
import { devSignIn, newProfile, startStack, type Stack } from './support/stack';

const ORG = 'org-session';
let stack: Stack;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];
let pageErrors: string[];
const webSockets: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  ({ context, page, cspViolations, errors: pageErrors } = await newProfile(stack));
  page.on('websocket', (ws) => webSockets.push(ws.url()));
});

afterAll(async () => {
  await stack?.stop();
});

/** The session cookies the browser holds for the console. */
async function sessionCookies() {
  const all = await context.cookies(stack.admin.url);
  return {
    session: all.find((c) => c.name === 'mc_session'),
    csrf: all.find((c) => c.name === 'mc_csrf'),
  };
}

/** A mutation through the console's `/trpc`, as a page (or an attacker) could send it. */
async function createGroupThroughConsole(groupId: string, headers: Record<string, string>) {
  return fetch(`${stack.admin.url}/trpc/groups.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: { groupId, name: groupId, type: 'USER_GROUP', members: [] } }),
  });
}

async function groupExists(groupId: string): Promise<boolean> {
  const token = await devToken(stack.server.url, { userId: 'a', orgId: ORG, roles: ['admin'] });
  return serverClient(stack.server.url, token)
    .groups.get.query({ groupId })
    .then(
      () => true,
      () => false,
    );
}

describe('console session', () => {
  it('signs in into an httpOnly, SameSite=Strict cookie that no script can see', async () => {
    await devSignIn(page, stack.admin.url, {
      userId: 'admin-s',
      orgId: ORG,
      name: 'Session Admin',
    });
    const { session, csrf } = await sessionCookies();
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session?.value).toMatch(/^eyJ/); // the JWT, held by the browser for the console only
    expect(csrf).toMatchObject({ httpOnly: false, sameSite: 'Strict' });
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
    }));
    for (const text of Object.values(visible)) {
      expect(text).not.toContain(session!.value);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    }
    expect(visible.cookie).not.toContain('mc_session');
  });

  it('keeps the session across a reload', async () => {
    await page.reload();
    await expect
      .poll(() => page.textContent('[data-testid="who"]'), { timeout: 15_000 })
      .toContain(ORG);
  });

  it('accepts a same-origin mutation that carries the CSRF token', async () => {
    const { session, csrf } = await sessionCookies();
    const res = await createGroupThroughConsole('grp-accepted', {
      cookie: `mc_session=${session!.value}; mc_csrf=${csrf!.value}`,
      origin: stack.admin.url,
      'x-mc-csrf': csrf!.value,
    });
    expect(res.status).toBe(200);
    expect(await groupExists('grp-accepted')).toBe(true);
  });

  it('refuses a mutation from another origin, or without the CSRF token', async () => {
    const { session, csrf } = await sessionCookies();
    const cookie = `mc_session=${session!.value}; mc_csrf=${csrf!.value}`;
    const attempts: Record<string, string>[] = [
      { cookie, origin: 'http://evil.example', 'x-mc-csrf': csrf!.value },
      { cookie, origin: stack.admin.url },
      { cookie, origin: stack.admin.url, 'x-mc-csrf': 'guessed' },
      { cookie, 'x-mc-csrf': csrf!.value }, // no Origin, no Sec-Fetch-Site
    ];
    for (const [i, headers] of attempts.entries()) {
      const res = await createGroupThroughConsole(`grp-refused-${i}`, headers);
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { json: { data: { appCode: string } } } };
      expect(body.error.json.data.appCode).toBe('AUTH_002');
      expect(await groupExists(`grp-refused-${i}`)).toBe(false);
    }
  });

  it('does not hand out tokens through its /trpc route', async () => {
    const res = await fetch(`${stack.admin.url}/trpc/auth.devSignIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.admin.url },
      body: JSON.stringify({ json: { userId: 'x', orgId: ORG, roles: ['admin'] } }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/eyJ/);
  });

  it('sends security headers, and its policy blocks an injected inline script', async () => {
    const res = await fetch(`${stack.admin.url}/signin`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const api = await fetch(`${stack.admin.url}/trpc/auth.devSignInEnabled`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    // Two loads, two nonces.
    const again = (await fetch(`${stack.admin.url}/signin`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);

    await page.goto(`${stack.admin.url}/dashboard`);
    await page.locator('[data-testid="kpis"]').waitFor();
    // The usual XSS payload: markup with an inline event handler. The policy has no
    // 'unsafe-inline', so the handler never runs and the browser reports the violation.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img src="/no-such-image" onerror="window.__injected = true">',
      ),
    );
    await expect.poll(() => cspViolations.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBe(
      undefined,
    );
    expect(cspViolations.join('\n')).toContain('inline event handler');
  });

  it('streams the Live page through the console, without a WebSocket', async () => {
    cspViolations.length = 0;
    await page.goto(`${stack.admin.url}/live`);
    await page.locator('[data-testid="live-kpis"]').waitFor();
    // A second sample arrives over the same stream (the server sends one every ~2 s).
    await page.locator('[data-testid="live-chart-soon"]').waitFor({ state: 'detached' });
    expect(await page.textContent('[data-testid="live-connections-note"]')).toContain(
      'not counted',
    );
    expect(webSockets).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('signs out: the cookies are gone and the console asks to sign in again', async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForURL('**/signin');
    const { session, csrf } = await sessionCookies();
    expect(session).toBeUndefined();
    expect(csrf).toBeUndefined();
    await page.goto(`${stack.admin.url}/dashboard`);
    await page.waitForURL('**/signin');
    expect(pageErrors).toEqual([]);
  });
});
