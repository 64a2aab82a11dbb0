import type { IncomingMessage } from 'node:http';
import type { TokenVerifier } from '../auth/jwt.js';
import { AppError, bearerToken, type Principal } from '../domain/index.js';
import type { LiveEvents } from '../ports/live-events.js';
import type { Services } from '../services/index.js';
import type { Context, ContextFactory } from '../trpc/trpc.js';

/**
 * Tokens that verified lately, keyed by the token string. A caller making many calls with one
 * token pays the signature check once a minute instead of on every request; an entry never
 * outlives the token's `exp`. Bounded: past `max` entries the oldest is dropped (insertion order),
 * so a burst of new tokens never empties the cache for everyone else.
 */
export class VerifiedTokens {
  private readonly byToken = new Map<string, { principal: Principal; until: number }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 20_000,
  ) {}
  get(token: string, now: number): Principal | null {
    const hit = this.byToken.get(token);
    if (!hit) return null;
    if (hit.until > now) return hit.principal;
    this.byToken.delete(token);
    return null;
  }
  set(token: string, principal: Principal, now: number): void {
    const until = Math.min(now + this.ttlMs, principal.expiresAt !== undefined ? principal.expiresAt * 1000 : Infinity);
    if (until <= now) return;
    this.byToken.delete(token);
    if (this.byToken.size >= this.max) {
      const oldest = this.byToken.keys().next();
      if (!oldest.done) this.byToken.delete(oldest.value);
    }
    this.byToken.set(token, { principal, until });
  }
  get size(): number {
    return this.byToken.size;
  }
}

/** Options of {@link createContextFactory}. */
export interface ContextFactoryOptions {
  /** The clock the token cache reads (ms since the epoch); default `Date.now`. */
  now?: () => number;
  /** The cache of verified tokens; default one minute, 20,000 tokens. */
  verifiedTokens?: VerifiedTokens;
}

/** Builds tRPC contexts from a bearer token (HTTP header or WebSocket `connectionParams.token`). */
export function createContextFactory(services: Services, live: LiveEvents, verify: TokenVerifier, options: ContextFactoryOptions = {}): ContextFactory {
  const verified = options.verifiedTokens ?? new VerifiedTokens();
  const clock = options.now ?? Date.now;

  async function authenticate(token: string | null, isRepeatable: boolean): Promise<{ principal: Principal | null; authError: AppError | null }> {
    if (!token) return { principal: null, authError: null };
    try {
      const now = clock();
      // Only HTTP calls repeat a token; a WebSocket verifies once per connection anyway.
      let principal = isRepeatable ? verified.get(token, now) : null;
      if (!principal) {
        principal = await verify(token);
        if (isRepeatable) verified.set(token, principal, now);
      }
      await services.users.recordSeen(principal);
      return { principal, authError: null };
    } catch (err) {
      return { principal: null, authError: err instanceof AppError ? err : new AppError('AUTH_001', 'Token could not be verified') };
    }
  }

  return {
    /** Context for an HTTP request. */
    async http(req: IncomingMessage): Promise<Context> {
      const token = bearerToken(req.headers.authorization);
      return { services, live, sessionId: null, ...(await authenticate(token, true)) };
    },
    /** Context for a WebSocket connection (once per connection). */
    async ws(connectionParams: Record<string, string | undefined> | null | undefined, sessionId: string): Promise<Context> {
      const token = typeof connectionParams?.token === 'string' ? connectionParams.token : null;
      return { services, live, sessionId, ...(await authenticate(token, false)) };
    },
  };
}
