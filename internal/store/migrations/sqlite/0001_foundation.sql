-- Org units: a versioned hierarchy. A unit's parent never changes during its
-- life; reorganisations end units (valid_to) and start new ones, linked by
-- org_unit_successors.
CREATE TABLE org_units (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_fold   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    type        TEXT NOT NULL,
    parent_id   TEXT REFERENCES org_units (id),
    path        TEXT NOT NULL,
    depth       INTEGER NOT NULL,
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    legal_basis TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (kind, code, valid_from)
);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_path ON org_units (path);
CREATE INDEX org_units_fold ON org_units (name_fold);

CREATE TABLE org_unit_successors (
    from_id     TEXT NOT NULL REFERENCES org_units (id),
    to_id       TEXT NOT NULL REFERENCES org_units (id),
    share       TEXT NOT NULL CHECK (share IN ('whole', 'part')),
    effective   DATE NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX org_unit_successors_to ON org_unit_successors (to_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES org_units (id),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    lang          TEXT NOT NULL DEFAULT 'vi',
    digest        TEXT NOT NULL DEFAULT 'immediate',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

-- Sessions live in the database so any app server can serve any request and
-- a restart keeps everyone logged in. Only a hash of the token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

-- The audit log is append-only: the product has no statement that updates or
-- deletes it (a test checks the store's SQL).
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT,
    actor_login TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    unit_id     TEXT,
    before_json TEXT,
    after_json  TEXT,
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
