-- Uploaded files live in the database, so every app server sees them and a
-- backup holds everything. Each file belongs to one object (owner_type,
-- owner_id); the owner's area decides who may read it.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    owner_type   TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  TEXT REFERENCES users (id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX files_owner ON files (owner_type, owner_id);

-- In-app notifications; the message is a catalogue key with arguments, so
-- each reader sees it in their own language. email_state is for the outbox.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    msg_key     TEXT NOT NULL,
    msg_args    TEXT NOT NULL DEFAULT '[]',
    link        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    read_at     TIMESTAMPTZ,
    email_state TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_email ON notifications (email_state, created_at);

-- Keys of one-off events (a reminder sent, a digest built) so that when
-- several servers run the same job, only the first one acts.
CREATE TABLE once_keys (
    key        TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);
