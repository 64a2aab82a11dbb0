import type { NextRequest } from 'next/server';
import { refuseCsrf } from '../../../lib/server/csrf';
import { sessionToken } from '../../../lib/server/session-cookie';
import { trpcErrorResponse } from '../../../lib/server/trpc-error';
import { serverUrl } from '../../../lib/runtime-config';

/** Always forward at request time: the target comes from the environment of `next start`. */
export const dynamic = 'force-dynamic';

// Request headers the tRPC HTTP protocol needs. The browser's own cookies and any
// `Authorization` it sends stay here: the only credential forwarded is the session cookie's token.
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'trpc-accept',
  'accept-language',
  'last-event-id',
];
// Set by fetch's own decoding; passing them on would describe a body we no longer have.
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'set-cookie',
]);
// Procedures whose answer is a bearer token: through the console they would hand it to page
// scripts, so the session route (/api/session) calls them server-side instead.
const TOKEN_ISSUING = new Set(['auth.devSignIn']);

/**
 * Same-origin proxy for tRPC over HTTP: `/trpc/*` on the console → `MC_SERVER_URL/trpc/*`, with
 * the session cookie's token as `Authorization: Bearer`. Bodies stream both ways, so batched
 * responses and subscriptions (Server-Sent Events, e.g. the Live page's `stats.live`) pass
 * through unchanged; the upstream call is aborted when the browser goes away.
 */
async function forwardToServer(req: NextRequest): Promise<Response> {
  const refused = refuseCsrf({
    method: req.method,
    headers: req.headers,
    cookie: (name) => req.cookies.get(name)?.value,
  });
  if (refused)
    return trpcErrorResponse(
      req,
      403,
      'FORBIDDEN',
      'AUTH_002',
      `Refused: ${refused}. Reload the console and try again.`,
    );
  const incoming = new URL(req.url);
  const procedures = decodeURIComponent(incoming.pathname.replace(/^\/trpc\/?/, '')).split(',');
  if (procedures.some((p) => TOKEN_ISSUING.has(p)))
    return trpcErrorResponse(
      req,
      403,
      'FORBIDDEN',
      'AUTH_002',
      'Sign in through the console’s sign-in page.',
    );

  const target = `${serverUrl()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers.get(name);
    if (value) headers.set(name, value);
  }
  const token = sessionToken(req);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: req.signal,
    });
  } catch {
    return trpcErrorResponse(
      req,
      502,
      'INTERNAL_SERVER_ERROR',
      'SYS_001',
      `Message Center server unreachable at ${serverUrl()}`,
    );
  }
  const out = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) out.set(name, value);
  });
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export { forwardToServer as GET, forwardToServer as POST };
