-- govtrack scheduler store, schema 5: feeds. Every source seen on the log with its last
-- event and expected cadence (the source watch), the environments and resource counts
-- the inventory collector last appended (what its next run diffs against), and the
-- count a key result is bound to.
--
-- Earlier schemas did not keep these, so the projection is refolded from sequence 1 as
-- schema 3 did; the scheduler's own memory (alerts, notifications, outbox, job state)
-- is kept.

-- One row per (org, source): last_seen_ms is when the log received its latest event;
-- every_hours the expectation (NULL or 0: none); expected_ms when it was set;
-- silent_seen_ms the last_seen_ms (0: never seen) of the open source.silent finding;
-- failed_ms / failed_error the latest source.failed finding.
CREATE TABLE sources (
    org            TEXT NOT NULL,
    source         TEXT NOT NULL,
    last_seen_ms   INTEGER,
    every_hours    INTEGER,
    expected_ms    INTEGER,
    silent_seen_ms INTEGER,
    silent_since_ms INTEGER,
    failed_ms      INTEGER,
    failed_error   TEXT,
    PRIMARY KEY (org, source)
) WITHOUT ROWID;

-- Environments as the log has them; changes counts the events about each (the next
-- change's deterministic id carries it).
CREATE TABLE environments (
    org         TEXT NOT NULL,
    environment TEXT NOT NULL,
    kind        TEXT,
    managed     INTEGER,
    deleted     INTEGER NOT NULL DEFAULT 0,
    changes     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org, environment)
) WITHOUT ROWID;

-- The latest inventory.counted per (org, resource type, environment kind, managed).
CREATE TABLE inventory_counts (
    org              TEXT NOT NULL,
    resource_type    TEXT NOT NULL,
    environment_kind TEXT NOT NULL,
    managed          INTEGER NOT NULL,
    count            INTEGER NOT NULL,
    changes          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org, resource_type, environment_kind, managed)
) WITHOUT ROWID;

-- The scheduler's own memory: the last successful run of each collector.
CREATE TABLE collector_runs (
    org       TEXT NOT NULL,
    source    TEXT NOT NULL,
    last_ok_ms INTEGER NOT NULL,
    PRIMARY KEY (org, source)
) WITHOUT ROWID;

ALTER TABLE key_results ADD COLUMN measure_type TEXT;
ALTER TABLE key_results ADD COLUMN measure_managed INTEGER;

DELETE FROM applied_ids;
DELETE FROM facts;
DELETE FROM initiatives;
DELETE FROM initiative_key_results;
DELETE FROM objectives;
DELETE FROM key_results;
DELETE FROM silences;
UPDATE checkpoint SET sequence = 0;
