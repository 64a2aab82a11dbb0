import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED = 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

/**
 * Adds CORS headers when the request's `Origin` is allowed (`MC_CORS_ORIGINS`; `*` allows any).
 * With no allowed origins, no CORS headers are sent and browsers keep to same-origin calls.
 * Returns true when it answered a preflight.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[], allowMethods: string): boolean {
  const origin = req.headers.origin;
  const isAllowed = origin !== undefined && (allowedOrigins.includes('*') || allowedOrigins.includes(origin));
  if (isAllowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSED);
  }
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  if (isAllowed) {
    res.setHeader('access-control-allow-methods', allowMethods);
    res.setHeader('access-control-allow-headers', 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID');
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204, { allow: allowMethods });
  res.end();
  return true;
}
