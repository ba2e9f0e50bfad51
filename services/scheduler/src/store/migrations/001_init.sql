-- govtrack scheduler store, schema 1. Times are INTEGER milliseconds since the epoch (UTC).
-- The projection tables can be rebuilt from the log; the alert, notification, outbox and
-- job tables are the scheduler's own memory (what it notified, what it delivered).

-- Projection ------------------------------------------------------------------------

-- The last stream sequence of GOVTRACK_EVENTS applied; written with the rows.
CREATE TABLE checkpoint (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL
);
INSERT INTO checkpoint (id, sequence) VALUES (1, 0);

-- Initiatives and their last activity. stalled_activity_ms is the last_activity_at of
-- the open initiative.stalled finding (NULL when none is open).
CREATE TABLE initiatives (
    org                 TEXT NOT NULL,
    initiative          TEXT NOT NULL,
    title               TEXT,
    owner               TEXT,
    checkin_days        INTEGER,
    state               TEXT NOT NULL DEFAULT 'active',
    last_activity_ms    INTEGER NOT NULL,
    stalled_activity_ms INTEGER,
    stalled_since_ms    INTEGER,
    PRIMARY KEY (org, initiative)
) WITHOUT ROWID;

-- Which initiatives move which key results (a measurement is activity for them).
CREATE TABLE initiative_key_results (
    org        TEXT NOT NULL,
    key_result TEXT NOT NULL,
    initiative TEXT NOT NULL,
    PRIMARY KEY (org, key_result, initiative)
) WITHOUT ROWID;

CREATE TABLE objectives (
    org       TEXT NOT NULL,
    objective TEXT NOT NULL,
    title     TEXT NOT NULL,
    closed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org, objective)
) WITHOUT ROWID;

CREATE TABLE key_results (
    org                 TEXT NOT NULL,
    key_result          TEXT NOT NULL,
    objective           TEXT NOT NULL,
    title               TEXT NOT NULL,
    baseline            REAL NOT NULL,
    target              REAL NOT NULL,
    direction           TEXT NOT NULL,
    due                 TEXT NOT NULL,
    defined_ms          INTEGER NOT NULL,
    current             REAL,
    measured_ms         INTEGER,
    overdue_reported_ms INTEGER,
    PRIMARY KEY (org, key_result)
) WITHOUT ROWID;

-- Silences as recorded on the log. match_org is never NULL (it defaults to the org of
-- the event); kind and entity NULL match anything.
CREATE TABLE silences (
    org          TEXT NOT NULL,
    silence      TEXT NOT NULL,
    match_org    TEXT NOT NULL,
    match_kind   TEXT,
    match_entity TEXT,
    owner        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    expires_ms   INTEGER NOT NULL,
    expired_ms   INTEGER,
    PRIMARY KEY (org, silence)
) WITHOUT ROWID;

-- Alert lifecycle -------------------------------------------------------------------

-- One row per alert identity (fingerprint of org, kind, entity): its current episode.
CREATE TABLE alerts (
    fingerprint       TEXT PRIMARY KEY,
    org               TEXT NOT NULL,
    kind              TEXT NOT NULL,
    entity            TEXT NOT NULL,
    summary           TEXT NOT NULL,
    labels            TEXT NOT NULL,
    starts_ms         INTEGER NOT NULL,
    first_seen_ms     INTEGER NOT NULL,
    ends_ms           INTEGER,
    last_notified_ms  INTEGER,
    reminders         INTEGER NOT NULL DEFAULT 0,
    resolved_notified INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX alerts_by_org ON alerts (org);

-- The notification log: every notification decided, with its body. A restart reads
-- it, so nothing is notified twice.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    org        TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    body       TEXT NOT NULL
) WITHOUT ROWID;

-- What is still to deliver, per notification and target ("nats" or a webhook name).
CREATE TABLE outbox (
    notification TEXT NOT NULL,
    target       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_ms      INTEGER NOT NULL,
    last_status  INTEGER,
    last_error   TEXT,
    PRIMARY KEY (notification, target)
) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox (state, next_ms);

-- Every delivery attempt, for `govtrack alerts deliveries`.
CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,
    notification TEXT NOT NULL,
    target       TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL,
    status       INTEGER,
    error        TEXT,
    outcome      TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX attempts_by_notification ON attempts (notification, target);

-- How far the notification log has been merged with GOVTRACK_ALERTS (what other
-- schedulers, or this one before its store was lost, already notified).
CREATE TABLE alerts_stream_checkpoint (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL
);
INSERT INTO alerts_stream_checkpoint (id, sequence) VALUES (1, 0);

-- Webhook endpoints switched off (a 410 Gone).
CREATE TABLE disabled_endpoints (
    name        TEXT PRIMARY KEY,
    disabled_ms INTEGER NOT NULL,
    reason      TEXT NOT NULL
) WITHOUT ROWID;

-- Schedule ----------------------------------------------------------------------------

CREATE TABLE job_state (
    job               TEXT PRIMARY KEY,
    last_scheduled_ms INTEGER NOT NULL,
    last_started_ms   INTEGER,
    last_finished_ms  INTEGER,
    last_outcome      TEXT
) WITHOUT ROWID;
