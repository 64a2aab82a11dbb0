import { queryTerms } from '../../domain/index.js';
import { jsonList, type Where } from './where.js';
import type { SqliteConnection } from './connection.js';

/** Above every code point, so `token < prefix || TOKEN_END` bounds the prefix range. */
const TOKEN_END = '\u{10FFFF}';

/** One search term as a token condition: an exact token or a prefix range. */
type Term = { exact: string } | { prefix: string };

/** The terms of a query, most selective first (longer tokens are rarer); empty when none. */
function termsOf(q: string): Term[] {
  const { exact, prefix } = queryTerms(q);
  const terms: Term[] = [...exact].sort((a, b) => b.length - a.length).map((t) => ({ exact: t }));
  if (prefix !== null) terms.push({ prefix });
  return terms;
}

function tokenCondition(term: Term, column: string): { sql: string; params: string[] } {
  if ('exact' in term) return { sql: `${column} = ?`, params: [term.exact] };
  return {
    sql: `${column} >= ? AND ${column} < ?`,
    params: [term.prefix, term.prefix + TOKEN_END],
  };
}

/** A token of the message `m`, looked up by primary key (audience, token, message id). */
function addTokenExists(where: Where, term: Term): void {
  const { sql, params } = tokenCondition(term, 't.token');
  where.and(
    `EXISTS (SELECT 1 FROM message_tokens t WHERE t.audience = m.audience AND ${sql} AND t.message_id = m.message_id)`,
    ...params,
  );
}

/**
 * Restricts `m` to messages matching every term of `q`, for a reader with `audiences`. The most
 * selective term drives the query through the token index (only the reader's audiences are
 * read); the others are checked per candidate by primary key. Returns false when `q` has no
 * searchable term (nothing matches).
 */
export function addInboxSearch(where: Where, q: string, audiences: readonly string[]): boolean {
  const [first, ...rest] = termsOf(q);
  if (!first) return false;
  const driving = tokenCondition(first, 'd.token');
  where.and(
    `m.message_id IN (SELECT d.message_id FROM message_tokens d WHERE d.audience IN (SELECT value FROM json_each(?)) AND ${driving.sql})`,
    jsonList(audiences),
    ...driving.params,
  );
  for (const term of rest) addTokenExists(where, term);
  return true;
}

/**
 * Restricts `m` (already narrowed by another index, e.g. to one org) to messages matching every
 * term of `q`. Returns false when `q` has no searchable term.
 */
export function addCandidateSearch(where: Where, q: string): boolean {
  const terms = termsOf(q);
  if (!terms.length) return false;
  for (const term of terms) addTokenExists(where, term);
  return true;
}

/** Writes a message's search tokens (idempotent). */
export function insertTokens(
  conn: SqliteConnection,
  audience: string,
  messageId: string,
  tokens: readonly string[],
): void {
  conn.run(
    'INSERT OR IGNORE INTO message_tokens (audience, token, message_id) SELECT ?, value, ? FROM json_each(?)',
    [audience, messageId, jsonList(tokens)],
  );
}

/** Removes a message's search tokens. */
export function deleteTokens(
  conn: SqliteConnection,
  audience: string,
  messageId: string,
  tokensJson: string,
): void {
  conn.run(
    'DELETE FROM message_tokens WHERE audience = ? AND token IN (SELECT value FROM json_each(?)) AND message_id = ?',
    [audience, tokensJson, messageId],
  );
}
