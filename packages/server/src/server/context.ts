import type { IncomingMessage } from 'node:http';
import type { TokenVerifier } from '../auth/jwt.js';
import { AppError, bearerToken, type Principal } from '../domain/index.js';
import type { Services } from '../services/index.js';
import type { Context } from '../trpc/trpc.js';

/** Remembers recently seen users so recording them in the directory costs one write per user per interval. */
class SeenUsers {
  private readonly seen = new Map<string, number>();
  constructor(private readonly intervalMs = 10 * 60_000, private readonly max = 100_000) {}
  isFresh(key: string, now: number): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.intervalMs) return true;
    if (this.seen.size >= this.max) this.seen.clear();
    this.seen.set(key, now);
    return false;
  }
}

/**
 * Tokens that verified lately. A sender making many calls with one token pays the signature
 * check once a minute instead of on every request; an entry never outlives the token's `exp`.
 */
class VerifiedTokens {
  private readonly byToken = new Map<string, { principal: Principal; until: number }>();
  constructor(private readonly ttlMs = 60_000, private readonly max = 10_000) {}
  get(token: string, now: number): Principal | null {
    const hit = this.byToken.get(token);
    if (!hit) return null;
    if (hit.until > now) return hit.principal;
    this.byToken.delete(token);
    return null;
  }
  set(token: string, principal: Principal, now: number): void {
    if (this.byToken.size >= this.max) this.byToken.clear();
    const until = Math.min(now + this.ttlMs, principal.expiresAt !== undefined ? principal.expiresAt * 1000 : Infinity);
    this.byToken.set(token, { principal, until });
  }
}

/** Builds tRPC contexts from a bearer token (HTTP header or WebSocket `connectionParams.token`). */
export function createContextFactory(services: Services, verify: TokenVerifier) {
  const seen = new SeenUsers();
  const verified = new VerifiedTokens();

  async function authenticate(token: string | null, isRepeatable: boolean): Promise<{ principal: Principal | null; authError: AppError | null }> {
    if (!token) return { principal: null, authError: null };
    try {
      const now = Date.now();
      // Only HTTP calls repeat a token; a WebSocket verifies once per connection anyway.
      let principal = isRepeatable ? verified.get(token, now) : null;
      if (!principal) {
        principal = await verify(token);
        if (isRepeatable) verified.set(token, principal, now);
      }
      if (!seen.isFresh(`${principal.orgId}\u0000${principal.userId}`, now)) {
        await services.deps.store.users.touch(principal.orgId, principal.userId, principal.name, new Date(now)).catch((err: unknown) => {
          services.deps.logger.warn({ err }, 'could not record user in directory');
        });
      }
      return { principal, authError: null };
    } catch (err) {
      return { principal: null, authError: err instanceof AppError ? err : new AppError('AUTH_001', 'Token could not be verified') };
    }
  }

  return {
    /** Context for an HTTP request. */
    async http(req: IncomingMessage): Promise<Context> {
      const token = bearerToken(req.headers.authorization);
      return { services, sessionId: null, ...(await authenticate(token, true)) };
    },
    /** Context for a WebSocket connection (once per connection). */
    async ws(connectionParams: Record<string, string | undefined> | null | undefined, sessionId: string): Promise<Context> {
      const token = typeof connectionParams?.token === 'string' ? connectionParams.token : null;
      return { services, sessionId, ...(await authenticate(token, false)) };
    },
  };
}
