-- Follow-ups: working sessions and their conclusions, recommendations from
-- units with their timeline, action items with progress updates, training
-- and communication events, and links between objects of any area.
CREATE TABLE meetings (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    title_fold       TEXT NOT NULL,
    date             DATE NOT NULL,
    place            TEXT NOT NULL,
    chair            TEXT NOT NULL,
    organiser_id     TEXT NOT NULL REFERENCES org_units (id),
    purpose          TEXT NOT NULL,
    concerns_type    TEXT NOT NULL DEFAULT '',
    concerns_id      TEXT NOT NULL DEFAULT '',
    concerns_label   TEXT NOT NULL DEFAULT '',
    agenda           TEXT NOT NULL DEFAULT '',
    minutes          TEXT NOT NULL DEFAULT '',
    people           TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'open',
    notice_number    TEXT NOT NULL DEFAULT '',
    notice_date      DATE,
    notice_authority TEXT NOT NULL DEFAULT '',
    notice_title     TEXT NOT NULL DEFAULT '',
    notice_signer    TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       TEXT REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    closed_at        TIMESTAMPTZ
);
CREATE INDEX meetings_date ON meetings (date);

CREATE TABLE meeting_units (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    unit_id    TEXT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (meeting_id, unit_id)
);
CREATE INDEX meeting_units_unit ON meeting_units (unit_id);

CREATE TABLE meeting_conclusions (
    id         TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX meeting_conclusions_meeting ON meeting_conclusions (meeting_id, seq);

-- Categories are data, not code: the Sở adds, renames and retires them.
CREATE TABLE recommendation_categories (
    id         TEXT PRIMARY KEY,
    name_vi    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE recommendations (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL REFERENCES org_units (id),
    category_id   TEXT NOT NULL REFERENCES recommendation_categories (id),
    title         TEXT NOT NULL,
    title_fold    TEXT NOT NULL,
    description   TEXT NOT NULL,
    beneficiaries TEXT NOT NULL DEFAULT '',
    desired_by    DATE,
    source_type   TEXT NOT NULL DEFAULT '',
    source_id     TEXT NOT NULL DEFAULT '',
    source_label  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    division_id   TEXT REFERENCES org_units (id),
    assignee_id   TEXT REFERENCES users (id),
    answer_due    DATE,
    answer        TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX recommendations_unit ON recommendations (unit_id);
CREATE INDEX recommendations_status ON recommendations (status, answer_due);
CREATE INDEX recommendations_assignee ON recommendations (assignee_id);
CREATE INDEX recommendations_source ON recommendations (source_type, source_id);

CREATE TABLE recommendation_events (
    id                TEXT PRIMARY KEY,
    recommendation_id TEXT NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
    at                TIMESTAMPTZ NOT NULL,
    status            TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    actor_id          TEXT REFERENCES users (id),
    actor_name        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recommendation_events_rec ON recommendation_events (recommendation_id, at);

-- Overdue is not a column: it follows from due and status when read.
CREATE TABLE action_items (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    title_fold       TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    owner_unit_id    TEXT NOT NULL REFERENCES org_units (id),
    owner_user_id    TEXT REFERENCES users (id),
    assigner_unit_id TEXT NOT NULL REFERENCES org_units (id),
    assigner_name    TEXT NOT NULL DEFAULT '',
    due              DATE NOT NULL,
    status           TEXT NOT NULL,
    source_type      TEXT NOT NULL,
    source_id        TEXT NOT NULL DEFAULT '',
    source_label     TEXT NOT NULL DEFAULT '',
    source_item_id   TEXT NOT NULL DEFAULT '',
    done_on          DATE,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       TEXT REFERENCES users (id),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_owner ON action_items (owner_unit_id, status);
CREATE INDEX action_items_due ON action_items (status, due);
CREATE INDEX action_items_source ON action_items (source_type, source_id);

CREATE TABLE action_progress (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL,
    actor_id    TEXT REFERENCES users (id),
    actor_name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_progress_item ON action_progress (item_id, at);

CREATE TABLE trainings (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    date         DATE NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES org_units (id),
    topic        TEXT NOT NULL,
    topic_fold   TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    participants INTEGER NOT NULL DEFAULT 0,
    notes        TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   TEXT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX trainings_unit ON trainings (unit_id, date);
CREATE INDEX trainings_date ON trainings (kind, status, date);

-- A link between two objects of any areas (a recommendation converted into an
-- action item, a training event answering a recommendation). Read from both
-- ends, so the link is kept both ways.
CREATE TABLE followup_links (
    from_type  TEXT NOT NULL,
    from_id    TEXT NOT NULL,
    to_type    TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (from_type, from_id, to_type, to_id)
);
CREATE INDEX followup_links_to ON followup_links (to_type, to_id);
