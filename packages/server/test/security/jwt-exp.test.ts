import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, httpClient, tokenFor } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

const key = new TextEncoder().encode(TEST_SECRET);
const claims = { org: 'acme', roles: ['user'] };

/** Tokens must expire; with MC_JWT_MAX_LIFETIME_SECONDS they must also expire soon enough. */
describe('JWT exp required, with an optional maximum lifetime', () => {
  let s: SecurityServer;
  beforeAll(async () => {
    s = await startSecurityServer({ MC_JWT_MAX_LIFETIME_SECONDS: '3600' });
  });
  afterAll(async () => s?.stop());

  it('refuses a correctly signed token without exp with AUTH_001', async () => {
    const forever = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('ivy').setIssuedAt().sign(key);
    await whileHealthy(s.server.url, async () => {
      const e = await expectAppError(httpClient(s.server.url, forever).messages.unreadCount.query(), 'UNAUTHORIZED', 'AUTH_001');
      expect(e.message).toMatch(/exp/);
    });
  });

  it('refuses tokens valid for longer than the maximum lifetime; accepts shorter ones', async () => {
    const longLived = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('ivy').setIssuedAt().setExpirationTime('30d').sign(key);
    const noIat = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('ivy').setExpirationTime('2h').sign(key);
    const e = await expectAppError(httpClient(s.server.url, longLived).messages.unreadCount.query(), 'UNAUTHORIZED', 'AUTH_001');
    expect(e.message).toMatch(/lifetime/);
    await expectAppError(httpClient(s.server.url, noIat).messages.unreadCount.query(), 'UNAUTHORIZED', 'AUTH_001');
    const fine = await tokenFor('ivy', 'acme', ['user'], { ttl: '30m' });
    expect((await httpClient(s.server.url, fine).messages.unreadCount.query()).total).toBe(0);
  });
});
