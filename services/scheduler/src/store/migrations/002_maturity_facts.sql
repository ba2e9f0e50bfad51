-- govtrack scheduler store, schema 2: the facts the maturity evaluator reads, so the
-- weekly digest can report levels per capability from the scheduler's own projection.
--
-- A store at schema 1 folded its events without keeping their facts. The projection is
-- rebuildable from the log, so it is cleared and its checkpoint reset: the next catch-up
-- refolds from sequence 1 and fills every table, facts included. The scheduler's own
-- memory (alerts, notifications, outbox, attempts, job state, the alerts-stream
-- checkpoint) is kept, so nothing is notified or run twice.

-- One row per event of an organisation the evaluator may use: type, when it happened
-- and its data (JSON, upcast to the current schema). Keyed by stream sequence.
CREATE TABLE facts (
    org         TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    type        TEXT NOT NULL,
    occurred_ms INTEGER NOT NULL,
    data        TEXT NOT NULL,
    PRIMARY KEY (org, sequence)
) WITHOUT ROWID;

DELETE FROM initiatives;
DELETE FROM initiative_key_results;
DELETE FROM objectives;
DELETE FROM key_results;
DELETE FROM silences;
UPDATE checkpoint SET sequence = 0;
