/**
 * The first schema. Every inbox query is served by an index that starts with the reader's
 * audience keys or user id, so reading one inbox never walks other users' rows.
 */
export const SCHEMA_V1 = `
CREATE TABLE messages (
  message_id      TEXT PRIMARY KEY,
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
  tokens          TEXT NOT NULL,
  deliver_at      INTEGER,
  expire_time     INTEGER,
  create_time     INTEGER NOT NULL,
  update_time     INTEGER NOT NULL,
  recipient_count INTEGER NOT NULL,
  read_count      INTEGER NOT NULL DEFAULT 0
);
-- Inbox list / count / replay: audience IN (...) AND status = 'SENT' AND seq range. The trailing
-- columns make counts covering (no table lookups) and give the state join its message id.
CREATE INDEX messages_inbox ON messages (audience, status, seq, expire_time, message_type, message_id);
-- Admin listing (newest first) and trending (created since ...) within one org.
CREATE INDEX messages_by_org_time ON messages (org_id, create_time, message_id);
-- The scheduler's due query and the expiry sweeper.
CREATE INDEX messages_scheduled ON messages (deliver_at) WHERE status = 'SCHEDULED';
CREATE INDEX messages_expiring ON messages (expire_time) WHERE expire_time IS NOT NULL;

-- Search tokens, keyed by audience first so a search only reads the reader's audiences.
CREATE TABLE message_tokens (
  audience   TEXT NOT NULL,
  token      TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (audience, token, message_id)
) WITHOUT ROWID;

-- Per-user state (fan-out on read): one row per (user, message) once the user acted on it.
CREATE TABLE inbox_states (
  user_id        TEXT NOT NULL,
  message_id     TEXT NOT NULL,
  org_id         TEXT NOT NULL,
  state          TEXT NOT NULL,
  archived       INTEGER NOT NULL DEFAULT 0,
  delivered_time INTEGER,
  read_time      INTEGER,
  delete_time    INTEGER,
  create_time    INTEGER NOT NULL,
  update_time    INTEGER NOT NULL,
  PRIMARY KEY (user_id, message_id)
) WITHOUT ROWID;
CREATE INDEX inbox_states_by_message ON inbox_states (message_id, org_id, user_id);

CREATE TABLE user_groups (
  org_id      TEXT NOT NULL,
  group_id    TEXT NOT NULL,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  description TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (org_id, group_id)
) WITHOUT ROWID;
CREATE TABLE group_members (
  org_id   TEXT NOT NULL,
  group_id TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  PRIMARY KEY (org_id, group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_user ON group_members (org_id, user_id);

CREATE TABLE templates (
  template_id  TEXT PRIMARY KEY,
  org_id       TEXT NOT NULL,
  name         TEXT NOT NULL,
  category     TEXT NOT NULL,
  message_type TEXT NOT NULL,
  priority     TEXT NOT NULL,
  title        TEXT NOT NULL,
  content      TEXT NOT NULL,
  variables    TEXT NOT NULL,
  enabled      INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  create_time  INTEGER NOT NULL,
  update_time  INTEGER NOT NULL
);
CREATE INDEX templates_by_org ON templates (org_id, category, name);
CREATE TABLE template_history (
  template_id  TEXT NOT NULL,
  version      INTEGER NOT NULL,
  org_id       TEXT NOT NULL,
  name         TEXT NOT NULL,
  category     TEXT NOT NULL,
  message_type TEXT NOT NULL,
  priority     TEXT NOT NULL,
  title        TEXT NOT NULL,
  content      TEXT NOT NULL,
  variables    TEXT NOT NULL,
  enabled      INTEGER NOT NULL,
  create_time  INTEGER NOT NULL,
  update_time  INTEGER NOT NULL,
  PRIMARY KEY (template_id, version)
);

CREATE TABLE daily_stats (
  org_id        TEXT NOT NULL,
  day           TEXT NOT NULL,
  message_type  TEXT NOT NULL,
  total         INTEGER NOT NULL DEFAULT 0,
  delivered     INTEGER NOT NULL DEFAULT 0,
  read          INTEGER NOT NULL DEFAULT 0,
  read_time_sum REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, day, message_type)
) WITHOUT ROWID;
CREATE INDEX daily_stats_by_day ON daily_stats (day);

CREATE TABLE users (
  org_id      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  name        TEXT,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
  org_id      TEXT NOT NULL,
  key         TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  PRIMARY KEY (org_id, key)
) WITHOUT ROWID;
`;
