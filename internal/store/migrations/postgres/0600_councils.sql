-- Advisory councils (hội đồng tư vấn; under the 2025 regime the grant and
-- order council): the register of experts, councils of a call with their
-- members, the proposals assigned to them with the similarity evidence frozen
-- when the pack is sent, declarations of conflict of interest, evaluation
-- sheets, attendance and ballots, conclusions, and budget appraisals.
CREATE TABLE experts (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    name_fold     TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    unit_id       TEXT REFERENCES org_units (id),
    fields        TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    user_id       TEXT UNIQUE REFERENCES users (id),
    civil_servant BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX experts_unit ON experts (unit_id);

CREATE TABLE councils (
    id            TEXT PRIMARY KEY,
    call_id       TEXT NOT NULL REFERENCES calls (id),
    name          TEXT NOT NULL,
    area          TEXT NOT NULL DEFAULT '',
    meeting_date  DATE,
    meeting_place TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'forming',
    pack_sent_at  TIMESTAMPTZ,
    met_at        TIMESTAMPTZ,
    minutes_no    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX councils_call ON councils (call_id);

CREATE TABLE council_members (
    council_id TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    expert_id  TEXT NOT NULL REFERENCES experts (id),
    role       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    present    BOOLEAN,
    PRIMARY KEY (council_id, expert_id)
);
CREATE INDEX council_members_expert ON council_members (expert_id);

CREATE TABLE council_proposals (
    council_id  TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL UNIQUE REFERENCES proposals (id),
    position    INTEGER NOT NULL DEFAULT 0,
    similarity  TEXT NOT NULL DEFAULT '',
    rank        INTEGER NOT NULL DEFAULT 0,
    outcome     TEXT NOT NULL DEFAULT '',
    reasons     TEXT NOT NULL DEFAULT '',
    concluded_at TIMESTAMPTZ,
    PRIMARY KEY (council_id, proposal_id)
);

CREATE TABLE council_declarations (
    council_id  TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    expert_id   TEXT NOT NULL REFERENCES experts (id),
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    conflict    BOOLEAN NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    attested_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (council_id, expert_id, proposal_id)
);

CREATE TABLE council_sheets (
    id             TEXT PRIMARY KEY,
    council_id     TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    expert_id      TEXT NOT NULL REFERENCES experts (id),
    proposal_id    TEXT NOT NULL REFERENCES proposals (id),
    state          TEXT NOT NULL DEFAULT 'draft',
    marks          TEXT NOT NULL DEFAULT '{}',
    recommendation TEXT NOT NULL DEFAULT '',
    change_title   TEXT NOT NULL DEFAULT '',
    change_objectives TEXT NOT NULL DEFAULT '',
    change_results TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMPTZ,
    reopened_by    TEXT REFERENCES users (id),
    reopen_reason  TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (council_id, expert_id, proposal_id)
);
CREATE INDEX council_sheets_proposal ON council_sheets (proposal_id);

CREATE TABLE council_ballots (
    council_id  TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    expert_id   TEXT NOT NULL REFERENCES experts (id),
    choice      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    objectives  TEXT NOT NULL DEFAULT '',
    products    TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL DEFAULT '',
    reasons     TEXT NOT NULL DEFAULT '',
    dissent     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (council_id, proposal_id, expert_id)
);

CREATE TABLE budget_appraisals (
    id          TEXT PRIMARY KEY,
    council_id  TEXT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL UNIQUE REFERENCES proposals (id),
    team        TEXT NOT NULL DEFAULT '[]',
    lines       TEXT NOT NULL DEFAULT '[]',
    proposed    BIGINT NOT NULL DEFAULT 0,
    appraised   BIGINT NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TIMESTAMPTZ NOT NULL
);
