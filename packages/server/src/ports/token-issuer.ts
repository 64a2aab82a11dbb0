import type { Role } from '../domain/index.js';

/** Who a token is issued for. */
export interface TokenClaims {
  userId: string;
  orgId: string;
  roles: Role[];
  name?: string;
}

/**
 * Issues signed tokens (development sign-in). The reference server signs HS256 with its secret
 * (`createTokenIssuer` in auth/jwt.ts); services never see the secret or the signing library.
 */
export interface TokenIssuer {
  /** A token for `claims` that expires after `ttl` (`8h`, `30m`, …). */
  issue(claims: TokenClaims, ttl: string): Promise<string>;
}
