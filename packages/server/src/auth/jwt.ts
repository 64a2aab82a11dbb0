import { SignJWT, jwtVerify, createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AppError, AppCode, POISONOUS_KEYS, Role, UserUpsertInput, type Principal } from '../domain/index.js';
import type { TokenClaims, TokenIssuer } from '../ports/token-issuer.js';

/** How tokens are checked: an HS256 secret, or a JWKS URL (OIDC), plus optional iss/aud. */
export interface TokenVerifierOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /**
   * Longest validity a token may claim, in seconds (`exp` minus `iat`, or minus now without
   * `iat`). Unset = no maximum; `exp` itself is always required.
   */
  maxLifetimeSeconds?: number;
  /** The clock `exp`, `nbf` and the lifetime are checked against (ms since the epoch); default `Date.now`. */
  now?: () => number;
}

// Ids become object keys in responses; a reserved name would break their serialization.
const Id = z
  .union([z.string().min(1), z.number()])
  .transform(String)
  .refine((id) => !POISONOUS_KEYS.has(id), 'must not be __proto__, constructor or prototype');

const Claims = z.object({
  sub: Id,
  org: Id,
  roles: z.array(Role).min(1),
  name: z.string().max(256).optional(),
  exp: z.number(),
  iat: z.number().optional(),
  // OIDC standard claims feed the directory's contacts; a malformed one is ignored, not fatal.
  email: UserUpsertInput.shape.email.catch(undefined),
  phone_number: UserUpsertInput.shape.phone.catch(undefined),
  zoneinfo: UserUpsertInput.shape.timeZone.catch(undefined),
  locale: UserUpsertInput.shape.locale.catch(undefined),
});

/** Verifies bearer tokens and turns them into principals. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/**
 * Creates the verifier. Only HS256 (secret) or the asymmetric algorithms a JWKS serves are
 * accepted; `alg: none` and anything unexpected is rejected by jose's algorithm allow-list.
 * `exp` and `nbf` are always enforced, `iss` / `aud` when configured.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  if (!opts.secret && !opts.jwksUrl) throw new Error('createTokenVerifier needs a secret or a JWKS URL');
  // Imported once: given raw bytes, jose imports the key through WebCrypto on every verification.
  const secretKey = opts.secret
    ? globalThis.crypto.subtle.importKey('raw', new TextEncoder().encode(opts.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    : undefined;
  const jwks: JWTVerifyGetKey | undefined = opts.jwksUrl ? createRemoteJWKSet(new URL(opts.jwksUrl)) : undefined;

  const clock = opts.now ?? Date.now;

  return async (token: string) => {
    if (!token) throw new AppError(AppCode.AUTH_FAILED, 'A bearer token is required');
    const nowMs = clock();
    // A token without `exp` would be valid forever: refuse it (jose reports the missing claim).
    const common = { issuer: opts.issuer, audience: opts.audience, clockTolerance: 5, requiredClaims: ['exp'], currentDate: new Date(nowMs) };
    let payload: unknown;
    try {
      if (secretKey && (!jwks || headerAlg(token) === 'HS256')) {
        payload = (await jwtVerify(token, await secretKey, { ...common, algorithms: ['HS256'] })).payload;
      } else {
        payload = (await jwtVerify(token, jwks!, { ...common, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] })).payload;
      }
    } catch (err) {
      throw new AppError(AppCode.AUTH_FAILED, describeJoseError(err));
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      throw new AppError(AppCode.AUTH_FAILED, `Token claims are invalid: ${claims.error.issues.map((i) => i.path.join('.') || 'claims').join(', ')}`);
    }
    const { sub, org, roles, name, exp, iat, email, phone_number: phone, zoneinfo: timeZone, locale } = claims.data;
    if (opts.maxLifetimeSeconds !== undefined) {
      const lifetime = exp - (iat ?? Math.floor(nowMs / 1000));
      if (lifetime > opts.maxLifetimeSeconds) {
        throw new AppError(AppCode.AUTH_FAILED, `Token lifetime of ${lifetime} s exceeds the allowed ${opts.maxLifetimeSeconds} s; issue a shorter-lived token`);
      }
    }
    const contact = Object.fromEntries(Object.entries({ email, phone, timeZone, locale }).filter(([, v]) => v !== undefined));
    return { userId: sub, orgId: org, roles, ...(name ? { name } : {}), expiresAt: exp, ...(Object.keys(contact).length ? { contact } : {}) };
  };
}

function headerAlg(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : undefined;
  } catch {
    return undefined;
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'Token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'exp' && err.reason === 'missing') return 'Token has no "exp" claim; tokens must expire';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `Token claim "${err.claim}" is invalid (${err.reason})`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'Token algorithm is not allowed';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'Token signature is invalid';
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'Token is malformed';
  return 'Token could not be verified';
}

export type { TokenClaims };

/** Signs an HS256 token (used by `message-center token` and dev sign-in). `ttl` like `1h`, `30m`. */
export async function signToken(secret: string, claims: TokenClaims, opts: { ttl?: string; issuer?: string; audience?: string } = {}): Promise<string> {
  let jwt = new SignJWT({ org: claims.orgId, roles: claims.roles, ...(claims.name ? { name: claims.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(opts.ttl ?? '1h');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A `TokenIssuer` signing HS256 with `secret` (dev sign-in). */
export function createTokenIssuer(secret: string, opts: { issuer?: string; audience?: string } = {}): TokenIssuer {
  return { issue: (claims, ttl) => signToken(secret, claims, { ttl, issuer: opts.issuer, audience: opts.audience }) };
}
