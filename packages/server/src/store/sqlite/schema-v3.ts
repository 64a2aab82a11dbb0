/**
 * Version 3: system notifications and their dismissals, the operation log, and contact details
 * of users (for external channels).
 */
export const SCHEMA_V3 = `
CREATE TABLE system_notices (
  notification_id TEXT PRIMARY KEY,
  -- '*' = every org (platform notices).
  org_id          TEXT NOT NULL,
  level           TEXT NOT NULL,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  actions         TEXT NOT NULL,
  sender_id       TEXT NOT NULL,
  create_time     INTEGER NOT NULL,
  expire_time     INTEGER NOT NULL
);
CREATE INDEX system_notices_by_org ON system_notices (org_id, expire_time);
CREATE TABLE system_dismissals (
  org_id          TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  create_time     INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id, notification_id)
) WITHOUT ROWID;
CREATE INDEX system_dismissals_by_notice ON system_dismissals (notification_id);

CREATE TABLE audit_log (
  audit_id    TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  action      TEXT NOT NULL,
  target_id   TEXT,
  diff        TEXT NOT NULL,
  create_time INTEGER NOT NULL
);
CREATE INDEX audit_log_by_org_time ON audit_log (org_id, create_time);
CREATE INDEX audit_log_by_time ON audit_log (create_time);

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;
ALTER TABLE users ADD COLUMN locale TEXT;
`;
