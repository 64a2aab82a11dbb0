import { queryTerms } from '../../domain/index.js';
import type { Where } from './where.js';
import type { SqliteConnection } from './connection.js';

/**
 * Search over the FTS5 table `message_search` (schema-v5.ts): one row per message, rowid =
 * `messages.id`. Every search token is indexed twice, scoped: once under the message's audience
 * (`§a<hex(audience)>§token`) and once under its org (`§o<hex(org)>§token`). A reader's search
 * reads only the doclists of their own audiences (as the old audience-first token table did),
 * an admin's only their org's, however common the word is elsewhere. The outer query still
 * filters `messages` by audience / org, which is what keeps one org's results out of another's.
 */

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/** The prefix of an audience's terms. `§` never occurs in a text token (see schema-v5.ts). */
export const audienceScope = (audience: string): string => `§a${hex(audience)}§`;

/** The prefix of an org's terms. */
export const orgScope = (orgId: string): string => `§o${hex(orgId)}§`;

/** An FTS5 string literal (a quoted phrase of one token). */
const quoted = (token: string): string => `"${token.replaceAll('"', '""')}"`;

/** The terms of `q` as [scoped exact tokens, scoped prefix] builders; null when none. */
function termsExpression(q: string): ((scope: string) => string) | null {
  const { exact, prefix } = queryTerms(q);
  if (!exact.length && prefix === null) return null;
  return (scope) => {
    const parts = exact.map((t) => quoted(scope + t));
    if (prefix !== null) parts.push(`${quoted(scope + prefix)} *`);
    return `(${parts.join(' AND ')})`;
  };
}

const MATCHING = 'm.id IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)';

/**
 * Restricts `m` to messages matching every term of `q`, for a reader with `audiences`. Returns
 * false when `q` has no searchable term (nothing matches).
 */
export function addInboxSearch(where: Where, q: string, audiences: readonly string[]): boolean {
  const terms = termsExpression(q);
  if (terms === null || audiences.length === 0) return false;
  where.and(MATCHING, audiences.map((a) => terms(audienceScope(a))).join(' OR '));
  return true;
}

/**
 * Restricts `m` (already narrowed to the org `orgId` by the caller) to messages matching every
 * term of `q`. Returns false when `q` has no searchable term.
 */
export function addCandidateSearch(where: Where, q: string, orgId: string): boolean {
  const terms = termsExpression(q);
  if (terms === null) return false;
  where.and(MATCHING, terms(orgScope(orgId)));
  return true;
}

/** What a message is indexed under. */
export interface Indexed {
  audience: string;
  orgId: string;
  tokens: readonly string[];
}

/** Indexes a message (its `messages.id`) under its tokens, scoped by audience and by org. */
export function insertTokens(conn: SqliteConnection, id: number, m: Indexed): void {
  const byAudience = audienceScope(m.audience);
  const byOrg = orgScope(m.orgId);
  const terms = m.tokens.map((t) => `${byAudience}${t} ${byOrg}${t}`).join(' ');
  conn.run('INSERT INTO message_search (rowid, terms) VALUES (?, ?)', [id, terms]);
}

/** Removes a message from the search index (by id: the table is `contentless_delete`). */
export function deleteTokens(conn: SqliteConnection, id: number): void {
  conn.run('DELETE FROM message_search WHERE rowid = ?', [id]);
}
