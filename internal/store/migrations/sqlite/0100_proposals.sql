-- Plan calls and S&T task proposals. A call keeps its own copy of the rule
-- set (form fields, required fields, limits) it was opened under, so later
-- rule changes never touch dossiers already made.

-- Rule sets the Sở added beside the shipped defaults, which live in code.
CREATE TABLE proposal_rule_sets (
    code       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);

-- Phases chain, so only the window's start and each phase's end are stored.
CREATE TABLE calls (
    id              TEXT PRIMARY KEY,
    plan_year       INTEGER NOT NULL,
    title           TEXT NOT NULL,
    title_fold      TEXT NOT NULL,
    guidance        TEXT NOT NULL DEFAULT '',
    rule_code       TEXT NOT NULL,
    rules           TEXT NOT NULL,
    window_start    DATE NOT NULL,
    window_end      DATE NOT NULL,
    screening_end   DATE NOT NULL,
    council_end     DATE NOT NULL,
    approval_end    DATE NOT NULL,
    publication_end DATE NOT NULL,
    decision_ref    TEXT NOT NULL DEFAULT '',
    opened_at       TIMESTAMP,
    opened_by       TEXT REFERENCES users (id),
    published_at    TIMESTAMP,
    created_by      TEXT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX calls_year ON calls (plan_year);

CREATE TABLE call_areas (
    id       TEXT PRIMARY KEY,
    call_id  TEXT NOT NULL REFERENCES calls (id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL
);
CREATE INDEX call_areas_call ON call_areas (call_id, position);

CREATE TABLE call_units (
    call_id TEXT NOT NULL REFERENCES calls (id),
    unit_id TEXT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (call_id, unit_id)
);
CREATE INDEX call_units_unit ON call_units (unit_id);

-- One unit's later deadline; every grant and change is also in the audit log.
CREATE TABLE call_extensions (
    call_id    TEXT NOT NULL REFERENCES calls (id),
    unit_id    TEXT NOT NULL REFERENCES org_units (id),
    until_date DATE NOT NULL,
    reason     TEXT NOT NULL,
    granted_by TEXT REFERENCES users (id),
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (call_id, unit_id)
);

-- Money is integer đồng. search_fold is the folded title and objectives for
-- diacritics-insensitive search; title_lower ranks exact-diacritic matches
-- first. unit_sort and title_sort are Vietnamese collation keys, so the
-- database sorts and pages lists in the order users expect. version guards
-- every change (edits and moves alike), so a stale page never overwrites.
CREATE TABLE proposals (
    id              TEXT PRIMARY KEY,
    call_id         TEXT NOT NULL REFERENCES calls (id),
    unit_id         TEXT NOT NULL REFERENCES org_units (id),
    unit_path       TEXT NOT NULL,
    task_type       TEXT NOT NULL,
    title           TEXT NOT NULL,
    objectives      TEXT NOT NULL DEFAULT '',
    search_fold     TEXT NOT NULL,
    title_lower     TEXT NOT NULL,
    unit_sort       BLOB NOT NULL,
    title_sort      BLOB NOT NULL,
    fields          TEXT NOT NULL DEFAULT '{}',
    state_budget    BIGINT NOT NULL DEFAULT 0,
    other_budget    BIGINT NOT NULL DEFAULT 0,
    duration_months INTEGER NOT NULL DEFAULT 0,
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_title   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    in_revision     BOOLEAN NOT NULL DEFAULT FALSE,
    method          TEXT NOT NULL DEFAULT '',
    round           INTEGER NOT NULL DEFAULT 0,
    pending_event   TEXT NOT NULL DEFAULT '',
    pending_reason  TEXT NOT NULL DEFAULT '',
    pending_method  TEXT NOT NULL DEFAULT '',
    pending_by      TEXT REFERENCES users (id),
    created_by      TEXT REFERENCES users (id),
    updated_by      TEXT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    submitted_at    TIMESTAMP,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX proposals_call_state ON proposals (call_id, state, round);
CREATE INDEX proposals_call_order ON proposals (call_id, unit_sort, title_sort, id, state, round);
CREATE INDEX proposals_call_unit ON proposals (call_id, unit_id, state, round, unit_sort);
CREATE INDEX proposals_unit ON proposals (unit_id);

CREATE TABLE proposal_areas (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    area_id     TEXT NOT NULL REFERENCES call_areas (id),
    PRIMARY KEY (proposal_id, area_id)
);
CREATE INDEX proposal_areas_area ON proposal_areas (area_id);

-- Every move of a proposal: who, when, from where to where, and why.
CREATE TABLE proposal_events (
    id          TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    event       TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL DEFAULT '',
    file_id     TEXT REFERENCES files (id),
    version_no  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, at);

-- Every version sent to the Sở, as a readable snapshot (JSON).
CREATE TABLE proposal_versions (
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    number      INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    created_by  TEXT REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, number)
);

-- Comments on fields that come with a return (yêu cầu bổ sung).
CREATE TABLE proposal_comments (
    id          TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    event_id    TEXT NOT NULL REFERENCES proposal_events (id),
    field       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id, created_at);

-- Notes inside the Sở; never shown to the unit.
CREATE TABLE proposal_notes (
    id          TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    body        TEXT NOT NULL,
    author_id   TEXT REFERENCES users (id),
    author_name TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX proposal_notes_proposal ON proposal_notes (proposal_id, created_at);

-- Earlier tasks, imported by the Sở; keyed by the registry's own code.
CREATE TABLE past_tasks (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    title_fold  TEXT NOT NULL,
    objectives  TEXT NOT NULL DEFAULT '',
    performer   TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    year_from   INTEGER NOT NULL DEFAULT 0,
    year_to     INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT '',
    imported_by TEXT REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
