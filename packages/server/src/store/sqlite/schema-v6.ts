/**
 * Version 6: inbox counts kept up to date instead of counted per read.
 *
 * Up to v5 every `list` total and every `unreadCount` counted the reader's visible messages one
 * index entry at a time: ~1,100 entries for a typical reader of the benchmark's 1,000,000-message
 * store and ~10,900 for a member of a busy group, on every call. Now two small tables hold the
 * counts and triggers keep them exact in the same transaction as the write that changes them, so
 * no code path (send, schedule, cancel, fail, purge, mark read/deleted) can forget one:
 *
 * - `audience_counts`: SENT messages per audience and message type (expired or not).
 * - `reader_counts`: per reader, their READ and DELETED state rows per audience and message type,
 *   for SENT messages. Keyed by audience, so leaving a group stops counting its messages.
 *
 * A read then sums a handful of counter rows, and subtracts what expired but is not purged yet
 * (found through `messages_expired_by_audience`, a short range since the purge removes them).
 * Rebuilding `messages` or `inbox_states` (as v5 did) drops these triggers: a later migration that
 * does so must create them again and refill the tables.
 */
export const SCHEMA_V6_COUNTS = `
CREATE TABLE audience_counts (
  audience     TEXT NOT NULL,
  message_type TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (audience, message_type)
) WITHOUT ROWID;

CREATE TABLE reader_counts (
  user_id      TEXT NOT NULL,
  audience     TEXT NOT NULL,
  message_type TEXT NOT NULL,
  state        TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (user_id, audience, message_type, state)
) WITHOUT ROWID;

-- Expired SENT messages not purged yet, per audience: what a count must take off its counters.
CREATE INDEX messages_expired_by_audience ON messages (audience, expire_time, message_type)
  WHERE status = 'SENT' AND expire_time IS NOT NULL;

INSERT INTO audience_counts (audience, message_type, n)
  SELECT audience, message_type, count(*) FROM messages WHERE status = 'SENT' GROUP BY audience, message_type;

INSERT INTO reader_counts (user_id, audience, message_type, state, n)
  SELECT s.user_id, m.audience, m.message_type, s.state, count(*)
  FROM inbox_states s JOIN messages m ON m.message_id = s.message_id AND m.status = 'SENT'
  WHERE s.state IN ('READ', 'DELETED')
  GROUP BY s.user_id, m.audience, m.message_type, s.state;

-- Messages: a row counts while its status is SENT.
CREATE TRIGGER messages_counts_insert AFTER INSERT ON messages WHEN NEW.status = 'SENT' BEGIN
  INSERT INTO audience_counts (audience, message_type, n) VALUES (NEW.audience, NEW.message_type, 1)
    ON CONFLICT (audience, message_type) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_counts_sent AFTER UPDATE OF status ON messages
  WHEN OLD.status <> 'SENT' AND NEW.status = 'SENT' BEGIN
  INSERT INTO audience_counts (audience, message_type, n) VALUES (NEW.audience, NEW.message_type, 1)
    ON CONFLICT (audience, message_type) DO UPDATE SET n = n + 1;
  INSERT INTO reader_counts (user_id, audience, message_type, state, n)
    SELECT s.user_id, NEW.audience, NEW.message_type, s.state, 1 FROM inbox_states s
    WHERE s.message_id = NEW.message_id AND s.state IN ('READ', 'DELETED')
    ON CONFLICT (user_id, audience, message_type, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_counts_unsent AFTER UPDATE OF status ON messages
  WHEN OLD.status = 'SENT' AND NEW.status <> 'SENT' BEGIN
  UPDATE audience_counts SET n = n - 1 WHERE audience = OLD.audience AND message_type = OLD.message_type;
  UPDATE reader_counts SET n = n - 1
    WHERE audience = OLD.audience AND message_type = OLD.message_type
      AND (user_id, state) IN (SELECT user_id, state FROM inbox_states
        WHERE message_id = OLD.message_id AND state IN ('READ', 'DELETED'));
END;

CREATE TRIGGER messages_counts_delete AFTER DELETE ON messages WHEN OLD.status = 'SENT' BEGIN
  UPDATE audience_counts SET n = n - 1 WHERE audience = OLD.audience AND message_type = OLD.message_type;
  -- State rows still present (a purge deletes them first, and their own trigger counts that).
  UPDATE reader_counts SET n = n - 1
    WHERE audience = OLD.audience AND message_type = OLD.message_type
      AND (user_id, state) IN (SELECT user_id, state FROM inbox_states
        WHERE message_id = OLD.message_id AND state IN ('READ', 'DELETED'));
END;

-- State rows: READ and DELETED rows of SENT messages count for their reader.
CREATE TRIGGER inbox_states_counts_insert AFTER INSERT ON inbox_states
  WHEN NEW.state IN ('READ', 'DELETED') BEGIN
  INSERT INTO reader_counts (user_id, audience, message_type, state, n)
    SELECT NEW.user_id, m.audience, m.message_type, NEW.state, 1 FROM messages m
    WHERE m.message_id = NEW.message_id AND m.status = 'SENT'
    ON CONFLICT (user_id, audience, message_type, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_states_counts_update AFTER UPDATE OF state ON inbox_states
  WHEN OLD.state IS NOT NEW.state
    AND (OLD.state IN ('READ', 'DELETED') OR NEW.state IN ('READ', 'DELETED')) BEGIN
  UPDATE reader_counts SET n = n - 1
    WHERE OLD.state IN ('READ', 'DELETED') AND user_id = OLD.user_id AND state = OLD.state
      AND (audience, message_type) IN (SELECT audience, message_type FROM messages
        WHERE message_id = OLD.message_id AND status = 'SENT');
  INSERT INTO reader_counts (user_id, audience, message_type, state, n)
    SELECT NEW.user_id, m.audience, m.message_type, NEW.state, 1 FROM messages m
    WHERE NEW.state IN ('READ', 'DELETED') AND m.message_id = NEW.message_id AND m.status = 'SENT'
    ON CONFLICT (user_id, audience, message_type, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER inbox_states_counts_delete AFTER DELETE ON inbox_states
  WHEN OLD.state IN ('READ', 'DELETED') BEGIN
  UPDATE reader_counts SET n = n - 1
    WHERE user_id = OLD.user_id AND state = OLD.state
      AND (audience, message_type) IN (SELECT audience, message_type FROM messages
        WHERE message_id = OLD.message_id AND status = 'SENT');
END;
`;
