import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenVerifier } from '../../src/auth/jwt.js';
import { RealtimeService } from '../../src/realtime/realtime-service.js';
import { VerifiedTokens, createContextFactory } from '../../src/server/context.js';
import type { ContextFactory } from '../../src/trpc/trpc.js';
import { startInProcess, type InProcessCenter } from '../support/in-process.js';

const SECRET = `token-cache-${randomUUID()}`;
const key = new TextEncoder().encode(SECRET);
/** Seconds since the epoch of the controlled clock's start. */
const T = 2_000_000_000;

const sign = (sub: string, exp: number) =>
  new SignJWT({ org: 'acme', roles: ['user'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt(T).setExpirationTime(exp).sign(key);
const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;

/**
 * HTTP calls reuse a verified token instead of checking its signature on every request. The
 * cache must never make a token live longer: at `exp` it is checked again (and refused once
 * jose's clock tolerance has passed), bad tokens are never remembered, and the cache is bounded.
 */
describe('cache of verified tokens (HTTP contexts)', () => {
  let center: InProcessCenter;
  let realtime: RealtimeService;
  let nowMs = T * 1000;
  let verifications = 0;
  let contexts: ContextFactory;

  beforeAll(async () => {
    center = await startInProcess();
    realtime = new RealtimeService(center.deps, center.services.inbox, center.services.presence, center.services.renderer, { instanceId: randomUUID() });
    const real = createTokenVerifier({ secret: SECRET, now: () => nowMs });
    // The real verifier, counted: the test asserts when the signature check runs.
    const counted: TokenVerifier = (token) => {
      verifications++;
      return real(token);
    };
    contexts = createContextFactory(center.services, realtime, counted, { now: () => nowMs });
  });
  afterAll(async () => {
    await realtime?.close();
    await center?.close();
  });

  it('checks a token once, then serves it from the cache until its exp — never past it', async () => {
    const token = await sign('ann', T + 30);
    verifications = 0;
    nowMs = T * 1000;
    expect((await contexts.http(request(token))).principal?.userId).toBe('ann');
    nowMs = (T + 29) * 1000;
    expect((await contexts.http(request(token))).principal?.userId).toBe('ann');
    expect(verifications).toBe(1);

    // At exp the cached entry is gone: the signature and claims are checked again.
    nowMs = (T + 30) * 1000;
    await contexts.http(request(token));
    expect(verifications).toBe(2);

    // Past jose's 5 s tolerance the token is refused, cached or not.
    nowMs = (T + 36) * 1000;
    const late = await contexts.http(request(token));
    expect(late.principal).toBeNull();
    expect(late.authError).toMatchObject({ appCode: 'AUTH_001', message: 'Token has expired' });
  });

  it('re-checks a token after the cache lifetime even when exp is far away', async () => {
    const token = await sign('bob', T + 3600);
    verifications = 0;
    nowMs = T * 1000;
    await contexts.http(request(token));
    nowMs = T * 1000 + 59_999;
    await contexts.http(request(token));
    expect(verifications).toBe(1);
    nowMs = T * 1000 + 60_000;
    expect((await contexts.http(request(token))).principal?.userId).toBe('bob');
    expect(verifications).toBe(2);
  });

  it('never caches a refused token: a forged signature fails on every call', async () => {
    const good = await sign('cat', T + 3600);
    const [h, p] = good.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    nowMs = T * 1000;
    await contexts.http(request(good));
    verifications = 0;
    for (let i = 0; i < 3; i++) {
      const ctx = await contexts.http(request(forged));
      expect(ctx.principal).toBeNull();
      expect(ctx.authError).toMatchObject({ appCode: 'AUTH_001', message: 'Token signature is invalid' });
    }
    expect(verifications).toBe(3);
  });

  it('WebSocket contexts always verify (one check per connection, no cache)', async () => {
    const token = await sign('dan', T + 3600);
    nowMs = T * 1000;
    verifications = 0;
    await contexts.ws({ token }, randomUUID());
    await contexts.ws({ token }, randomUUID());
    expect(verifications).toBe(2);
  });
});

describe('VerifiedTokens bounds', () => {
  const principal = (userId: string) => ({ userId, orgId: 'acme', roles: ['user' as const], expiresAt: T + 3600 });

  it('holds at most `max` tokens, dropping the oldest first', () => {
    const cache = new VerifiedTokens(60_000, 2);
    const now = T * 1000;
    cache.set('a', principal('a'), now);
    cache.set('b', principal('b'), now);
    cache.set('c', principal('c'), now);
    expect(cache.size).toBe(2);
    expect(cache.get('a', now)).toBeNull();
    expect(cache.get('b', now)?.userId).toBe('b');
    expect(cache.get('c', now)?.userId).toBe('c');
  });

  it('does not store a token already at or past its exp', () => {
    const cache = new VerifiedTokens();
    cache.set('late', { ...principal('x'), expiresAt: T }, T * 1000);
    expect(cache.size).toBe(0);
  });
});
