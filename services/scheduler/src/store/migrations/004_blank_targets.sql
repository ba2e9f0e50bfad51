-- govtrack scheduler store, schema 4: key results whose target is still a blank (a
-- template keeps the guidance's "___"). They are never overdue until
-- key_result.target_set fills the blank. SQLite cannot drop NOT NULL from a column,
-- so the table is copied; every row keeps its values.

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
