-- govtrack read model: persisted maturity snapshots (issue 14, item 3).
--
-- A snapshot is an organisation's maturity timeline saved as text
-- (`Timeline::save`), with the last sequence of that organisation folded into it and
-- the organisation's event count then. A first request for the organisation restores
-- it and replays only the events after `sequence`, instead of the whole history.
--
-- It is a cache: the projector writes it off its hot path, only for organisations
-- with many events, and any row can be deleted at any time (the api then replays the
-- whole history). `model` is the fingerprint of the model it was built under (its id
-- and a hash of its content), so a model edited under the same id never restores an
-- old timeline. `saved` comes last: a scan of the small columns does not read it.

CREATE TABLE maturity_snapshots (
    org      TEXT NOT NULL,
    model    TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    events   INTEGER NOT NULL,
    saved    TEXT NOT NULL,
    PRIMARY KEY (org, model)
) WITHOUT ROWID;
