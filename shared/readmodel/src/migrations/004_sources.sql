-- govtrack read model, schema 4: feeds. One row per (org, source) seen on the log: when
-- the log last received an event from it, the cadence expected of it
-- (source.expected; NULL or 0: none) and its latest collector failure (source.failed).
-- The api words the status (ok, late, silent, failed, unwatched) at the time asked.
--
-- Filled from the events already stored, so a read model at schema 3 needs no rebuild.

CREATE TABLE sources (
    org          TEXT NOT NULL,
    source       TEXT NOT NULL,
    last_seen_at TEXT,
    every_hours  INTEGER,
    expected_at  TEXT,
    failed_at    TEXT,
    failed_error TEXT,
    PRIMARY KEY (org, source)
) WITHOUT ROWID;

INSERT INTO sources (org, source, last_seen_at)
SELECT org, source, max(recorded_at) FROM events
WHERE source IS NOT NULL AND source <> '' GROUP BY org, source;

INSERT INTO sources (org, source, every_hours, expected_at)
SELECT org, json_extract(data, '$.source'), json_extract(data, '$.every_hours'), occurred_at
FROM events WHERE type = 'source.expected' ORDER BY sequence
ON CONFLICT (org, source) DO UPDATE SET every_hours = excluded.every_hours,
    expected_at = excluded.expected_at;

INSERT INTO sources (org, source, failed_at, failed_error)
SELECT org, json_extract(data, '$.source'), occurred_at, json_extract(data, '$.error')
FROM events WHERE type = 'source.failed' ORDER BY sequence
ON CONFLICT (org, source) DO UPDATE SET failed_at = excluded.failed_at,
    failed_error = excluded.failed_error;

UPDATE sources SET failed_at = NULL, failed_error = NULL
WHERE failed_at IS NOT NULL AND EXISTS (
    SELECT 1 FROM events e
    WHERE e.type = 'source.recovered' AND e.org = sources.org
      AND json_extract(e.data, '$.source') = sources.source AND e.occurred_at >= sources.failed_at);
