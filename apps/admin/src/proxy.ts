import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/server/security-headers';

/**
 * Gives every page a Content-Security-Policy with a fresh nonce. Next.js reads the nonce from the
 * request's policy header and puts it on its own inline scripts, so only those run: an injected
 * script has no nonce and is blocked. Pages render per request (see the root layout), as nonces
 * require.
 */
export function proxy(req: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', policy);
  return res;
}

export const config = {
  // Pages only: API routes answer JSON or event streams, static files carry no script.
  matcher: [
    {
      source: '/((?!trpc|api|_next/static|_next/image|icon.svg|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
