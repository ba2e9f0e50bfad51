-- govtrack read model, schema 1. Every table can be rebuilt from the log.
-- Times are RFC 3339 UTC with microseconds ("2026-03-01T10:00:00.000000Z"), so text
-- order is time order.

-- The last stream sequence applied; written in the same transaction as the rows.
CREATE TABLE checkpoint (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL
);
INSERT INTO checkpoint (id, sequence) VALUES (1, 0);

-- Every event id ever applied: de-duplication for ever, not only within the NATS window.
CREATE TABLE seen_ids (
    id       TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL
) WITHOUT ROWID;

-- Messages of the log that could not be decoded or applied; projection went on.
CREATE TABLE dead_letter (
    sequence INTEGER PRIMARY KEY,
    subject  TEXT NOT NULL,
    msg_id   TEXT,
    reason   TEXT NOT NULL,
    raw      BLOB NOT NULL
);

-- One row per organisation that has at least one applied event.
CREATE TABLE orgs (
    org              TEXT PRIMARY KEY,
    events           INTEGER NOT NULL,
    first_sequence   INTEGER NOT NULL,
    last_sequence    INTEGER NOT NULL,
    last_occurred_at TEXT NOT NULL
) WITHOUT ROWID;

-- The timeline, and the facts the maturity evaluator reads (type, occurred_at, data).
CREATE TABLE events (
    sequence    INTEGER PRIMARY KEY,
    org         TEXT NOT NULL,
    id          TEXT NOT NULL,
    type        TEXT NOT NULL,
    v           INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source      TEXT,
    entity_kind TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX events_by_org ON events (org, sequence);

-- Current facts: the latest event of each entity, and whether it still stands
-- (a stepped-down sponsor or a removed DLP policy does not). Org-level facts are keyed
-- by their event type.
CREATE TABLE current_facts (
    org         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    key         TEXT NOT NULL,
    active      INTEGER NOT NULL,
    last_type   TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    PRIMARY KEY (org, kind, key)
) WITHOUT ROWID;

CREATE TABLE objectives (
    org          TEXT NOT NULL,
    objective    TEXT NOT NULL,
    title        TEXT NOT NULL,
    goal         TEXT,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    defined_at   TEXT NOT NULL,
    closed_at    TEXT,
    PRIMARY KEY (org, objective)
) WITHOUT ROWID;

CREATE TABLE key_results (
    org        TEXT NOT NULL,
    key_result TEXT NOT NULL,
    objective  TEXT NOT NULL,
    title      TEXT NOT NULL,
    unit       TEXT NOT NULL,
    baseline   REAL NOT NULL,
    target     REAL NOT NULL,
    direction  TEXT NOT NULL,
    due        TEXT NOT NULL,
    defined_at TEXT NOT NULL,
    overdue_at TEXT,
    PRIMARY KEY (org, key_result)
) WITHOUT ROWID;

CREATE TABLE measurements (
    org         TEXT NOT NULL,
    key_result  TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    value       REAL NOT NULL,
    occurred_at TEXT NOT NULL,
    PRIMARY KEY (org, key_result, sequence)
) WITHOUT ROWID;

-- Initiatives with their last activity. A row can exist before its initiative.started
-- arrives (events may be emitted out of order); title is NULL until then.
CREATE TABLE initiatives (
    org              TEXT NOT NULL,
    initiative       TEXT NOT NULL,
    objective        TEXT,
    key_results      TEXT NOT NULL DEFAULT '[]',
    title            TEXT,
    owner            TEXT,
    horizon          TEXT,
    checkin_days     INTEGER,
    due              TEXT,
    state            TEXT NOT NULL DEFAULT 'active',
    percent          INTEGER,
    note             TEXT,
    started_at       TEXT,
    last_activity_at TEXT NOT NULL,
    stalled_since    TEXT,
    PRIMARY KEY (org, initiative)
) WITHOUT ROWID;
