-- govtrack read model: the lean timeline (issue 14). Numbered 005 because another
-- branch adds 004; this file only needs schema 3 before it.
--
-- What changes, and why:
-- - The timeline is clustered by its read path, (org, sequence), as a WITHOUT ROWID
--   table: an organisation's events sit together, and the separate (org, sequence)
--   index is gone.
-- - De-duplication for ever uses the timeline's own `id`, through a unique index,
--   instead of the `seen_ids` table that held every id a second time.
-- - `v`, `entity_kind` and `entity_id` are dropped: no read used them (the log keeps
--   them, and the subject names the entity).
-- - `occurred_at` and `recorded_at` become integers, microseconds since 1970 UTC,
--   instead of 27 characters each. Leap seconds (":60") are counted from ":00" so
--   that no stored text fails to convert.
--
-- Nothing is refolded: every row is converted in place, so the checkpoint stands.

CREATE TABLE events_lean (
    org         TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    id          TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    source      TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (org, sequence)
) WITHOUT ROWID;

INSERT INTO events_lean (org, sequence, id, type, occurred_at, recorded_at, source, data)
    SELECT org, sequence, id, type,
           (unixepoch(substr(occurred_at, 1, 17) || '00') + CAST(substr(occurred_at, 18, 2) AS INTEGER)) * 1000000
               + CAST(substr(occurred_at, 21, 6) AS INTEGER),
           (unixepoch(substr(recorded_at, 1, 17) || '00') + CAST(substr(recorded_at, 18, 2) AS INTEGER)) * 1000000
               + CAST(substr(recorded_at, 21, 6) AS INTEGER),
           source, data
    FROM events ORDER BY org, sequence;

DROP TABLE events;
DROP TABLE seen_ids;
ALTER TABLE events_lean RENAME TO events;
CREATE UNIQUE INDEX events_by_id ON events (id);
