-- govtrack read model, schema 2: key results whose target is still a blank (a template
-- keeps the guidance's "___"), and objectives' stakeholders.
--
-- SQLite cannot drop NOT NULL from a column, so key_results is copied into a table
-- whose target may be NULL; every row keeps its values.

CREATE TABLE key_results_v2 (
    org        TEXT NOT NULL,
    key_result TEXT NOT NULL,
    objective  TEXT NOT NULL,
    title      TEXT NOT NULL,
    unit       TEXT NOT NULL,
    baseline   REAL NOT NULL,
    target     REAL,
    direction  TEXT NOT NULL,
    due        TEXT NOT NULL,
    defined_at TEXT NOT NULL,
    overdue_at TEXT,
    PRIMARY KEY (org, key_result)
) WITHOUT ROWID;

INSERT INTO key_results_v2
    SELECT org, key_result, objective, title, unit, baseline, target, direction, due, defined_at, overdue_at
    FROM key_results;
DROP TABLE key_results;
ALTER TABLE key_results_v2 RENAME TO key_results;

-- The stakeholder groups of an objective, as a JSON array of ids.
ALTER TABLE objectives ADD COLUMN stakeholders TEXT NOT NULL DEFAULT '[]';
