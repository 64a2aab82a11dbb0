/**
 * The token of an `Authorization: Bearer <token>` header. The scheme is case-insensitive and
 * surrounding whitespace is ignored.
 */

// `\s+` then a non-space: the whitespace before the token can be split only one way, so a header
// of many spaces followed by something else fails in linear time.
const BEARER = /^Bearer\s+(\S.*)$/i;

/** The bearer token in `header`, or `null` when there is none (no header, another scheme, empty). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  return BEARER.exec(header)?.[1]?.trim() || null;
}
