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
-- old timeline.
--
-- A rowid table, unlike the timeline: a saved timeline is tens to hundreds of KB, and
-- a search of a `WITHOUT ROWID` table (an index b-tree) reads the whole of every
-- overflowing row it compares its key with. The projector's look for due snapshots
-- four times a second read every saved text that way: 13% of a core while idle.
-- Here the key lives in the small unique index and the text is read only when asked.

CREATE TABLE maturity_snapshots (
    org      TEXT NOT NULL,
    model    TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    events   INTEGER NOT NULL,
    saved    TEXT NOT NULL,
    UNIQUE (org, model)
);
