-- The webhooks' own state (ingest-hooks.sqlite): what each labelled item was when its
-- last delivery came, so "closed once every item is closed" can be decided, and the
-- envelope decided for each delivery, so a redelivery re-sends exactly the same event.

-- One row per item and initiative it is labelled for.
CREATE TABLE items (
    org        TEXT    NOT NULL,
    initiative TEXT    NOT NULL,
    sender     TEXT    NOT NULL,   -- github, azure-devops
    item       TEXT    NOT NULL,   -- contoso/coe#12, "CoE Epic #42"
    closed     INTEGER NOT NULL,   -- 0 or 1
    blocked    INTEGER NOT NULL,   -- 0 or 1
    item_order TEXT    NOT NULL,   -- the sender's revision or update time, to ignore late ones
    PRIMARY KEY (org, initiative, sender, item)
) WITHOUT ROWID;

-- The event decided for a delivery, by its event id (derived from the delivery id).
CREATE TABLE deliveries (
    id       TEXT PRIMARY KEY,
    envelope TEXT NOT NULL
) WITHOUT ROWID;
