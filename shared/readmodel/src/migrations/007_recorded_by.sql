-- govtrack read model: who recorded each event (issue 23). The log's events carry
-- `recorded_by` ({kind, id, name}) from now on; the timeline keeps it as JSON text.
-- Events stored before have none, so nothing is refolded: the column starts empty.

ALTER TABLE events ADD COLUMN recorded_by TEXT;
