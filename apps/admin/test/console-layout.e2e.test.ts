/**
 * The console at 1024 and 1280 px, in English and Chinese: the header stays on one row, Chinese
 * text renders with real glyphs (a CJK font is in the stack), and empty pages say what will
 * appear. Screenshots land in test-artifacts/ (git-ignored).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { devToken, serverClient } from './support/api';
import { ARTIFACTS, devSignIn, newProfile, startStack, type Stack } from './support/stack';

const ORG = 'org-layout';
const CJK_TITLE = '设备离线告警';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  // Something to chart and list: a message with a Chinese title to a user of the org.
  const token = await devToken(stack.server.url, { userId: 'ops', orgId: ORG, roles: ['admin'] });
  const client = serverClient(stack.server.url, token);
  await client.messages.send.mutate({
    receiverId: 'u-1',
    messageType: 'ALERT',
    title: CJK_TITLE,
    content: '设备 LED-7 已离线。',
  });
  // Sends are written asynchronously: wait until the org's list shows it.
  await vi.waitFor(
    async () => {
      if ((await client.messages.orgList.query({})).total < 1) throw new Error('not listed yet');
    },
    { timeout: 15_000, interval: 100 },
  );
});

afterAll(async () => {
  await stack?.stop();
});

/** Where the header's first and last items sit, and whether the page scrolls sideways. */
function headerGeometry(page: Page) {
  return page.evaluate(() => {
    const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
    const brand = box('.topbar .brand');
    const signOut = box('[data-testid="sign-out"]');
    const nav = box('nav[aria-label="main"]');
    const navEl = document.querySelector('nav[aria-label="main"]')!;
    const who = document.querySelector('.topbar .who')!;
    return {
      headerHeight: box('.topbar').height,
      sameRow: Math.abs(brand.top + brand.height / 2 - (signOut.top + signOut.height / 2)) < 4,
      navOnRow: Math.abs(nav.top + nav.height / 2 - (brand.top + brand.height / 2)) < 4,
      signOutVisible: signOut.right <= window.innerWidth,
      overflowX: document.documentElement.scrollWidth > window.innerWidth,
      /** Sections hidden in the navigation's own scroll box (no cue shows they are there). */
      navScrolls: navEl.scrollWidth > navEl.clientWidth + 1,
      /** The identity text is cut to its ellipsis (it has given way as far as it can). */
      whoAtMinimum: who.getBoundingClientRect().width <= parseFloat(getComputedStyle(who).minWidth) + 1,
    };
  });
}

/**
 * Whether two different Chinese characters draw differently in the page's own font: a missing
 * font draws both as the same "tofu" box.
 */
function cjkGlyphsDiffer(page: Page, a: string, b: string) {
  return page.evaluate(
    ([first, second]) => {
      const font = getComputedStyle(document.querySelector('h1')!).fontFamily;
      const draw = (ch: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 40;
        const ctx = canvas.getContext('2d')!;
        ctx.font = `32px ${font}`;
        ctx.fillText(ch, 2, 32);
        return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(',');
      };
      return draw(first!) !== draw(second!);
    },
    [a, b],
  );
}

for (const locale of ['en', 'zh-CN'] as const) {
  for (const width of [1024, 1280]) {
    describe(`${locale} at ${width} px`, () => {
      let page: Page;
      const shot = (name: string) =>
        page.screenshot({
          path: join(ARTIFACTS, `layout-${width}-${locale}-${name}.png`),
          fullPage: true,
        });

      beforeAll(async () => {
        ({ page } = await newProfile(stack, {
          width,
          height: 860,
          locale: locale === 'en' ? 'en-US' : 'zh-CN',
        }));
        await devSignIn(page, stack.admin.url, {
          userId: 'layout-admin-with-a-long-name',
          orgId: ORG,
          name: 'Layout Admin With A Long Display Name',
        });
        await page.selectOption('.topbar select', locale);
      });
      afterAll(async () => {
        await page?.context().close();
      });

      it('keeps the header on one row', async () => {
        await page.goto(`${stack.admin.url}/dashboard`);
        await page.locator('[data-testid="kpis"]').waitFor();
        const geometry = await headerGeometry(page);
        expect(geometry).toMatchObject({
          sameRow: true,
          navOnRow: true,
          signOutVisible: true,
          overflowX: false,
        });
        expect(geometry.headerHeight).toBeLessThan(64);
        // The identity gives way before any section is hidden in the navigation's scroll box;
        // from 1280 px every section is in view, even beside a long display name.
        if (geometry.navScrolls) expect(geometry.whoAtMinimum).toBe(true);
        if (width >= 1280) expect(geometry.navScrolls).toBe(false);
        await page.locator('[data-testid="daily-chart"] svg').first().waitFor();
        await shot('dashboard');
      });

      it('lists a Chinese title with real glyphs', async () => {
        await page.goto(`${stack.admin.url}/messages`);
        await expect.poll(() => page.textContent('main'), { timeout: 15_000 }).toContain(CJK_TITLE);
        expect(await cjkGlyphsDiffer(page, '设', '备')).toBe(true);
        expect((await headerGeometry(page)).sameRow).toBe(true);
        await shot('messages');
      });

      it('says what the template preview will show before anything is typed', async () => {
        await page.goto(`${stack.admin.url}/templates/new`);
        const empty = page.locator('[data-testid="preview-empty"]');
        await empty.waitFor();
        expect(await empty.textContent()).toMatch(
          locale === 'en' ? /appears here as you type/ : /随输入显示/,
        );
        await shot('template-new');
      });

      it('explains an empty Live page and which connections it counts', async () => {
        await page.goto(`${stack.admin.url}/live`);
        await page.locator('[data-testid="live-kpis"]').waitFor();
        expect(await page.textContent('[data-testid="live-connections"] .value')).toBe('0');
        expect(await page.textContent('[data-testid="live-empty"]')).toMatch(
          locale === 'en' ? /Connected clients will appear here/ : /已连接的客户端会显示在这里/,
        );
        expect(await page.textContent('[data-testid="live-connections-note"]')).toMatch(
          locale === 'en'
            ? /console’s own live view is not counted/
            : /本控制台自身的实时视图不计入/,
        );
        await shot('live');
      });
    });
  }
}

describe('below 1024 px', () => {
  it('moves the navigation to its own row instead of overflowing', async () => {
    const { page, context } = await newProfile(stack, { width: 800, height: 860 });
    await devSignIn(page, stack.admin.url, { userId: 'narrow', orgId: ORG });
    const geometry = await headerGeometry(page);
    expect(geometry).toMatchObject({ sameRow: true, navOnRow: false, overflowX: false });
    await page.screenshot({ path: join(ARTIFACTS, 'layout-800-en-dashboard.png') });
    await context.close();
  });
});
