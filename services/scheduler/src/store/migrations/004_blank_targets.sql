-- govtrack scheduler store, schema 4: key results whose target is still a blank (a
-- template keeps the guidance's "___"), and initiatives' horizons.
--
-- A blank target is never overdue until key_result.target_set fills it. SQLite cannot
-- drop NOT NULL from a column, so key_results is copied; every row keeps its values.
-- An initiative without checkin_days takes its horizon's cadence (14 days for now, 30
-- for next_year, 90 for three_years): the projection is refolded so every initiative
-- has its horizon, as schema 3 did; the scheduler's own memory is kept.

CREATE TABLE key_results_v2 (
    org                 TEXT NOT NULL,
    key_result          TEXT NOT NULL,
    objective           TEXT NOT NULL,
    title               TEXT NOT NULL,
    baseline            REAL NOT NULL,
    target              REAL,
    direction           TEXT NOT NULL,
    due                 TEXT NOT NULL,
    defined_ms          INTEGER NOT NULL,
    current             REAL,
    measured_ms         INTEGER,
    overdue_reported_ms INTEGER,
    PRIMARY KEY (org, key_result)
) WITHOUT ROWID;

INSERT INTO key_results_v2 SELECT * FROM key_results;
DROP TABLE key_results;
ALTER TABLE key_results_v2 RENAME TO key_results;

ALTER TABLE initiatives ADD COLUMN horizon TEXT;

DELETE FROM applied_ids;
DELETE FROM facts;
DELETE FROM initiatives;
DELETE FROM initiative_key_results;
DELETE FROM objectives;
DELETE FROM key_results;
DELETE FROM silences;
UPDATE checkpoint SET sequence = 0;
