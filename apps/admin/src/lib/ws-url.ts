const LOOPBACK = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '[::1]', '::1']);

/**
 * Turns the configured WebSocket URL into one this browser can reach: a loopback host means
 * "the machine serving the console", so it becomes the page's own host name.
 */
export function resolveWsUrl(configured: string): string {
  if (typeof window === 'undefined') return configured;
  try {
    const url = new URL(configured);
    if (LOOPBACK.has(url.hostname) && !LOOPBACK.has(window.location.hostname))
      url.hostname = window.location.hostname;
    return url.toString();
  } catch {
    return configured;
  }
}
