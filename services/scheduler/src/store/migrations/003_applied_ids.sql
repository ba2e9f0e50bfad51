-- govtrack scheduler store, schema 3: the projection applies each event id once.
--
-- A message whose id was already applied (an id re-sent to an older govtrack after
-- JetStream's duplicate window, or published straight onto the stream) is skipped:
-- a re-sent hackathon no longer counts twice, and a re-sent progress note no longer
-- moves an initiative's last activity. Earlier schemas folded such copies, so the
-- projection is cleared and refolded from sequence 1, as schema 2 did; the scheduler's
-- own memory (alerts, notifications, outbox, job state) is kept.

CREATE TABLE applied_ids (
    id TEXT PRIMARY KEY
) WITHOUT ROWID;

DELETE FROM facts;
DELETE FROM initiatives;
DELETE FROM initiative_key_results;
DELETE FROM objectives;
DELETE FROM key_results;
DELETE FROM silences;
UPDATE checkpoint SET sequence = 0;
