-- govtrack read model, schema 3: alerts on the read side, derived from the scheduler's
-- findings on the log (initiative.stalled / initiative.unstalled, key_result.overdue)
-- and from silences (silence.created / silence.expired). The scheduler's own store
-- keeps the notification lifecycle (grouping, repeats, webhooks); these tables are
-- what the api and the dashboard show.
--
-- A read model migrated from schema 2 starts with both tables empty: its earlier
-- findings are in `events` but not folded here. `govtrack projector rebuild` folds the
-- whole log, alerts included.

-- Silences as recorded: `org` recorded it, `match_*` say what it mutes.
CREATE TABLE silences (
    org          TEXT NOT NULL,
    silence      TEXT NOT NULL,
    match_org    TEXT NOT NULL,
    match_kind   TEXT,
    match_entity TEXT,
    owner        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    lifted_at    TEXT,
    PRIMARY KEY (org, silence)
) WITHOUT ROWID;

-- One row per alert ever fired: `initiative_stalled` or `key_result_overdue` of an
-- entity. `since` is when it (last) started firing; `silenced_by` / `silenced_until`
-- name the silence that mutes it longest, if one matches.
CREATE TABLE alerts (
    org              TEXT NOT NULL,
    kind             TEXT NOT NULL,
    entity           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
    since            TEXT NOT NULL,
    last_activity_at TEXT,
    resolved_at      TEXT,
    silenced_by      TEXT,
    silenced_until   TEXT,
    PRIMARY KEY (org, kind, entity)
) WITHOUT ROWID;
CREATE INDEX silences_by_match ON silences (match_org);
