/** Where the console's `/trpc` route forwards to (read at request time, not build time). */
export function serverUrl(): string {
  return (process.env.MC_SERVER_URL ?? 'http://127.0.0.1:3000').replace(/(?<!\/)\/+$/, '');
}
