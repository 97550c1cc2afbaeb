-- Programmes monitored by the Sở, their indicators, validation rules,
-- reporting periods, and baselines/targets per indicator × unit × period.
-- Nothing about one programme is hard-coded: all of it is rows here.
CREATE TABLE programmes (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    title_fold   TEXT NOT NULL,
    issuer       TEXT NOT NULL DEFAULT '',
    issued_on    DATE,
    start_year   INTEGER NOT NULL,
    end_year     INTEGER NOT NULL,
    goals        TEXT NOT NULL DEFAULT '',
    on_track_pct DOUBLE PRECISION NOT NULL DEFAULT 90,
    at_risk_pct  DOUBLE PRECISION NOT NULL DEFAULT 70,
    illustrative BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE indicators (
    id             TEXT PRIMARY KEY,
    programme_id   TEXT NOT NULL REFERENCES programmes (id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    area           TEXT NOT NULL DEFAULT '',
    value_type     TEXT NOT NULL,
    direction      TEXT NOT NULL,
    aggregation    TEXT NOT NULL,
    formula        TEXT NOT NULL DEFAULT '',
    cumulative     BOOLEAN NOT NULL DEFAULT FALSE,
    reporter_kinds TEXT NOT NULL DEFAULT '',
    division_id    TEXT REFERENCES org_units (id),
    source         TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    illustrative   BOOLEAN NOT NULL DEFAULT FALSE,
    min_value      DOUBLE PRECISION,
    max_value      DOUBLE PRECISION,
    max_change_pct DOUBLE PRECISION,
    position       INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (programme_id, code)
);

-- Cross-indicator rules: left op right, e.g. "applications >= grants".
CREATE TABLE indicator_rules (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    left_expr    TEXT NOT NULL,
    op           TEXT NOT NULL,
    right_expr   TEXT NOT NULL,
    importance   TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX indicator_rules_programme ON indicator_rules (programme_id);

-- Reporting periods of a programme; starts/ends are the data cut-offs
-- (Decree 09/2019: 15/12 → 14/6 and 15/12 → 14/12), opens/deadline the
-- entry window.
CREATE TABLE periods (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    code         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    name         TEXT NOT NULL,
    starts       DATE NOT NULL,
    ends         DATE NOT NULL,
    opens        DATE NOT NULL,
    deadline     DATE NOT NULL,
    closed       BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (programme_id, code)
);

-- Baseline and target of one indicator for one unit and period. Money in
-- whole đồng, everything else in the number columns.
CREATE TABLE targets (
    period_id      TEXT NOT NULL REFERENCES periods (id),
    unit_id        TEXT NOT NULL REFERENCES org_units (id),
    indicator_id   TEXT NOT NULL REFERENCES indicators (id),
    baseline_num   DOUBLE PRECISION,
    baseline_money BIGINT,
    target_num     DOUBLE PRECISION,
    target_money   BIGINT,
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     TEXT,
    PRIMARY KEY (period_id, unit_id, indicator_id)
);
CREATE INDEX targets_indicator ON targets (indicator_id, period_id);
