import { queryTerms } from '../../domain/index.js';
import type { Where } from './where.js';
import type { SqliteConnection } from './connection.js';

/**
 * Search over the FTS5 table `message_search` (schema-v5.ts): one row per message, rowid =
 * `messages.id`, holding the message's search tokens plus its scope tokens. Queries AND every
 * term with the reader's scope, so FTS5 reads only the doclists of those scopes; the outer query
 * still filters `messages` by audience / org, which is what keeps one org's results out of
 * another's (the scope tokens only make it fast).
 */

/** Scope token of an audience key. `§` never occurs in a text token (see schema-v5.ts). */
export const audienceTerm = (audience: string): string =>
  `§a${Buffer.from(audience, 'utf8').toString('hex')}`;

/** Scope token of an organization. */
export const orgTerm = (orgId: string): string => `§o${Buffer.from(orgId, 'utf8').toString('hex')}`;

/** An FTS5 string literal (a quoted phrase of one token). */
const quoted = (token: string): string => `"${token.replaceAll('"', '""')}"`;

/** The FTS5 expression requiring every term of `q`; null when `q` has no searchable term. */
function termsExpression(q: string): string | null {
  const { exact, prefix } = queryTerms(q);
  const parts = exact.map(quoted);
  if (prefix !== null) parts.push(`${quoted(prefix)} *`);
  return parts.length ? parts.join(' AND ') : null;
}

const MATCHING = 'm.id IN (SELECT rowid FROM message_search WHERE message_search MATCH ?)';

/**
 * Restricts `m` to messages matching every term of `q`, for a reader with `audiences`. Returns
 * false when `q` has no searchable term (nothing matches).
 */
export function addInboxSearch(where: Where, q: string, audiences: readonly string[]): boolean {
  const terms = termsExpression(q);
  if (terms === null || audiences.length === 0) return false;
  const scope = audiences.map((a) => quoted(audienceTerm(a))).join(' OR ');
  where.and(MATCHING, `(${scope}) AND ${terms}`);
  return true;
}

/**
 * Restricts `m` (already narrowed to the org `orgId` by the caller) to messages matching every
 * term of `q`. Returns false when `q` has no searchable term.
 */
export function addCandidateSearch(where: Where, q: string, orgId: string): boolean {
  const terms = termsExpression(q);
  if (terms === null) return false;
  where.and(MATCHING, `${quoted(orgTerm(orgId))} AND ${terms}`);
  return true;
}

/** What a message is indexed under. */
export interface Indexed {
  audience: string;
  orgId: string;
  tokens: readonly string[];
}

/** Indexes a message (its `messages.id`) under its tokens and scope tokens. */
export function insertTokens(conn: SqliteConnection, id: number, m: Indexed): void {
  const terms = [audienceTerm(m.audience), orgTerm(m.orgId), ...m.tokens].join(' ');
  conn.run('INSERT INTO message_search (rowid, terms) VALUES (?, ?)', [id, terms]);
}

/** Removes a message from the search index (by id: the table is `contentless_delete`). */
export function deleteTokens(conn: SqliteConnection, id: number): void {
  conn.run('DELETE FROM message_search WHERE rowid = ?', [id]);
}
