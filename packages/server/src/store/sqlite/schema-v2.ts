/**
 * Schema v2: template ids are unique per organization, not across all of them. Two orgs can
 * each own a `welcome` template, and creating one no longer reveals that another org has it.
 * SQLite cannot change a primary key in place, so both template tables are rebuilt and their
 * rows copied (every existing id was globally unique, so every row fits the new key).
 */
export const SCHEMA_V2_TEMPLATES_PER_ORG = `
CREATE TABLE templates_v2 (
  org_id       TEXT NOT NULL,
  template_id  TEXT NOT NULL,
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
  update_time  INTEGER NOT NULL,
  PRIMARY KEY (org_id, template_id)
);
INSERT INTO templates_v2 (org_id, template_id, name, category, message_type, priority, title, content, variables, enabled, version, create_time, update_time)
  SELECT org_id, template_id, name, category, message_type, priority, title, content, variables, enabled, version, create_time, update_time FROM templates;
DROP TABLE templates;
ALTER TABLE templates_v2 RENAME TO templates;
CREATE INDEX templates_by_org ON templates (org_id, category, name);

CREATE TABLE template_history_v2 (
  org_id       TEXT NOT NULL,
  template_id  TEXT NOT NULL,
  version      INTEGER NOT NULL,
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
  PRIMARY KEY (org_id, template_id, version)
);
INSERT INTO template_history_v2 (org_id, template_id, version, name, category, message_type, priority, title, content, variables, enabled, create_time, update_time)
  SELECT org_id, template_id, version, name, category, message_type, priority, title, content, variables, enabled, create_time, update_time FROM template_history;
DROP TABLE template_history;
ALTER TABLE template_history_v2 RENAME TO template_history;
`;
