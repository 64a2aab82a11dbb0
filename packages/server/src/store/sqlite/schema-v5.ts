import { indexTokens } from '../../domain/index.js';
import type { SqliteConnection } from './connection.js';

/**
 * Version 5: a compact search index. Up to v4 every search token was a row of `message_tokens`
 * keyed by (audience, token, message id) as text — about two thirds of the file and most of the
 * pages each send dirtied. Now the tokens live in a contentless FTS5 table whose rows are the
 * message's integer id (doclists of small varint deltas), and `messages` gets an explicit
 * INTEGER PRIMARY KEY so that id survives VACUUM. `messages.tokens` may now be NULL: it is NULL
 * when the tokens are exactly `indexTokens(title + ' ' + content)` (every message the services
 * create), and read back as that; rows written before keep their JSON list.
 *
 * Contentless and without positions (`detail = none`): the index is only doclists of ids.
 * `contentless_delete` lets a purge delete by id, so deleting never depends on re-deriving the
 * exact terms a row was indexed under.
 *
 * Each token is indexed scoped, as `§a<hex(audience)>§token` and `§o<hex(org id)>§token`, so a
 * search reads only the doclists of the reader's audiences (or the admin's org), and a word common
 * in other inboxes costs nothing. `§` is neither a letter nor a digit, so no token of message text
 * can contain it. The `ascii` tokenizer splits only on ASCII characters that are not letters or
 * digits, which search tokens (runs of letters/digits, see search-tokens.ts) and the hex scopes
 * never contain, so each scoped token is exactly one FTS5 term.
 */
export const MESSAGE_SEARCH_TABLE = `CREATE VIRTUAL TABLE message_search USING fts5(
  terms, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
)`;

/** The FTS5 row text of a `messages` row, in SQL (the migration fills the index with it). */
const TERMS_OF_ROW = `coalesce((SELECT group_concat(
  '§a' || lower(hex(audience)) || '§' || value || ' §o' || lower(hex(org_id)) || '§' || value, ' ')
  FROM json_each(messages.tokens)), '')`;

const COLUMNS = `message_id, org_id, audience, seq, status, sender_id, sender_name, receiver_type,
  receiver_id, message_type, title, content, priority, category, metadata, tokens, deliver_at,
  expire_time, create_time, update_time, recipient_count, read_count`;

export const SCHEMA_V5_SEARCH = `
CREATE TABLE messages_v5 (
  id              INTEGER PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,
  org_id          TEXT NOT NULL,
  audience        TEXT NOT NULL,
  seq             TEXT NOT NULL,
  status          TEXT NOT NULL,
  sender_id       TEXT NOT NULL,
  sender_name     TEXT NOT NULL,
  receiver_type   TEXT NOT NULL,
  receiver_id     TEXT NOT NULL,
  message_type    TEXT NOT NULL,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  priority        TEXT NOT NULL,
  category        TEXT NOT NULL,
  metadata        TEXT NOT NULL,
  tokens          TEXT,
  deliver_at      INTEGER,
  expire_time     INTEGER,
  create_time     INTEGER NOT NULL,
  update_time     INTEGER NOT NULL,
  recipient_count INTEGER NOT NULL,
  read_count      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO messages_v5 (${COLUMNS}) SELECT ${COLUMNS} FROM messages ORDER BY rowid;
DROP TABLE message_tokens;
DROP TABLE messages;
ALTER TABLE messages_v5 RENAME TO messages;
CREATE INDEX messages_inbox ON messages (audience, status, seq, expire_time, message_type, message_id);
CREATE INDEX messages_by_org_time ON messages (org_id, create_time, message_id);
CREATE INDEX messages_scheduled ON messages (deliver_at) WHERE status = 'SCHEDULED';
CREATE INDEX messages_expiring ON messages (expire_time) WHERE expire_time IS NOT NULL;
${MESSAGE_SEARCH_TABLE};
INSERT INTO message_search (rowid, terms) SELECT id, ${TERMS_OF_ROW} FROM messages;
INSERT INTO message_search (message_search) VALUES ('optimize');
`;

/**
 * Sets `messages.tokens` to NULL where the stored list is the one derived from title + content
 * (how v5 writes new rows), in pages of 1,000 rows by id.
 */
export function nullDerivedTokens(conn: SqliteConnection): void {
  for (let after = 0; ; ) {
    const rows = conn.all<{ id: number; title: string; content: string; tokens: string }>(
      'SELECT id, title, content, tokens FROM messages WHERE id > ? AND tokens IS NOT NULL ORDER BY id LIMIT 1000',
      [after],
    );
    const last = rows.at(-1);
    if (!last) return;
    for (const r of rows) {
      // v4 wrote the list with JSON.stringify, so equal lists have equal text.
      if (JSON.stringify(indexTokens(`${r.title} ${r.content}`)) === r.tokens)
        conn.run('UPDATE messages SET tokens = NULL WHERE id = ?', [r.id]);
    }
    after = last.id;
  }
}
