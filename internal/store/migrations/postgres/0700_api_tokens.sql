-- Personal access tokens and service-account tokens for the JSON API
-- (/api). Only a SHA-256 hash of the secret is stored; prefix is the first
-- characters of the secret, shown in lists so a person can tell tokens apart.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    can_write    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Service accounts are users an administrator makes for an integration:
-- a role and a unit scope like anyone, no password (they use tokens only).
CREATE TABLE service_accounts (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
