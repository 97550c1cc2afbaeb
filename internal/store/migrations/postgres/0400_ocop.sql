-- Local products (OCOP) and IP titles. Groups, sub-groups and star bands are
-- data (Decision 148/QĐ-TTg of 24/2/2023), so new criteria are a data change;
-- they are seeded at start (app.RegisterSeed, ocop.Groups148), never here, so
-- a restore finds the tables empty.
CREATE TABLE ocop_groups (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL,
    ord     INTEGER NOT NULL
);

CREATE TABLE ocop_subgroups (
    code       TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES ocop_groups (code),
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    ord        INTEGER NOT NULL
);

-- Stars from the total score: a rating reaches the highest band whose
-- min_score it meets.
CREATE TABLE ocop_star_bands (
    stars     INTEGER PRIMARY KEY,
    min_score DOUBLE PRECISION NOT NULL
);

-- Producers (chủ thể). unit_id is today's unit; orig_unit_id and
-- orig_address keep where a record from before 1/7/2025 was made.
CREATE TABLE ocop_producers (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    reg_no         TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    unit_id        TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id   TEXT REFERENCES org_units (id),
    orig_address   TEXT NOT NULL DEFAULT '',
    dup_of         TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_producers_unit ON ocop_producers (unit_id);
CREATE INDEX ocop_producers_reg ON ocop_producers (reg_no);

CREATE TABLE ocop_products (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_fold     TEXT NOT NULL,
    group_code    TEXT NOT NULL REFERENCES ocop_groups (code),
    subgroup_code TEXT NOT NULL REFERENCES ocop_subgroups (code),
    description   TEXT NOT NULL DEFAULT '',
    producer_id   TEXT NOT NULL REFERENCES ocop_producers (id),
    unit_id       TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id  TEXT REFERENCES org_units (id),
    orig_address  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'confirmed')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_products_unit ON ocop_products (unit_id);
CREATE INDEX ocop_products_producer ON ocop_products (producer_id);
CREATE INDEX ocop_products_fold ON ocop_products (name_fold);

-- Each OCOP rating with its certificate. stars is what the decision granted
-- (derived from total by the bands in force); expiry is never stored.
CREATE TABLE ocop_evaluations (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL REFERENCES ocop_products (id),
    year          INTEGER NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('province', 'central')),
    score_a       DOUBLE PRECISION NOT NULL,
    score_b       DOUBLE PRECISION NOT NULL,
    score_c       DOUBLE PRECISION NOT NULL,
    total         DOUBLE PRECISION NOT NULL,
    stars         INTEGER NOT NULL,
    decision_no   TEXT NOT NULL,
    decision_date DATE NOT NULL,
    cert_no       TEXT NOT NULL DEFAULT '',
    issue_date    DATE,
    review        TEXT NOT NULL CHECK (review IN ('pending', 'verified')),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_evaluations_product ON ocop_evaluations (product_id);

-- Upgrade plans (nâng hạng) and their steps. A step may later point to an
-- action item of the follow-ups area (action_item_id).
CREATE TABLE ocop_plans (
    id           TEXT PRIMARY KEY,
    product_id   TEXT NOT NULL REFERENCES ocop_products (id),
    target_stars INTEGER NOT NULL,
    support      TEXT NOT NULL DEFAULT '',
    deadline     DATE NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_plans_product ON ocop_plans (product_id);

CREATE TABLE ocop_plan_actions (
    id             TEXT PRIMARY KEY,
    plan_id        TEXT NOT NULL REFERENCES ocop_plans (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    due            DATE,
    done           BOOLEAN NOT NULL DEFAULT FALSE,
    action_item_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ocop_plan_actions_plan ON ocop_plan_actions (plan_id);

-- IP titles. task_ref names the S&T task that produced the title, as text
-- until the proposals area can resolve it.
CREATE TABLE ocop_ip_titles (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_fold    TEXT NOT NULL,
    owner        TEXT NOT NULL,
    producer_id  TEXT REFERENCES ocop_producers (id),
    app_no       TEXT NOT NULL,
    app_date     DATE NOT NULL,
    grant_no     TEXT NOT NULL DEFAULT '',
    grant_date   DATE,
    term_until   DATE,
    status       TEXT NOT NULL,
    managing_org TEXT NOT NULL DEFAULT '',
    usage_rules  TEXT NOT NULL DEFAULT '',
    task_ref     TEXT NOT NULL DEFAULT '',
    unit_id      TEXT NOT NULL REFERENCES org_units (id),
    orig_unit_id TEXT REFERENCES org_units (id),
    orig_address TEXT NOT NULL DEFAULT '',
    review       TEXT NOT NULL CHECK (review IN ('pending', 'verified')),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ocop_ip_titles_unit ON ocop_ip_titles (unit_id);
CREATE INDEX ocop_ip_titles_fold ON ocop_ip_titles (name_fold);

CREATE TABLE ocop_ip_products (
    ip_id      TEXT NOT NULL REFERENCES ocop_ip_titles (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES ocop_products (id),
    PRIMARY KEY (ip_id, product_id)
);
CREATE INDEX ocop_ip_products_product ON ocop_ip_products (product_id);
