-- Inspections (kiểm tra) of a unit's implementation of a programme, their
-- findings by area, and conclusions kept as a minimal follow-up list (owner
-- unit, due date, status) that the follow-ups area can convert into action
-- items (action_item_id records that link).
CREATE TABLE inspections (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    period_id    TEXT REFERENCES periods (id),
    unit_id      TEXT NOT NULL REFERENCES org_units (id),
    unit_path    TEXT NOT NULL,
    inspected_on DATE NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    team         TEXT NOT NULL DEFAULT '',
    lead_name    TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    conclusion   TEXT NOT NULL DEFAULT '',
    minutes_no   TEXT NOT NULL DEFAULT '',
    notice_no    TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_by   TEXT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspections_unit ON inspections (unit_id, inspected_on);
CREATE INDEX inspections_programme ON inspections (programme_id, inspected_on);

CREATE TABLE inspection_findings (
    id            TEXT PRIMARY KEY,
    inspection_id TEXT NOT NULL REFERENCES inspections (id),
    area          TEXT NOT NULL,
    finding       TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id, position);

CREATE TABLE inspection_conclusions (
    id             TEXT PRIMARY KEY,
    inspection_id  TEXT NOT NULL REFERENCES inspections (id),
    text           TEXT NOT NULL,
    owner_unit_id  TEXT NOT NULL REFERENCES org_units (id),
    due            DATE,
    status         TEXT NOT NULL,
    action_item_id TEXT,
    position       INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspection_conclusions_inspection ON inspection_conclusions (inspection_id, position);
CREATE INDEX inspection_conclusions_owner ON inspection_conclusions (owner_unit_id, status);
