-- Write locks: one row per scope that a use case without a version row of its
-- own takes before it reads (a unit's grid of targets for a period, checked by
-- a stamp). On PostgreSQL concurrent saves of the same scope queue on the row,
-- so the later one reads what the earlier one wrote; SQLite has one writer.
CREATE TABLE write_locks (
    key   TEXT PRIMARY KEY,
    taken BIGINT NOT NULL
);
