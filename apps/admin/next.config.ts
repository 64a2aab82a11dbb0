import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

/**
 * The console reaches the Message Center server through its own `/trpc` route handler
 * (src/app/trpc/[...path]/route.ts), which forwards to `MC_SERVER_URL` at request time, so the
 * browser stays same-origin and the server needs no CORS. Subscriptions use the server's WebSocket
 * directly (see src/lib/runtime-config.ts).
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
};

export default config;
