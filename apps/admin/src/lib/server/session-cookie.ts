import { decodeJwt } from 'jose';
import type { NextRequest, NextResponse } from 'next/server';
import { CSRF_COOKIE, SESSION_COOKIE } from '../session-names';

/** Upper bound of a session, whatever the token says (the server still checks `exp` itself). */
const MAX_SESSION_SECONDS = 12 * 60 * 60;

/** The bearer token of this request's session, if any. */
export function sessionToken(req: NextRequest): string | null {
  return req.cookies.get(SESSION_COOKIE)?.value ?? null;
}

/** Whether the browser reached the console over HTTPS (directly or through a TLS proxy). */
function isHttps(req: NextRequest): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? req.nextUrl.protocol.replace(/:$/, '')) === 'https';
}

/** Seconds the cookie may live: until the token's `exp`, capped; a token without `exp` gets the cap. */
function lifetimeSeconds(token: string): number {
  let exp: number | undefined;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    exp = undefined; // the server verified the token; an opaque one simply gets the cap
  }
  const left = exp === undefined ? MAX_SESSION_SECONDS : Math.floor(exp - Date.now() / 1000);
  return Math.max(1, Math.min(left, MAX_SESSION_SECONDS));
}

/**
 * Starts a session on `res`: the token in an httpOnly, SameSite=Strict cookie and a fresh random
 * CSRF token in a readable cookie of the same lifetime.
 */
export function setSessionCookies(req: NextRequest, res: NextResponse, token: string): void {
  const common = {
    sameSite: 'strict',
    secure: isHttps(req),
    path: '/',
    maxAge: lifetimeSeconds(token),
  } as const;
  res.cookies.set(SESSION_COOKIE, token, { ...common, httpOnly: true });
  res.cookies.set(CSRF_COOKIE, randomToken(), { ...common, httpOnly: false });
}

/** Ends the session: both cookies expire now. */
export function clearSessionCookies(req: NextRequest, res: NextResponse): void {
  const common = { sameSite: 'strict', secure: isHttps(req), path: '/', maxAge: 0 } as const;
  res.cookies.set(SESSION_COOKIE, '', { ...common, httpOnly: true });
  res.cookies.set(CSRF_COOKIE, '', { ...common, httpOnly: false });
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}
