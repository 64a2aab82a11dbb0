import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './src/lib/server/security-headers';

/**
 * The console reaches the Message Center server only through its own `/trpc` route handler
 * (src/app/trpc/[...path]/route.ts), which forwards to `MC_SERVER_URL` at request time with the
 * session's token from an httpOnly cookie: the browser stays same-origin, the server needs no
 * CORS, and the page never holds the token. The page CSP (with its nonce) is set in src/proxy.ts.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
  headers() {
    return Promise.resolve([{ source: '/:path*', headers: SECURITY_HEADERS }]);
  },
};

export default config;
