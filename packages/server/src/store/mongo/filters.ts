import type { QueryFilter } from 'mongoose';
import { queryTerms } from '../../domain/index.js';
import type { MessageDoc } from './models.js';

/**
 * Messages a reader with `audiences` can see at `now`: sent, and not expired. The leading
 * `audience IN (…)` + `status` equality is what the inbox index is keyed on.
 */
export function visibleTo(audiences: readonly string[], now: Date): QueryFilter<MessageDoc> {
  return {
    audience: { $in: [...audiences] },
    status: 'SENT',
    $or: [{ expireTime: null }, { expireTime: { $gt: now } }],
  };
}

/** Not expired at `now` (for queries that are not scoped by audience). */
export function notExpiredAt(now: Date): QueryFilter<MessageDoc> {
  return { $or: [{ expireTime: null }, { expireTime: { $gt: now } }] };
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The token condition for a search query (see `search-tokens.ts`): every exact token present
 * (`$all` on the multikey `tokens` index) and, for the last Latin word, a token starting with it
 * (an anchored regex, which the index serves as a range). Null when the query has no searchable
 * term, which matches nothing.
 */
export function tokenFilter(q: string): QueryFilter<MessageDoc> | null {
  const { exact, prefix } = queryTerms(q);
  const conditions: QueryFilter<MessageDoc>[] = [];
  if (exact.length) conditions.push({ tokens: { $all: exact } });
  if (prefix !== null) conditions.push({ tokens: { $regex: `^${escapeRegex(prefix)}` } });
  if (!conditions.length) return null;
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}

/** Joins conditions with `$and`, dropping empty ones (several may carry their own `$or`). */
export function allOf(
  ...conditions: (QueryFilter<MessageDoc> | null | undefined)[]
): QueryFilter<MessageDoc> {
  const present = conditions.filter(
    (c): c is QueryFilter<MessageDoc> => !!c && Object.keys(c).length > 0,
  );
  if (present.length === 0) return {};
  return present.length === 1 ? present[0]! : { $and: present };
}
