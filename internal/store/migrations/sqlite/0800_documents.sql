-- Official documents: each issuing unit's settings (its symbol and signer)
-- and its register of issued documents (sổ đăng ký văn bản), numbered from 01
-- each year. A document kind is issued once per subject (a call's summary, a
-- period's consolidated report); its number, date and signer stay as issued.
CREATE TABLE doc_issuers (
    unit_id     TEXT PRIMARY KEY,
    symbol      TEXT NOT NULL,
    parent_body TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    authority   TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    signer      TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TIMESTAMP NOT NULL
);

-- The last number given per unit and year: one row, incremented by one
-- statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so two documents
-- issued at once never share a number on either engine.
CREATE TABLE doc_counters (
    unit_id TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE doc_register (
    id          TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    doc_date    DATE NOT NULL,
    authority   TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    signer      TEXT NOT NULL DEFAULT '',
    issued_by   TEXT NOT NULL,
    issued_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX doc_register_seq ON doc_register (unit_id, year, seq);
CREATE UNIQUE INDEX doc_register_subject ON doc_register (kind, subject_id);
