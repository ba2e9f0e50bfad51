-- The durable id index: every event id the log holds, with the stream sequence of its
-- first message. A projection of the log, rebuilt from it when lost.
CREATE TABLE ids (
    id       TEXT    PRIMARY KEY,
    sequence INTEGER NOT NULL
) WITHOUT ROWID;

-- The last stream sequence indexed (one row), written in the same transaction.
CREATE TABLE checkpoint (
    one      INTEGER PRIMARY KEY CHECK (one = 1),
    sequence INTEGER NOT NULL
);
INSERT INTO checkpoint (one, sequence) VALUES (1, 0);
