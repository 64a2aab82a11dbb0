import type { MessageMetadata } from './message.js';

/** Schemes a link in a message may use unless configured otherwise (`MC_URL_SCHEMES`). */
export const DEFAULT_URL_SCHEMES: readonly string[] = ['http', 'https'];

// Relative links resolve against this base; what matters is only the scheme a browser would use.
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * The scheme a browser would follow for `url`, lower-case without the colon, or null when it is
 * not a URL at all. The WHATWG parser strips the control characters, spaces, tabs and newlines
 * that browsers ignore too, so `" java\tscript:"` is seen as `javascript`.
 */
export function effectiveScheme(url: string): string | null {
  try {
    return new URL(url, RELATIVE_BASE).protocol.slice(0, -1).toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Paths (e.g. `metadata.actionUrl`, `metadata.attachments.0.url`) of the links in `metadata`
 * whose scheme is not in `allowed`. Relative links count as the scheme of the page showing them.
 */
export function disallowedUrlPaths(metadata: MessageMetadata, allowed: readonly string[] = DEFAULT_URL_SCHEMES): string[] {
  const isAllowed = (url: string): boolean => {
    const scheme = effectiveScheme(url);
    return scheme !== null && allowed.includes(scheme);
  };
  const paths: string[] = [];
  if (metadata.actionUrl !== undefined && !isAllowed(metadata.actionUrl)) paths.push('metadata.actionUrl');
  metadata.attachments?.forEach((a, i) => {
    if (!isAllowed(a.url)) paths.push(`metadata.attachments.${i}.url`);
  });
  return paths;
}
