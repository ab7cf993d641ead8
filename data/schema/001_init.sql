-- ddnsguard history store, schema v1 (DESIGN §6).
-- Timestamps (at, opened_at, closed_at, last_seen_old) are INTEGER milliseconds since the
-- Unix epoch, UTC. Families are "ipv4"/"ipv6"; error classes as providers::to_string.
-- Run inside a transaction by the store, which then sets PRAGMA user_version = 1.

CREATE TABLE observations (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  family  TEXT    NOT NULL,
  source  TEXT    NOT NULL,
  address TEXT    NULL,
  status  TEXT    NOT NULL,
  detail  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX observations_at ON observations (at);

CREATE TABLE ip_changes (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  family        TEXT    NOT NULL,
  old_address   TEXT    NULL,
  new_address   TEXT    NOT NULL,
  source        TEXT    NOT NULL,
  last_seen_old INTEGER NULL
);
CREATE INDEX ip_changes_at ON ip_changes (at);
CREATE INDEX ip_changes_family_at ON ip_changes (family, at);

CREATE TABLE updates (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  record      TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  provider    TEXT    NOT NULL,
  address     TEXT    NOT NULL,
  ok          INTEGER NOT NULL,
  error_class TEXT    NULL,
  latency_ms  INTEGER NOT NULL,
  message     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX updates_at ON updates (at);

CREATE TABLE verifications (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  record     TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  provider   TEXT    NOT NULL,
  expected   TEXT    NOT NULL,
  answer     TEXT    NULL,
  ok         INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL
);
CREATE INDEX verifications_at ON verifications (at);

CREATE TABLE decisions (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  kind      TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  rationale TEXT    NOT NULL
);
CREATE INDEX decisions_at ON decisions (at);

-- AUTOINCREMENT: an id is never reused after pruning, so a stale close cannot hit a new row.
CREATE TABLE anomalies (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind      TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  severity  TEXT    NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER NULL,
  score     REAL    NOT NULL,
  summary   TEXT    NOT NULL,
  evidence  TEXT    NOT NULL,
  action    TEXT    NOT NULL
);
CREATE INDEX anomalies_opened_at ON anomalies (opened_at);
CREATE INDEX anomalies_closed_at ON anomalies (closed_at);

CREATE TABLE published (
  record   TEXT    NOT NULL,
  type     TEXT    NOT NULL,
  provider TEXT    NOT NULL,
  address  TEXT    NULL,
  at       INTEGER NOT NULL,
  in_sync  INTEGER NOT NULL,
  PRIMARY KEY (record, type, provider)
);
