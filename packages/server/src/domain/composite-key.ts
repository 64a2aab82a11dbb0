/**
 * Composite keys (audiences, inbox keys, bus and Redis keys, rate buckets) join ids with `:`.
 * Ids come from identity providers and may contain `:` themselves, so each part is escaped
 * first: `%` → `%25`, `:` → `%3A`. The join is then injective — `org "a:b" + user "c"` and
 * `org "a" + user "b:c"` give different keys — and ids without `%` or `:` (all ids the API
 * itself accepts) keep exactly the key they had before escaping existed, so stored data stays valid.
 */
export function escapeKeyPart(part: string): string {
  // Almost every id has neither character: skip the two regex passes (keys are built per send).
  if (!part.includes('%') && !part.includes(':')) return part;
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/** Reverses `escapeKeyPart`. */
export function unescapeKeyPart(part: string): string {
  return part.replace(/%3A/g, ':').replace(/%25/g, '%');
}

/** Joins escaped parts with `:`; distinct part lists always give distinct keys. */
export function compositeKey(...parts: readonly string[]): string {
  let key = escapeKeyPart(parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) key += `:${escapeKeyPart(parts[i]!)}`;
  return key;
}
