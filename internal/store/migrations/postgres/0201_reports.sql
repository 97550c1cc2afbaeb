-- Reports: one unit × one period of a programme. A report stays attached to
-- the unit that made it, even after that unit is reorganised away; unit_path
-- is copied in so scope filters need no join.
CREATE TABLE reports (
    id            TEXT PRIMARY KEY,
    programme_id  TEXT NOT NULL REFERENCES programmes (id),
    period_id     TEXT NOT NULL REFERENCES periods (id),
    unit_id       TEXT NOT NULL REFERENCES org_units (id),
    unit_path     TEXT NOT NULL,
    state         TEXT NOT NULL,
    section1      TEXT NOT NULL DEFAULT '',
    section2      TEXT NOT NULL DEFAULT '',
    section3      TEXT NOT NULL DEFAULT '',
    section4      TEXT NOT NULL DEFAULT '',
    section5      TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    submitted_at  TIMESTAMPTZ,
    approved_at   TIMESTAMPTZ,
    accepted_at   TIMESTAMPTZ,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (period_id, unit_id)
);
CREATE INDEX reports_unit ON reports (unit_id, period_id);
CREATE INDEX reports_programme ON reports (programme_id, state);

-- The values: the one big table (about 3,4 million rows at national scale),
-- kept narrow and clustered by report so a report, a province matrix or a
-- national roll-up reads only the rows it needs.
CREATE TABLE report_values (
    report_id    TEXT NOT NULL REFERENCES reports (id),
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    num          DOUBLE PRECISION,
    money        BIGINT,
    text         TEXT,
    comment      TEXT,
    evidence_id  TEXT,
    PRIMARY KEY (report_id, indicator_id)
);

-- What happened to a report: submitted, approved, accepted, returned (with
-- the reason), shown as its history.
CREATE TABLE report_events (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    at         TIMESTAMPTZ NOT NULL,
    actor_id   TEXT REFERENCES users (id),
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events (report_id, at);

-- An exception lets one unit enter data in a period although the window is
-- closed or the deadline has passed, until a date. Granting and revoking are
-- audited.
CREATE TABLE lock_exceptions (
    id         TEXT PRIMARY KEY,
    period_id  TEXT NOT NULL REFERENCES periods (id),
    unit_id    TEXT NOT NULL REFERENCES org_units (id),
    until      DATE NOT NULL,
    reason     TEXT NOT NULL,
    granted_by TEXT REFERENCES users (id),
    granted_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX lock_exceptions_unit ON lock_exceptions (period_id, unit_id);

-- Background imports (big target sheets) report progress here so any server
-- can show it.
CREATE TABLE import_jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    status     TEXT NOT NULL,
    phase      TEXT NOT NULL DEFAULT '',
    total      INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    problems   TEXT NOT NULL DEFAULT '[]',
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX import_jobs_owner ON import_jobs (owner_id, created_at);
