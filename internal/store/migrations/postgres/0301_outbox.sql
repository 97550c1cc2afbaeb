-- Email outbox. A row is one email to one user: a single notice, a group of
-- notices, or a daily digest. Servers claim rows by setting claimed_by and
-- claimed_until in one UPDATE, so each row is sent by one server only, and a
-- row is never deleted before it is sent: an SMTP outage only delays it.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,
    user_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    to_addr       TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'vi',
    kind          TEXT NOT NULL,
    items         TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       TIMESTAMPTZ NOT NULL,
    claimed_by    TEXT,
    claimed_until TIMESTAMPTZ,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    sent_at       TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (state, next_at);
CREATE INDEX outbox_user ON outbox (user_id, created_at);

-- When reminders go out, per source of due dates (recommendation answers,
-- action items, report deadlines…); missing rows use the source's defaults.
CREATE TABLE reminder_settings (
    source        TEXT PRIMARY KEY,
    before_days   INTEGER NOT NULL,
    escalate_days INTEGER NOT NULL,
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TIMESTAMPTZ NOT NULL
);
