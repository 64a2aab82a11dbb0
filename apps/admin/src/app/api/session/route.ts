import { TRPCClientError } from '@trpc/client';
import { NextResponse, type NextRequest } from 'next/server';
import type { RouterInputs } from '../../../lib/api-types';
import { refuseCrossOrigin, refuseCsrf } from '../../../lib/server/csrf';
import { clearSessionCookies, setSessionCookies } from '../../../lib/server/session-cookie';
import { upstreamClient } from '../../../lib/server/upstream';

export const dynamic = 'force-dynamic';

type DevSignIn = RouterInputs['auth']['devSignIn'];
/** Sign in with a pasted token, or (when the server allows it) with the development sign-in. */
type SignInBody = { token: string } | { dev: DevSignIn };

const MAX_BODY_CHARS = 16_384;

const csrfView = (req: NextRequest) => ({
  method: req.method,
  headers: req.headers,
  cookie: (name: string) => req.cookies.get(name)?.value,
});

function failure(status: number, appCode: string, message: string, fieldPaths?: string[]) {
  return NextResponse.json({ error: { message, data: { appCode, fieldPaths } } }, { status });
}

async function readBody(req: NextRequest): Promise<SignInBody | null> {
  const text = await req.text();
  if (text.length > MAX_BODY_CHARS) return null;
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      if ('token' in body && typeof body.token === 'string' && body.token.trim())
        return { token: body.token.trim() };
      if ('dev' in body && body.dev && typeof body.dev === 'object')
        return { dev: body.dev as DevSignIn };
    }
  } catch {
    // not JSON: refused below
  }
  return null;
}

/**
 * `POST /api/session`: verifies the token with the server (`auth.whoami`), or obtains one from the
 * server's dev sign-in, and keeps it in an httpOnly cookie. The answer holds only the principal:
 * the token never reaches the page.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const refused = refuseCrossOrigin(csrfView(req));
  if (refused) return failure(403, 'AUTH_002', `Refused: ${refused}.`);
  const body = await readBody(req);
  if (!body) return failure(400, 'FORMAT_001', 'Send {"token": "…"} or {"dev": {…}}.');
  try {
    const token =
      'token' in body
        ? body.token
        : (await upstreamClient(null).auth.devSignIn.mutate(body.dev)).token;
    const principal = await upstreamClient(token).auth.whoami.query();
    const res = NextResponse.json({ principal });
    setSessionCookies(req, res, token);
    return res;
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const data = err.data as
        { httpStatus?: number; appCode?: string; fieldPaths?: string[] } | undefined;
      return failure(
        data?.httpStatus ?? 401,
        data?.appCode ?? 'AUTH_001',
        err.message,
        data?.fieldPaths,
      );
    }
    return failure(502, 'SYS_001', 'The Message Center server could not be reached.');
  }
}

/** `DELETE /api/session`: signs out (both cookies expire). CSRF-checked like every mutation. */
export function DELETE(req: NextRequest): Response {
  const refused = refuseCsrf(csrfView(req));
  if (refused) return failure(403, 'AUTH_002', `Refused: ${refused}.`);
  const res = NextResponse.json({ signedOut: true });
  clearSessionCookies(req, res);
  return res;
}
