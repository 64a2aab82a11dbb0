import { timingSafeEqual } from 'node:crypto';
import { CSRF_COOKIE, CSRF_HEADER } from '../session-names';

/** What the CSRF checks read from a request: its method, headers and cookies. */
export interface CsrfRequest {
  method: string;
  headers: Headers;
  cookie: (name: string) => string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origins this console is served from: `MC_CONSOLE_ORIGINS` (comma-separated, for a console
 * behind a proxy that rewrites Host), else the origin the request itself names.
 */
export function consoleOrigins(req: CsrfRequest): string[] {
  const configured = process.env.MC_CONSOLE_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (configured?.length) return configured;
  const host = req.headers.get('host');
  if (!host) return [];
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
  return [`${proto}://${host}`];
}

/**
 * Refuses a state-changing request that another site could have made: its `Origin` must be this
 * console's (when a browser omits it, `Sec-Fetch-Site` must say same-origin). Returns why it is
 * refused, or null.
 */
export function refuseCrossOrigin(req: CsrfRequest): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.headers.get('origin');
  if (origin)
    return consoleOrigins(req).includes(origin) ? null : `origin ${origin} is not this console`;
  return req.headers.get('sec-fetch-site') === 'same-origin' ? null : 'the request names no origin';
}

/**
 * The double-submit check on top of the origin check: a state-changing request must echo the
 * CSRF cookie in the `x-mc-csrf` header, which only this console's own scripts can read.
 */
export function refuseCsrf(req: CsrfRequest): string | null {
  const crossOrigin = refuseCrossOrigin(req);
  if (crossOrigin || SAFE_METHODS.has(req.method)) return crossOrigin;
  const cookie = req.cookie(CSRF_COOKIE);
  const header = req.headers.get(CSRF_HEADER);
  if (!cookie || !header) return 'the CSRF token is missing';
  const [a, b] = [Buffer.from(cookie), Buffer.from(header)];
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'the CSRF token does not match';
}
