/** Where the console's `/trpc` route forwards to (read at request time, not build time). */
export function serverUrl(): string {
  return (process.env.MC_SERVER_URL ?? 'http://127.0.0.1:3000').replace(/(?<!\/)\/+$/, '');
}

/**
 * The WebSocket URL browsers use for subscriptions: `MC_PUBLIC_WS_URL`, else derived from
 * `MC_SERVER_URL`. A loopback host is replaced in the browser by the page's own host name (see
 * `resolveWsUrl`), so a console opened from another machine still reaches the server.
 */
export function publicWsUrl(): string {
  return process.env.MC_PUBLIC_WS_URL ?? `${serverUrl().replace(/^http/, 'ws')}/trpc`;
}
