import { serverUrl } from '../../../lib/runtime-config';

/** Always forward at request time: the target comes from the environment of `next start`. */
export const dynamic = 'force-dynamic';

// Request headers the tRPC HTTP protocol needs; cookies and the rest stay in the console.
const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'trpc-accept',
  'accept-language',
];
// Set by fetch's own decoding; passing them on would describe a body we no longer have.
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
]);

/**
 * Same-origin proxy for tRPC over HTTP: `/trpc/*` on the console → `MC_SERVER_URL/trpc/*`. The
 * body is streamed both ways, so batched and streamed responses pass through unchanged.
 */
async function forwardToServer(req: Request): Promise<Response> {
  const incoming = new URL(req.url);
  const target = `${serverUrl()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers.get(name);
    if (value) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? await req.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch {
    return Response.json(
      {
        error: {
          message: `Message Center server unreachable at ${serverUrl()}`,
          data: { appCode: 'SYS_001' },
        },
      },
      { status: 502 },
    );
  }
  const out = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) out.set(name, value);
  });
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export { forwardToServer as GET, forwardToServer as POST };
