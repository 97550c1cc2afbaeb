-- A stamp of the data (issue 13): every write transaction (Store.Tx) moves
-- it on, as its last statement, so anything cached from the data is keyed
-- by it and every server sees a change the moment it commits. Not backed
-- up: a restored database starts a new count.
CREATE TABLE data_stamp (
    id INTEGER PRIMARY KEY,
    n  BIGINT NOT NULL
);
