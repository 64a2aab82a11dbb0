/**
 * Version 4: routing rules, delivery preferences and the outbox of external deliveries.
 * Rules and preferences are small documents kept as JSON; the outbox keeps the columns its
 * claim query filters on (status, due time, lease) as columns.
 */
export const SCHEMA_V4 = `
CREATE TABLE routing_rules (
  org_id      TEXT NOT NULL,
  rule_id     TEXT NOT NULL,
  priority    INTEGER NOT NULL,
  body        TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (org_id, rule_id)
) WITHOUT ROWID;
CREATE INDEX routing_rules_by_priority ON routing_rules (org_id, priority, rule_id);

CREATE TABLE preferences (
  org_id      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  body        TEXT NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
) WITHOUT ROWID;

CREATE TABLE outbox (
  delivery_id     TEXT PRIMARY KEY,
  org_id          TEXT NOT NULL,
  message_id      TEXT NOT NULL,
  status          TEXT NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  lease_token     TEXT,
  body            TEXT NOT NULL,
  create_time     INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_message ON outbox (org_id, message_id, create_time);
`;
