/**
 * The page policy: scripts only from this origin and only with this response's nonce; data only
 * from this origin (the `/trpc` proxy, including its event streams); never framed. Styles allow
 * inline because the chart library and the code editor set style attributes and inject style
 * elements at run time; styles cannot run code. Development adds `unsafe-eval`, which React's
 * development build needs for its stack traces.
 */
export function contentSecurityPolicy(nonce: string, isDevelopment: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDevelopment ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response of the console, pages and API alike (see next.config.ts). */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // For browsers without CSP frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
